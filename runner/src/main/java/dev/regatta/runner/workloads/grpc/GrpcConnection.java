package dev.regatta.runner.workloads.grpc;

import dev.regatta.runner.workload.CallbackConnection;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One load slot: one unary call at a time on a shared channel (HTTP/2 carries many calls per connection).
 * The call's deadline bounds it; its status, on the channel's I/O thread, goes to the engine's loop.
 */
final class GrpcConnection implements CallbackConnection {
  private final ManagedChannel channel;
  private final MethodDescriptor<byte[], Long> method;
  private final byte[] request;
  private final Metadata metadata;
  private final long deadlineNanos;

  GrpcConnection(ManagedChannel channel, MethodDescriptor<byte[], Long> method, byte[] request, Metadata metadata,
      long deadlineNanos) {
    this.channel = channel;
    this.method = method;
    this.request = request;
    this.metadata = metadata;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public void start(Completion done) {
    ClientCall<byte[], Long> call =
        channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS));
    Metadata headers = new Metadata();
    headers.merge(metadata);
    call.start(new ClientCall.Listener<>() {
      private long bytes;

      @Override
      public void onMessage(Long size) {
        bytes += size;
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        if (status.isOk()) {
          done.completed(bytes, null);
        } else {
          done.completed(0, errorType(status));
        }
      }
    }, headers);
    call.request(1);
    call.sendMessage(request);
    call.halfClose();
  }

  /** grpc_unavailable, grpc_deadline_exceeded, grpc_invalid_argument, ...: the status code, as users read it. */
  static String errorType(Status status) {
    return "grpc_" + status.getCode().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    // the channel is the target's, shared by every slot
  }
}
