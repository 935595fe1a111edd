package dev.regatta.runner.workloads.http;

/**
 * The first {@link #LIMIT} bytes of a response body, kept for response checks that read the body (bodyContains,
 * json). One buffer per connection, grown as bodies need and reused: nothing is allocated per response once it
 * has grown. Bytes past the limit are counted, not kept.
 */
final class BodyCapture {
  static final int LIMIT = 1 << 20;

  private byte[] buf = new byte[4096];
  private int length;
  private boolean truncated;

  void reset() {
    length = 0;
    truncated = false;
  }

  void append(byte[] src, int off, int len) {
    int room = LIMIT - length;
    if (len > room) {
      truncated = true;
      len = Math.max(0, room);
    }
    if (len == 0) {
      return;
    }
    if (length + len > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.min(LIMIT, Math.max(buf.length * 2, length + len)));
    }
    System.arraycopy(src, off, buf, length, len);
    length += len;
  }

  byte[] bytes() {
    return buf;
  }

  int length() {
    return length;
  }

  /** True when the body was longer than {@link #LIMIT}: checks saw only its beginning. */
  boolean truncated() {
    return truncated;
  }
}
