package dev.regatta.runner.workloads.grpc;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Messages as bytes: the request is encoded once (from JSON) and sent as it is; a response is not decoded,
 * only its size counted, as the HTTP workload counts a body without parsing it.
 */
final class ByteMarshallers {
  private ByteMarshallers() {}

  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Counts a response's bytes without keeping them. */
  static final MethodDescriptor.Marshaller<Long> SIZE = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(Long value) {
      throw new UnsupportedOperationException("responses are never sent");
    }

    @Override
    public Long parse(InputStream stream) {
      try {
        return stream.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static MethodDescriptor<byte[], Long> unary(String fullMethodName) {
    return MethodDescriptor.<byte[], Long>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullMethodName).setRequestMarshaller(BYTES).setResponseMarshaller(SIZE).build();
  }
}
