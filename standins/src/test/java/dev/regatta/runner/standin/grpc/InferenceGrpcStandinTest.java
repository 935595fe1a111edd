package dev.regatta.runner.standin.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The model-server stand-in, called as a gRPC client would: the Open Inference Protocol's ModelInfer. */
class InferenceGrpcStandinTest {
  /** The request of examples/inference-server-load.yaml's gRPC scenario: two rows of four features. */
  static final String REQUEST = """
      {"model_name": "m", "id": "req-1", "inputs": [{"name": "input-0", "datatype": "FP32", "shape": [2, 4],
       "contents": {"fp32_contents": [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6]}}],
       "parameters": {"priority": {"int64_param": 1}}}""";

  @Test
  void modelInferWrittenAsJsonGetsOneRowOfProbabilitiesPerRowOfTheBatch() throws Exception {
    try (InferenceGrpcStandin s = InferenceGrpcStandin.start(Duration.ZERO); Client c = new Client(s.target())) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER), "blue");
      DynamicMessage reply = c.call("ModelInfer", REQUEST, headers);
      Descriptors.Descriptor res = reply.getDescriptorForType();
      assertEquals("m", reply.getField(res.findFieldByName("model_name")));
      assertEquals("req-1", reply.getField(res.findFieldByName("id")));
      String json = JsonFormat.printer().print(reply);
      assertTrue(json.contains("\"name\": \"output-0\""), json);
      assertTrue(json.contains("\"shape\": [\"2\", \"2\"]"), "a row per input row: " + json);
      assertTrue(json.replaceAll("\\s", "").contains("\"fp32Contents\":[0.1,0.9,0.1,0.9]"), json);
      assertEquals(1, s.inferences());
      assertEquals("blue", s.lastHeaders().get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER)));
      for (String health : List.of("ServerLive", "ServerReady")) {
        assertTrue(c.call(health, "{}", new Metadata()).toString().contains("true"), health);
      }
      assertTrue(c.call("ModelReady", "{\"name\": \"m\"}", new Metadata()).toString().contains("ready: true"));
    }
  }

  @Test
  void whatAModelServerRefusesIsInvalidArgumentNamingTheInput() throws Exception {
    try (InferenceGrpcStandin s = InferenceGrpcStandin.start(Duration.ZERO); Client c = new Client(s.target())) {
      assertRefused(c, "has shape [2, 4] (8 elements) but its contents hold 3",
          "{\"model_name\": \"m\", \"inputs\": [{\"name\": \"x\", \"shape\": [2, 4], \"contents\": {\"fp32_contents\": [1, 2, 3]}}]}");
      assertRefused(c, "the request has no inputs", "{\"model_name\": \"m\"}");
      assertRefused(c, "model_name is required", "{\"inputs\": [{\"name\": \"x\", \"shape\": [1]}]}");
      assertRefused(c, "input 0 has no name", "{\"model_name\": \"m\", \"inputs\": [{\"shape\": [0]}]}");
      assertRefused(c, "negative dimension", "{\"model_name\": \"m\", \"inputs\": [{\"name\": \"x\", \"shape\": [-1, 4]}]}");
      // a hostile shape claims more elements than a long holds
      assertRefused(c, "is too large", "{\"model_name\": \"m\", \"inputs\": [{\"name\": \"x\", "
          + "\"shape\": [4611686018427387904, 4]}]}");
      // tensors sent as raw bytes are not counted; a huge claimed batch is answered with at most MAX_BATCH rows
      DynamicMessage raw = c.call("ModelInfer", "{\"model_name\": \"m\", \"inputs\": [{\"name\": \"x\", "
          + "\"datatype\": \"FP32\", \"shape\": [1000000000, 1]}], \"raw_input_contents\": [\"AAAAAA==\"]}", new Metadata());
      assertTrue(JsonFormat.printer().print(raw).contains("\"" + InferenceGrpcStandin.MAX_BATCH + "\""));
      assertEquals(7, s.inferences(), "every call counted, refused or answered");
    }
  }

  @Test
  void theServiceTimeDelaysAnswersWithoutHoldingTheServersOnlyEventLoop() throws Exception {
    // answers due long after the test: while 8 of them wait, the server's one event loop still answers
    try (InferenceGrpcStandin s = InferenceGrpcStandin.start(Duration.ofMinutes(10)); Client c = new Client(s.target())) {
      List<CompletableFuture<Long>> pending = startInferences(c, 8);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (s.inferences() < 8 && System.nanoTime() < until) {
        Thread.sleep(10); // polling a condition, bounded above
      }
      assertEquals(8, s.inferences(), "the 8 inferences reached the server");
      c.call("ServerLive", "{}", new Metadata()); // within its deadline: the loop is not held by the 8
      assertTrue(pending.stream().noneMatch(CompletableFuture::isDone), "inferences answered before their service time");
    }
    // a short service time: every answer comes after it
    Duration serviceTime = Duration.ofMillis(200);
    try (InferenceGrpcStandin s = InferenceGrpcStandin.start(serviceTime); Client c = new Client(s.target())) {
      for (CompletableFuture<Long> took : startInferences(c, 8)) {
        assertTrue(took.get(60, TimeUnit.SECONDS) >= serviceTime.toNanos(), "answered after the service time");
      }
    }
  }

  /** Starts n ModelInfer calls; each future gets the nanoseconds from its start to its answer. */
  private static List<CompletableFuture<Long>> startInferences(Client c, int n) throws Exception {
    List<CompletableFuture<Long>> pending = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CompletableFuture<Long> took = new CompletableFuture<>();
      c.async("ModelInfer", REQUEST, took, System.nanoTime());
      pending.add(took);
    }
    return pending;
  }

  @Test
  void reflectionNamesTheServiceAndCanBeTurnedOff() throws Exception {
    try (InferenceGrpcStandin on = InferenceGrpcStandin.start(Duration.ZERO);
        InferenceGrpcStandin off = InferenceGrpcStandin.serve(DescriptorGrpcServer.builder().reflection(false),
            Duration.ZERO)) {
      assertTrue(services(on.target()).contains(InferenceProtocol.SERVICE), services(on.target()).toString());
      ExecutionException e = assertThrows(ExecutionException.class, () -> services(off.target()));
      assertEquals(Status.Code.UNIMPLEMENTED, Status.fromThrowable(e.getCause()).getCode());
    }
  }

  private static List<String> services(String target) throws Exception {
    ManagedChannel ch = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      CompletableFuture<List<String>> names = new CompletableFuture<>();
      StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(ch)
          .withDeadlineAfter(30, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse r) {
              names.complete(r.getListServicesResponse().getServiceList().stream().map(x -> x.getName()).toList());
            }

            @Override
            public void onError(Throwable t) {
              names.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
          });
      requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
      requests.onCompleted();
      return names.get(60, TimeUnit.SECONDS);
    } finally {
      ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static void assertRefused(Client c, String why, String json) throws Exception {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> c.call("ModelInfer", json, new Metadata()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.toString());
    assertTrue(e.getStatus().getDescription().contains(why), e.getStatus().getDescription());
    assertFalse(e.getStatus().getDescription().contains("\n"), "one line");
  }

  /** A plaintext channel calling the stand-in's methods with messages written as JSON. */
  private static final class Client implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final ManagedChannel channel;

    Client(String target) {
      channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    }

    DynamicMessage call(String method, String json, Metadata headers) throws Exception {
      return JsonCalls.call(channel, InferenceProtocol.method(method), json, headers, DEADLINE);
    }

    /** Starts a call; {@code took} gets the nanoseconds from {@code started} to its answer. */
    void async(String method, String json, CompletableFuture<Long> took, long started) throws Exception {
      JsonCalls.start(channel, InferenceProtocol.method(method), json, DEADLINE, new StreamObserver<>() {
        @Override
        public void onNext(DynamicMessage value) {}

        @Override
        public void onError(Throwable t) {
          took.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
          took.complete(System.nanoTime() - started);
        }
      });
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
