package dev.regatta.runner.standin.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Unary calls with the request written as JSON (protobuf's JSON mapping), for checking a stand-in the way a
 * gRPC client (grpcurl, the grpc workload) calls it: the tests of the stand-ins and of local mode.
 */
public final class JsonCalls {
  private JsonCalls() {}

  /** Calls {@code method} and waits for its answer (a failed call throws StatusRuntimeException). */
  public static DynamicMessage call(Channel channel, Descriptors.MethodDescriptor method, String json, Metadata headers,
      Duration deadline) throws InvalidProtocolBufferException {
    Channel withHeaders = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    return ClientCalls.blockingUnaryCall(withHeaders.newCall(DescriptorGrpcServer.method(method), options(deadline)), parse(method, json));
  }

  /** Starts a call of {@code method}; its answer goes to {@code answer}. */
  public static void start(Channel channel, Descriptors.MethodDescriptor method, String json, Duration deadline,
      StreamObserver<DynamicMessage> answer) throws InvalidProtocolBufferException {
    ClientCalls.asyncUnaryCall(channel.newCall(DescriptorGrpcServer.method(method), options(deadline)), parse(method, json), answer);
  }

  private static CallOptions options(Duration deadline) {
    return CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static DynamicMessage parse(Descriptors.MethodDescriptor method, String json)
      throws InvalidProtocolBufferException {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(method.getInputType());
    JsonFormat.parser().merge(json, b);
    return b.build();
  }
}
