package dev.regatta.runner.standin.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A model server on loopback for the grpc workload: {@code inference.GRPCInferenceService} of the Open Inference
 * Protocol ({@link InferenceProtocol}) on a real grpc-java server, server reflection on by default.
 *
 * <p>ModelInfer checks a request as a model server does, and refuses with INVALID_ARGUMENT one without a model
 * name or inputs, an input without a name, or an input whose {@code contents} do not hold as many elements as
 * its {@code shape} says (unless the tensors come as {@code raw_input_contents}). It answers after the service
 * time (default none; scheduled, not slept, so many calls wait at once) with the request's model name,
 * version and id and one output, {@code output-0}: FP32, shape [batch, 2] (batch: the first input's first
 * dimension), each row {@code [0.1, 0.9]}, shaped like a classifier's probabilities. ServerLive, ServerReady
 * and ModelReady (any model) answer true, at once.
 */
public final class InferenceGrpcStandin implements AutoCloseable {
  /** The most rows an answer holds, whatever shape a request claims. */
  static final int MAX_BATCH = 1024;

  private final DescriptorGrpcServer server;
  private final Duration serviceTime;
  private final AtomicLong inferences = new AtomicLong();
  private final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();

  private InferenceGrpcStandin(DescriptorGrpcServer.Builder server, Duration serviceTime) throws IOException {
    if (serviceTime.isNegative()) {
      throw new IllegalArgumentException("service time must not be negative: " + serviceTime);
    }
    this.serviceTime = serviceTime;
    this.server = server
        .unary(InferenceProtocol.method("ServerLive"), (req, h, out) -> reply(out, flag("ServerLiveResponse", "live")))
        .unary(InferenceProtocol.method("ServerReady"), (req, h, out) -> reply(out, flag("ServerReadyResponse", "ready")))
        .unary(InferenceProtocol.method("ModelReady"), (req, h, out) -> reply(out, flag("ModelReadyResponse", "ready")))
        .unary(InferenceProtocol.method("ModelInfer"), this::infer)
        .start();
  }

  /** On a free loopback port, one event loop, reflection on, plaintext. */
  public static InferenceGrpcStandin start(Duration serviceTime) throws IOException {
    return serve(DescriptorGrpcServer.builder(), serviceTime);
  }

  /** On the server {@code server} describes (port, event loops, reflection, TLS). */
  public static InferenceGrpcStandin serve(DescriptorGrpcServer.Builder server, Duration serviceTime)
      throws IOException {
    return new InferenceGrpcStandin(server, serviceTime);
  }

  /** host:port, as the grpc workload's {@code target} takes it. */
  public String target() {
    return server.target();
  }

  /** ModelInfer calls received so far: answered, refused, or waiting out the service time. */
  public long inferences() {
    return inferences.get();
  }

  /** The metadata of the last ModelInfer call; null before the first. */
  public Metadata lastHeaders() {
    return lastHeaders.get();
  }

