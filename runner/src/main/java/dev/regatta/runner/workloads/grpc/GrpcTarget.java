package dev.regatta.runner.workloads.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.regatta.api.v1alpha1.DescriptorSetSource;
import dev.regatta.api.v1alpha1.GrpcWorkload;
import dev.regatta.protocol.Protocol;
import dev.regatta.runner.transport.Tls;
import dev.regatta.runner.workload.CallbackConnection;
import dev.regatta.runner.workload.CallbackWorkload;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.runner.workload.SecretEnv;
import dev.regatta.runner.workload.TargetUnreachableException;
import dev.regatta.units.Durations;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The grpc workload: unary calls to one method over grpc-java (Netty). Prepare finds the method's types
 * (server reflection, or the descriptor set), encodes the JSON request once and makes one unmeasured call;
 * the engine's event loops then start calls and receive their completions ({@link GrpcConnection}), in the
 * closed and the open model alike. {@code channels} HTTP/2 connections carry the calls, slot i on channel
 * i mod channels; their I/O runs on a Netty event loop group as small as the engine's loops.
 */
public final class GrpcTarget implements CallbackWorkload {
  private final GrpcWorkload spec;
  private final RunContext ctx;
  private final String target;
  private final String service;
  private final String methodName;
  private final Duration deadline;
  private final Metadata metadata = new Metadata();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private NioEventLoopGroup io;
  private MethodDescriptor<byte[], Long> method;
  private byte[] request;
  private int next;

  public GrpcTarget(GrpcWorkload spec, RunContext ctx) {
    this.spec = spec;
    this.ctx = ctx;
    this.target = spec.getTarget();
    if (target == null || !target.matches(GrpcWorkload.TARGET)) {
      throw new IllegalArgumentException("grpc: target " + target + " must be host:port");
    }
    if (spec.getMethod() == null || !spec.getMethod().matches(GrpcWorkload.METHOD)) {
      throw new IllegalArgumentException("grpc: method " + spec.getMethod() + " must be package.Service/Method");
    }
    int slash = spec.getMethod().indexOf('/');
    this.service = spec.getMethod().substring(0, slash);
    this.methodName = spec.getMethod().substring(slash + 1);
    this.deadline = spec.getDeadline() != null ? Durations.parse(spec.getDeadline()) : ctx.timeout();
    if (spec.getMetadata() != null) {
      spec.getMetadata().forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    }
  }

