package dev.regatta.runner.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TimestampProto;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real grpc-java server on loopback for the gRPC workload's tests and bench: service
 * {@code regatta.test.Echo} built from a descriptor at run time (no protoc), with server reflection on or
 * off, plaintext or TLS.
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

  private final Server server;
  private final NioEventLoopGroup group;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "grpc-test-delay");
    t.setDaemon(true);
    return t;
  });
  public final AtomicLong calls = new AtomicLong();
  public final AtomicReference<String> lastTenant = new AtomicReference<>();

  private GrpcTestServer(boolean reflection, ServerCredentials tls, int threads, int port) throws IOException {
    group = new NioEventLoopGroup(threads);
    Metadata.Key<String> tenant = Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER);
    ServerInterceptor seeMetadata = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String t = headers.get(tenant);
        if (t != null) {
          lastTenant.set(t);
        }
        return next.startCall(call, headers);
      }
    };
    NettyServerBuilder b = (tls == null ? NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        : NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), tls))
        .bossEventLoopGroup(group).workerEventLoopGroup(group).channelType(NioServerSocketChannel.class)
        .directExecutor().addService(ServerInterceptors.intercept(echo(), seeMetadata));
    if (reflection) {
      b.addService(ProtoReflectionServiceV1.newInstance());
    }
    server = b.build().start();
  }

  public static GrpcTestServer start(boolean reflection) throws IOException {
    return new GrpcTestServer(reflection, null, 1, 0);
  }

  public static GrpcTestServer tls(Path certPem, Path keyPem) throws IOException {
    return new GrpcTestServer(true, io.grpc.TlsServerCredentials.create(certPem.toFile(), keyPem.toFile()), 1, 0);
  }

  public int port() {
    return server.getPort();
  }

  public String target() {
    return "127.0.0.1:" + port();
  }

  /** Writes the Echo service's FileDescriptorSet (without google/protobuf/timestamp.proto, which is built in). */
  public static Path writeDescriptorSet(Path file, boolean base64) throws IOException {
    byte[] set = FileDescriptorSet.newBuilder().addFile(FILE.toProto()).build().toByteArray();
    Files.write(file, base64 ? java.util.Base64.getEncoder().encode(set) : set);
    return file;
  }

  private ServerServiceDefinition echo() {
    Descriptors.ServiceDescriptor svc = FILE.findServiceByName("Echo");
    Descriptors.Descriptor req = FILE.findMessageTypeByName("EchoRequest");
    Descriptors.Descriptor reply = FILE.findMessageTypeByName("EchoReply");
    MethodDescriptor<DynamicMessage, DynamicMessage> say = method(svc.findMethodByName("Say"), req, reply,
        MethodDescriptor.MethodType.UNARY);
    MethodDescriptor<DynamicMessage, DynamicMessage> watch = method(svc.findMethodByName("Watch"), req, reply,
        MethodDescriptor.MethodType.SERVER_STREAMING);
    ProtoFileDescriptorSupplier schema = () -> FILE;
    ServiceDescriptor descriptor = ServiceDescriptor.newBuilder(SERVICE).setSchemaDescriptor(schema)
        .addMethod(say).addMethod(watch).build();
    return ServerServiceDefinition.builder(descriptor)
        .addMethod(say, ServerCalls.asyncUnaryCall((DynamicMessage in, StreamObserver<DynamicMessage> out) -> {
          calls.incrementAndGet();
          String fail = (String) in.getField(req.findFieldByName("fail"));
          int size = (Integer) in.getField(req.findFieldByName("size"));
          int delay = (Integer) in.getField(req.findFieldByName("delay_ms"));
          Runnable answer = () -> {
            if (!fail.isEmpty()) {
              out.onError(Status.fromCode(Status.Code.valueOf(fail)).withDescription("asked to fail").asRuntimeException());
              return;
            }
            out.onNext(DynamicMessage.newBuilder(reply).setField(reply.findFieldByName("payload"),
                ByteString.copyFrom(new byte[size])).build());
            out.onCompleted();
          };
          if (delay > 0) {
            timer.schedule(answer, delay, TimeUnit.MILLISECONDS);
          } else {
            answer.run();
          }
        }))
        .addMethod(watch, ServerCalls.asyncServerStreamingCall((in, out) -> out.onCompleted()))
        .build();
  }

  private static MethodDescriptor<DynamicMessage, DynamicMessage> method(Descriptors.MethodDescriptor m,
      Descriptors.Descriptor req, Descriptors.Descriptor reply, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, m.getName()))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(req)))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(reply))).build();
  }

  private static FileDescriptor buildFile() {
    FieldDescriptorProto.Type str = FieldDescriptorProto.Type.TYPE_STRING;
    FieldDescriptorProto.Type i32 = FieldDescriptorProto.Type.TYPE_INT32;
    FileDescriptorProto proto = FileDescriptorProto.newBuilder().setName("regatta/test/echo.proto")
        .setPackage("regatta.test").setSyntax("proto3").addDependency("google/protobuf/timestamp.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("EchoRequest")
            .addField(field("text", 1, str)).addField(field("size", 2, i32)).addField(field("delay_ms", 3, i32))
            .addField(field("fail", 4, str))
            .addField(field("tags", 5, str).setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
            .addField(field("at", 6, FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".google.protobuf.Timestamp")))
        .addMessageType(DescriptorProto.newBuilder().setName("EchoReply")
            .addField(field("payload", 1, FieldDescriptorProto.Type.TYPE_BYTES)))
        .addService(ServiceDescriptorProto.newBuilder().setName("Echo")
            .addMethod(MethodDescriptorProto.newBuilder().setName("Say").setInputType(".regatta.test.EchoRequest")
                .setOutputType(".regatta.test.EchoReply"))
            .addMethod(MethodDescriptorProto.newBuilder().setName("Watch").setInputType(".regatta.test.EchoRequest")
                .setOutputType(".regatta.test.EchoReply").setServerStreaming(true)))
        .build();
    try {
      return FileDescriptor.buildFrom(proto, new FileDescriptor[] {TimestampProto.getDescriptor()});
    } catch (Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
  }

  /** The bench's server: {@code GrpcTestServer PORT THREADS} runs until killed, reflection on. */
  public static void main(String[] args) throws Exception {
    GrpcTestServer s = new GrpcTestServer(true, null, Integer.parseInt(args[1]), Integer.parseInt(args[0]));
    System.out.println("listening on " + s.target());
    s.server.awaitTermination();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    timer.shutdownNow();
  }
}
