package dev.regatta.runner.testing;

import static dev.regatta.runner.standin.grpc.ProtoFields.field;
import static dev.regatta.runner.standin.grpc.ProtoFields.message;
import static dev.regatta.runner.standin.grpc.ProtoFields.repeated;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TimestampProto;
import dev.regatta.runner.standin.grpc.DescriptorGrpcServer;
import dev.regatta.runner.standin.grpc.ProtoFields;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real grpc-java server on loopback for the gRPC workload's tests and bench: service
 * {@code regatta.test.Echo} built from a descriptor at run time (no protoc) and served by the stand-ins'
 * {@link DescriptorGrpcServer}, with server reflection on or off, plaintext or TLS.
 * <ul>
 *   <li>{@code Say(EchoRequest) returns (EchoReply)}: a reply whose payload is {@code size} bytes, after
 *       {@code delay_ms}; {@code fail} set to a status code name (e.g. "RESOURCE_EXHAUSTED") fails the call
 *       with it instead;
 *   <li>{@code Watch(EchoRequest) returns (stream EchoReply)}: a streaming method, which the workload refuses.
 * </ul>
 * EchoRequest also has a google.protobuf.Timestamp field, so its file imports a well-known type.
 */
public final class GrpcTestServer implements AutoCloseable {
  public static final String SERVICE = "regatta.test.Echo";
  public static final FileDescriptor FILE = buildFile();
  private static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER);

  private final DescriptorGrpcServer server;
  public final AtomicLong calls = new AtomicLong();
  public final AtomicReference<String> lastTenant = new AtomicReference<>();

  private GrpcTestServer(boolean reflection, Path certPem, Path keyPem, int threads, int port) throws IOException {
    DescriptorGrpcServer.Builder b = DescriptorGrpcServer.builder().reflection(reflection).threads(threads).port(port)
        .unary(FILE.findServiceByName("Echo").findMethodByName("Say"), this::say);
    if (certPem != null) {
      b.tls(certPem, keyPem);
    }
    server = b.start();
  }

  public static GrpcTestServer start(boolean reflection) throws IOException {
    return new GrpcTestServer(reflection, null, null, 1, 0);
  }

  public static GrpcTestServer tls(Path certPem, Path keyPem) throws IOException {
    return new GrpcTestServer(true, certPem, keyPem, 1, 0);
  }

  public int port() {
    return server.port();
  }

  public String target() {
    return server.target();
  }

  /** Writes the Echo service's FileDescriptorSet (without google/protobuf/timestamp.proto, which is built in). */
  public static Path writeDescriptorSet(Path file, boolean base64) throws IOException {
    byte[] set = FileDescriptorSet.newBuilder().addFile(FILE.toProto()).build().toByteArray();
    Files.write(file, base64 ? java.util.Base64.getEncoder().encode(set) : set);
    return file;
  }

  private void say(DynamicMessage in, Metadata headers, StreamObserver<DynamicMessage> out) {
    calls.incrementAndGet();
    String tenant = headers.get(TENANT);
    if (tenant != null) {
      lastTenant.set(tenant);
    }
    Descriptors.Descriptor req = in.getDescriptorForType();
    Descriptors.Descriptor reply = FILE.findMessageTypeByName("EchoReply");
    String fail = (String) in.getField(req.findFieldByName("fail"));
    int size = (Integer) in.getField(req.findFieldByName("size"));
    int delay = (Integer) in.getField(req.findFieldByName("delay_ms"));
    server.later(Duration.ofMillis(Math.max(0, delay)), () -> {
      if (!fail.isEmpty()) {
        out.onError(Status.fromCode(Status.Code.valueOf(fail)).withDescription("asked to fail").asRuntimeException());
        return;
      }
      out.onNext(DynamicMessage.newBuilder(reply).setField(reply.findFieldByName("payload"),
          ByteString.copyFrom(new byte[size])).build());
      out.onCompleted();
    });
  }

  private static FileDescriptor buildFile() {
    FileDescriptorProto proto = FileDescriptorProto.newBuilder().setName("regatta/test/echo.proto")
        .setPackage("regatta.test").setSyntax("proto3").addDependency("google/protobuf/timestamp.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("EchoRequest")
            .addField(field("text", 1, Type.TYPE_STRING)).addField(field("size", 2, Type.TYPE_INT32))
            .addField(field("delay_ms", 3, Type.TYPE_INT32)).addField(field("fail", 4, Type.TYPE_STRING))
            .addField(repeated("tags", 5, Type.TYPE_STRING))
            .addField(message("at", 6, ".google.protobuf.Timestamp")))
        .addMessageType(DescriptorProto.newBuilder().setName("EchoReply")
            .addField(field("payload", 1, Type.TYPE_BYTES)))
        .addService(ServiceDescriptorProto.newBuilder().setName("Echo")
            .addMethod(MethodDescriptorProto.newBuilder().setName("Say").setInputType(".regatta.test.EchoRequest")
                .setOutputType(".regatta.test.EchoReply"))
            .addMethod(MethodDescriptorProto.newBuilder().setName("Watch").setInputType(".regatta.test.EchoRequest")
                .setOutputType(".regatta.test.EchoReply").setServerStreaming(true)))
        .build();
    return ProtoFields.build(proto, TimestampProto.getDescriptor());
  }

  /** The bench's server: {@code GrpcTestServer PORT THREADS} runs until killed, reflection on. */
  public static void main(String[] args) throws Exception {
    GrpcTestServer s = new GrpcTestServer(true, null, null, Integer.parseInt(args[1]), Integer.parseInt(args[0]));
    System.out.println("listening on " + s.target());
    s.server.awaitTermination();
  }

  @Override
  public void close() {
    server.close();
  }
}