  private void infer(DynamicMessage request, Metadata headers, StreamObserver<DynamicMessage> out) {
    inferences.incrementAndGet();
    lastHeaders.set(headers);
    long batch;
    try {
      batch = check(request);
    } catch (IllegalArgumentException e) {
      server.later(serviceTime, () -> out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException()));
      return;
    }
    DynamicMessage prediction = prediction(request, (int) Math.min(batch, MAX_BATCH));
    server.later(serviceTime, () -> reply(out, prediction));
  }

  /** The request's batch size; IllegalArgumentException naming what a model server would refuse. */
  static long check(DynamicMessage request) {
    Descriptors.Descriptor type = request.getDescriptorForType();
    if (((String) request.getField(type.findFieldByName("model_name"))).isEmpty()) {
      throw new IllegalArgumentException("ModelInfer: model_name is required");
    }
    List<?> inputs = (List<?>) request.getField(type.findFieldByName("inputs"));
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("ModelInfer: the request has no inputs");
    }
    boolean raw = request.getRepeatedFieldCount(type.findFieldByName("raw_input_contents")) > 0;
    long batch = 1;
    for (int i = 0; i < inputs.size(); i++) {
      DynamicMessage input = (DynamicMessage) inputs.get(i);
      Descriptors.Descriptor t = input.getDescriptorForType();
      String name = (String) input.getField(t.findFieldByName("name"));
      if (name.isEmpty()) {
        throw new IllegalArgumentException("ModelInfer: input " + i + " has no name");
      }
      List<?> shape = (List<?>) input.getField(t.findFieldByName("shape"));
      long elements = 1;
      for (Object d : shape) {
        long dim = (Long) d;
        if (dim < 0) {
          throw new IllegalArgumentException("ModelInfer: input '" + name + "' has a negative dimension in shape " + shape);
        }
        try {
          elements = Math.multiplyExact(elements, dim);
        } catch (ArithmeticException e) {
          throw new IllegalArgumentException("ModelInfer: input '" + name + "' shape " + shape + " is too large");
        }
      }
      if (!raw) {
        long held = count((DynamicMessage) input.getField(t.findFieldByName("contents")));
        if (held != elements) {
          throw new IllegalArgumentException("ModelInfer: input '" + name + "' has shape " + shape + " (" + elements
              + " elements) but its contents hold " + held);
        }
      }
      if (i == 0 && !shape.isEmpty()) {
        batch = (Long) shape.get(0);
      }
    }
    return batch;
  }

  /** Elements in a tensor's contents, over every datatype's list. */
  private static long count(DynamicMessage contents) {
    long n = 0;
    for (Descriptors.FieldDescriptor f : contents.getDescriptorForType().getFields()) {
      n += contents.getRepeatedFieldCount(f);
    }
    return n;
  }

  private static DynamicMessage prediction(DynamicMessage request, int batch) {
    Descriptors.Descriptor req = request.getDescriptorForType();
    Descriptors.Descriptor res = InferenceProtocol.type("ModelInferResponse");
    Descriptors.Descriptor output = res.findNestedTypeByName("InferOutputTensor");
    Descriptors.Descriptor contents = InferenceProtocol.type("InferTensorContents");
    List<Float> probabilities = new ArrayList<>(2 * batch);
    for (int row = 0; row < batch; row++) {
      probabilities.add(0.1f);
      probabilities.add(0.9f);
    }
    DynamicMessage tensor = DynamicMessage.newBuilder(output)
        .setField(output.findFieldByName("name"), "output-0")
        .setField(output.findFieldByName("datatype"), "FP32")
        .setField(output.findFieldByName("shape"), List.of((long) batch, 2L))
        .setField(output.findFieldByName("contents"), DynamicMessage.newBuilder(contents)
            .setField(contents.findFieldByName("fp32_contents"), probabilities).build())
        .build();
    DynamicMessage.Builder b = DynamicMessage.newBuilder(res);
    for (String echoed : List.of("model_name", "model_version", "id")) {
      b.setField(res.findFieldByName(echoed), request.getField(req.findFieldByName(echoed)));
    }
    return b.addRepeatedField(res.findFieldByName("outputs"), tensor).build();
  }

  private static DynamicMessage flag(String type, String field) {
    Descriptors.Descriptor d = InferenceProtocol.type(type);
    return DynamicMessage.newBuilder(d).setField(d.findFieldByName(field), true).build();
  }

  private static void reply(StreamObserver<DynamicMessage> out, DynamicMessage reply) {
    out.onNext(reply);
    out.onCompleted();
  }

  @Override
  public void close() {
    server.close();
  }

  /**
   * {@code InferenceGrpcStandin [PORT [THREADS [SERVICE_TIME_MS]]]}: serves until killed, reflection on; prints
   * {@code listening on 127.0.0.1:PORT}. To try the grpc workload by hand, or to measure against.
   */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Duration serviceTime = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 0);
    InferenceGrpcStandin s = serve(DescriptorGrpcServer.builder().port(port).threads(threads), serviceTime);
    System.out.println("listening on " + s.target());
    s.server.awaitTermination();
  }
}
