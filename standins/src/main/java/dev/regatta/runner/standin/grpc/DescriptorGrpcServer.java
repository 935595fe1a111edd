package dev.regatta.runner.standin.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real grpc-java server on loopback whose services are built at run time from protobuf descriptors: no
 * protoc and no generated code, so a stand-in or a test writes its .proto as descriptors in Java and serves it.
 * Every method of a served service is registered, so reflection and the server agree: a method given a handler
 * answers through it, any other (streaming ones included) with UNIMPLEMENTED. Server reflection (v1 and
 * v1alpha) is on or off, transport plaintext (h2c) or TLS. The I/O and the handlers run on {@code threads}
 * Netty event loops: a handler must not block; {@link #later} answers after a service time without a thread
 * per call.
 */
public final class DescriptorGrpcServer implements AutoCloseable {
  /** One unary call; answer through {@code reply}, now or {@link #later}. */
  @FunctionalInterface
  public interface UnaryHandler {
    void call(DynamicMessage request, Metadata headers, StreamObserver<DynamicMessage> reply);
  }

  private final Server server;
  private final NioEventLoopGroup loops;

  private DescriptorGrpcServer(Builder b) throws IOException {
    loops = new NioEventLoopGroup(b.threads, new DefaultThreadFactory("grpc-standin", true));
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", b.port);
    NettyServerBuilder nb = b.tls == null ? NettyServerBuilder.forAddress(address)
        : NettyServerBuilder.forAddress(address, b.tls);
    nb.bossEventLoopGroup(loops).workerEventLoopGroup(loops).channelType(NioServerSocketChannel.class).directExecutor();
    for (Descriptors.ServiceDescriptor s : b.services.values()) {
      nb.addService(definition(s, b.handlers));
    }
    if (b.reflection) {
      nb.addService(ProtoReflectionServiceV1.newInstance());
    }
    try {
      server = nb.build().start();
    } catch (IOException | RuntimeException e) {
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public int port() {
    return server.getPort();
  }

  /** host:port, as the grpc workload's {@code target} takes it. */
  public String target() {
    return "127.0.0.1:" + port();
  }

  /** Runs {@code answer} after {@code delay} on one of the server's event loops (at once when zero). */
  public void later(Duration delay, Runnable answer) {
    if (delay.isZero() || delay.isNegative()) {
      answer.run();
    } else {
      loops.schedule(answer, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Blocks until the server is shut down (a stand-in's main). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  private static ServerServiceDefinition definition(Descriptors.ServiceDescriptor service,
      Map<String, UnaryHandler> handlers) {
    ProtoFileDescriptorSupplier schema = service::getFile;
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(service.getFullName()).setSchemaDescriptor(schema);
    Map<MethodDescriptor<DynamicMessage, DynamicMessage>, ServerCallHandler<DynamicMessage, DynamicMessage>> methods =
        new LinkedHashMap<>();
    for (Descriptors.MethodDescriptor m : service.getMethods()) {
      MethodDescriptor<DynamicMessage, DynamicMessage> method = method(m);
      descriptor.addMethod(method);
      UnaryHandler h = handlers.get(method.getFullMethodName());
      methods.put(method, h != null ? unary(h) : unimplemented());
    }
    ServerServiceDefinition.Builder def = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(def::addMethod);
    return def.build();
  }

  private static ServerCallHandler<DynamicMessage, DynamicMessage> unary(UnaryHandler h) {
    // the headers go to the handler with the request: built per call, as the call's headers are
    return (call, headers) -> ServerCalls.<DynamicMessage, DynamicMessage>asyncUnaryCall(
        (request, reply) -> h.call(request, headers, reply)).startCall(call, headers);
  }

  private static ServerCallHandler<DynamicMessage, DynamicMessage> unimplemented() {
    return (call, headers) -> {
      call.close(Status.UNIMPLEMENTED.withDescription("method " + call.getMethodDescriptor().getFullMethodName()
          + " is not implemented by this server"), new Metadata());
      return new ServerCall.Listener<>() {};
    };
  }

  /** The grpc-java method of a descriptor's method, its messages as DynamicMessage. */
  static MethodDescriptor<DynamicMessage, DynamicMessage> method(Descriptors.MethodDescriptor m) {
    MethodDescriptor.MethodType type = m.isClientStreaming()
        ? (m.isServerStreaming() ? MethodDescriptor.MethodType.BIDI_STREAMING : MethodDescriptor.MethodType.CLIENT_STREAMING)
        : (m.isServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING : MethodDescriptor.MethodType.UNARY);
    return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(m.getService().getFullName(), m.getName()))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getInputType())))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(m.getOutputType())))
        .build();
  }

  /** What to serve and how. */
  public static final class Builder {
    private final Map<String, Descriptors.ServiceDescriptor> services = new LinkedHashMap<>();
    private final Map<String, UnaryHandler> handlers = new LinkedHashMap<>();
    private boolean reflection = true;
    private ServerCredentials tls;
    private int threads = 1;
    private int port;

    private Builder() {}

    /** Serves every method of {@code service}; those without a handler answer UNIMPLEMENTED. */
    public Builder service(Descriptors.ServiceDescriptor service) {
      services.putIfAbsent(service.getFullName(), service);
      return this;
    }

    /** Answers the unary {@code method} with {@code handler} (and serves its service). */
    public Builder unary(Descriptors.MethodDescriptor method, UnaryHandler handler) {
      if (method.isClientStreaming() || method.isServerStreaming()) {
        throw new IllegalArgumentException(method.getFullName() + " is a streaming method, not unary");
      }
      service(method.getService());
      handlers.put(MethodDescriptor.generateFullMethodName(method.getService().getFullName(), method.getName()), handler);
      return this;
    }

    /** Server reflection on (the default) or off (a client then needs a descriptor set). */
    public Builder reflection(boolean on) {
      this.reflection = on;
      return this;
    }

    /** TLS with this PEM certificate and key; plaintext (h2c) without. */
    public Builder tls(Path certPem, Path keyPem) throws IOException {
      this.tls = TlsServerCredentials.create(certPem.toFile(), keyPem.toFile());
      return this;
    }

    /** Netty event loops for I/O and handlers; default 1. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** The loopback port; default 0, a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public DescriptorGrpcServer start() throws IOException {
      return new DescriptorGrpcServer(this);
    }
  }
}
