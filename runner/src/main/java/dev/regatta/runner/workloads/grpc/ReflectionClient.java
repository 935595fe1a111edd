package dev.regatta.runner.workloads.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client side of gRPC server reflection (grpc.reflection.v1, falling back to v1alpha), with the few
 * messages it needs encoded and decoded by hand on the wire format, so the runner does not carry
 * grpc-services for it. One request per call.
 */
final class ReflectionClient {
  /** The server's answer to a request that it could not serve (e.g. NOT_FOUND for an unknown symbol). */
  static final class ReflectionError extends Exception {
    final int code;

    ReflectionError(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private static final String[] SERVICES = {"grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"};
  // ServerReflectionRequest fields
  private static final int FILE_BY_FILENAME = 3;
  private static final int FILE_CONTAINING_SYMBOL = 4;
  private static final int LIST_SERVICES = 7;
  // ServerReflectionResponse fields
  private static final int FILE_DESCRIPTOR_RESPONSE = 4;
  private static final int LIST_SERVICES_RESPONSE = 6;
  private static final int ERROR_RESPONSE = 7;

  private final Channel channel;
  private final long timeoutMillis;
  private int version = -1;

  ReflectionClient(Channel channel, long timeoutMillis) {
    this.channel = channel;
    this.timeoutMillis = timeoutMillis;
  }

  /** The file declaring {@code symbol} (and such of its dependencies as the server sends along). */
  List<FileDescriptorProto> fileContainingSymbol(String symbol) throws ReflectionError {
    return files(call(FILE_CONTAINING_SYMBOL, symbol));
  }

  List<FileDescriptorProto> fileByName(String name) throws ReflectionError {
    return files(call(FILE_BY_FILENAME, name));
  }

  List<String> services() throws ReflectionError {
    List<String> names = new ArrayList<>();
    for (byte[] service : field(call(LIST_SERVICES, "*"), LIST_SERVICES_RESPONSE, 1)) {
      names.addAll(strings(service, 1));
    }
    return names;
  }

  private static List<FileDescriptorProto> files(byte[] response) {
    List<FileDescriptorProto> out = new ArrayList<>();
    for (byte[] file : field(response, FILE_DESCRIPTOR_RESPONSE, 1)) {
      try {
        out.add(FileDescriptorProto.parseFrom(file));
      } catch (IOException e) {
        throw new IllegalStateException("server reflection sent an unreadable file descriptor", e);
      }
    }
    return out;
  }

  /**
   * Sends one request (field {@code field} = {@code value}) and returns the response's bytes; a reflection
   * error response is a {@link ReflectionError}; a failed call a {@link StatusRuntimeException} (UNIMPLEMENTED
   * from both versions: the server has no reflection).
   */
  private byte[] call(int field, String value) throws ReflectionError {
    byte[] request = encode(field, value);
    StatusRuntimeException last = null;
    for (int v = version < 0 ? 0 : version; v < SERVICES.length; v++) {
      try {
        byte[] response = once(SERVICES[v], request);
        version = v;
        List<byte[]> errors = field(response, ERROR_RESPONSE, -1);
        if (!errors.isEmpty()) {
          byte[] e = errors.get(0);
          List<String> msg = strings(e, 2);
          throw new ReflectionError(varint(e, 1), msg.isEmpty() ? "" : msg.get(0));
        }
        return response;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED || version >= 0) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private byte[] once(String service, byte[] request) {
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "ServerReflectionInfo"))
        .setRequestMarshaller(ByteMarshallers.BYTES).setResponseMarshaller(ByteMarshallers.BYTES).build();
    ClientCall<byte[], byte[]> call = channel.newCall(method,
        CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS));
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      private byte[] first;

      @Override
      public void onMessage(byte[] message) {
        if (first == null) {
          first = message;
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        if (first != null) {
          result.complete(first);
        } else {
          result.completeExceptionally(status.asRuntimeException(trailers));
        }
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(request);
    call.halfClose();
    try {
      return result.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (StatusRuntimeException) e.getCause();
    } catch (TimeoutException e) {
      call.cancel("no reflection answer", null);
      throw Status.DEADLINE_EXCEEDED.withDescription("server reflection did not answer").asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel("interrupted", e);
      throw Status.CANCELLED.asRuntimeException();
    }
  }

  private static byte[] encode(int field, String value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeString(field, value);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The length-delimited values of {@code field} in {@code message}; with {@code inner} >= 0, the values of
   * field {@code inner} inside each of them (a repeated field of a nested message).
   */
  private static List<byte[]> field(byte[] message, int field, int inner) {
    List<byte[]> out = new ArrayList<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(message);
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag >>> 3 == field && (tag & 7) == 2) {
          byte[] value = in.readByteArray();
          if (inner < 0) {
            out.add(value);
          } else {
            out.addAll(field(value, inner, -1));
          }
        } else {
          in.skipField(tag);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("server reflection sent an unreadable answer", e);
    }
    return out;
  }

  private static List<String> strings(byte[] message, int field) {
    List<String> out = new ArrayList<>();
    for (byte[] b : field(message, field, -1)) {
      out.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }

  private static int varint(byte[] message, int field) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(message);
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag >>> 3 == field && (tag & 7) == 0) {
          return in.readInt32();
        }
        in.skipField(tag);
      }
    } catch (IOException e) {
      // fall through: no code
    }
    return 0;
  }
}