  /** Opens the channels, finds the method, encodes the request, and checks that one call gets through. */
  @Override
  public void prepare() throws Exception {
    int n = spec.getChannels() == null ? 1 : spec.getChannels();
    io = new NioEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
        new io.netty.util.concurrent.DefaultThreadFactory("regatta-grpc", true));
    ChannelCredentials credentials = credentials();
    int colon = target.lastIndexOf(':');
    String host = target.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(target.substring(colon + 1));
    for (int i = 0; i < n; i++) {
      channels.add(NettyChannelBuilder.forAddress(host, port, credentials).eventLoopGroup(io)
          .channelType(NioSocketChannel.class).directExecutor().userAgent("regatta-runner")
          .maxInboundMessageSize(Integer.MAX_VALUE).build());
    }
    MethodTypes types = types();
    method = ByteMarshallers.unary(MethodDescriptor.generateFullMethodName(service, methodName));
    request = encode(types);
    check();
  }

  private ChannelCredentials credentials() {
    if (!Boolean.TRUE.equals(spec.getTls())) {
      return InsecureChannelCredentials.create();
    }
    String pem = ctx.caPem(spec.getCaSecret());
    return TlsChannelCredentials.newBuilder()
        .trustManager(Tls.trustManagers(Boolean.TRUE.equals(spec.getInsecure()), pem)).build();
  }

  /** The method's types: from the descriptor set when there is one, else from server reflection. */
  private MethodTypes types() throws TargetUnreachableException {
    byte[] set = descriptorSet();
    if (set != null) {
      String source = descriptorSetName();
      Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
      for (FileDescriptorProto f : MethodTypes.parseSet(set, source)) {
        files.put(f.getName(), f);
      }
      return MethodTypes.find(files, service, methodName, source);
    }
    // the first call also waits for the connection: it gets the calls' deadline when that is the longer
    ReflectionClient reflection = new ReflectionClient(channels.get(0),
        Math.max(deadline.toMillis(), ctx.timeout().toMillis()));
    String source = "the server reflection of " + target;
    try {
      Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
      List<FileDescriptorProto> pending = new ArrayList<>(reflection.fileContainingSymbol(service));
      // fetch the imports the server did not send along, a bounded number of times
      for (int round = 0; !pending.isEmpty() && round < 1000; round++) {
        FileDescriptorProto f = pending.remove(0);
        if (files.putIfAbsent(f.getName(), f) != null) {
          continue;
        }
        for (String dep : f.getDependencyList()) {
          if (!files.containsKey(dep) && !MethodTypes.isWellKnown(dep)
              && pending.stream().noneMatch(p -> p.getName().equals(dep))) {
            pending.addAll(reflection.fileByName(dep));
          }
        }
      }
      return MethodTypes.find(files, service, methodName, source);
    } catch (ReflectionClient.ReflectionError e) {
      if (e.code == Status.Code.NOT_FOUND.value()) {
        String has;
        try {
          has = " (it has " + String.join(", ", reflection.services()) + ")";
        } catch (Exception listing) {
          has = "";
        }
        throw new IllegalArgumentException("grpc: service " + service + " is not on " + target + has);
      }
      throw new IllegalArgumentException("grpc: server reflection of " + target + " refused: " + e.getMessage());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        throw new IllegalArgumentException("grpc: " + target + " has no server reflection service: give the "
            + "method's types as a descriptor set (descriptorSet; CLI --protoset FILE)");
      }
      throw unreachable(e);
    }
  }

  private byte[] descriptorSet() {
    if (ctx.descriptorSetFile() != null) {
      try {
        return Files.readAllBytes(ctx.descriptorSetFile());
      } catch (IOException e) {
        throw new IllegalArgumentException("grpc: cannot read descriptor set " + ctx.descriptorSetFile() + ": "
            + e.getMessage(), e);
      }
    }
    DescriptorSetSource d = spec.getDescriptorSet();
    if (d == null) {
      return null;
    }
    if (d.getSecretKeyRef() != null) {
      return SecretEnv.get(d.getSecretKeyRef().getName(), d.getSecretKeyRef().getKey())
          .getBytes(StandardCharsets.ISO_8859_1);
    }
    String var = Protocol.configMapEnvName(d.getConfigMapKeyRef().getName(), d.getConfigMapKeyRef().getKey());
    String v = System.getenv(var);
    if (v == null) {
      throw new IllegalStateException("configmap " + d.getConfigMapKeyRef().getName() + "/"
          + d.getConfigMapKeyRef().getKey() + " is not available: expected environment variable " + var
          + " (set by the operator from the ConfigMap)");
    }
    return v.getBytes(StandardCharsets.ISO_8859_1);
  }

  private String descriptorSetName() {
    if (ctx.descriptorSetFile() != null) {
      return "descriptor set " + ctx.descriptorSetFile();
    }
    DescriptorSetSource d = spec.getDescriptorSet();
    return d.getSecretKeyRef() != null
        ? "descriptor set secret " + d.getSecretKeyRef().getName() + "/" + d.getSecretKeyRef().getKey()
        : "descriptor set configmap " + d.getConfigMapKeyRef().getName() + "/" + d.getConfigMapKeyRef().getKey();
  }

  /** The request message from the spec's JSON, encoded once. */
  private byte[] encode(MethodTypes types) {
    String json = spec.getData() == null || spec.getData().isBlank() ? "{}" : spec.getData();
    DynamicMessage.Builder b = DynamicMessage.newBuilder(types.method().getInputType());
    try {
      JsonFormat.parser().usingTypeRegistry(types.registry()).merge(json, b);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new IllegalArgumentException("grpc: data does not fit " + types.method().getInputType().getFullName()
          + ": " + String.valueOf(e.getMessage()).replace('\n', ' '), e);
    }
    return b.build().toByteArray();
  }

  /**
   * One unmeasured call: a target that cannot be reached, or that does not implement the method, stops the
   * run here; any other status is a result the window will count.
   */
  private void check() throws TargetUnreachableException {
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], Long> call = channels.get(0).newCall(method,
        CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS));
    Metadata headers = new Metadata();
    headers.merge(metadata);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, headers);
    call.request(1);
    call.sendMessage(request);
    call.halfClose();
    Status status;
    try {
      status = closed.get(deadline.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      call.cancel("prepare", e);
      throw new TargetUnreachableException("grpc " + target, e);
    }
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      throw unreachable(status.asRuntimeException());
    }
    if (status.getCode() == Status.Code.UNIMPLEMENTED) {
      throw new IllegalArgumentException("grpc: " + target + " does not implement " + spec.getMethod()
          + " (UNIMPLEMENTED" + (status.getDescription() != null ? ": " + status.getDescription() : "") + ")");
    }
  }

  private TargetUnreachableException unreachable(StatusRuntimeException e) {
    return new TargetUnreachableException("grpc " + target, e.getCause() != null ? e.getCause() : e);
  }

  @Override
  public CallbackConnection connectCallback() {
    ManagedChannel channel = channels.get(next++ % channels.size());
    return new GrpcConnection(channel, method, request, metadata, deadline.toNanos());
  }

  @Override
  public Duration operationTimeout() {
    return deadline;
  }

  @Override
  public String clientNote() {
    return "grpc-java (" + channels.size() + " HTTP/2 connection" + (channels.size() == 1 ? "" : "s") + ", "
        + (Boolean.TRUE.equals(spec.getTls()) ? "TLS" : "plaintext") + ")";
  }

  @Override
  public void close() {
    for (ManagedChannel c : channels) {
      c.shutdownNow();
    }
    for (ManagedChannel c : channels) {
      try {
        c.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (io != null) {
      io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
