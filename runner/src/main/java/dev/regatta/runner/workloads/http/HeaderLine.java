package dev.regatta.runner.workloads.http;

import java.io.IOException;
import java.nio.ByteBuffer;

/** One response line (status, header or chunk size) collected across reads, parsed without allocating. */
final class HeaderLine {
  static final byte[] CONTENT_LENGTH = "content-length:".getBytes();
  static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes();
  static final byte[] CONNECTION = "connection:".getBytes();

  private final byte[] b = new byte[8192];
  private int len;

  void reset() {
    len = 0;
  }

  int length() {
    return len;
  }

  /** Takes bytes up to and including LF; true when the line is complete (CR LF stripped). */
  boolean feed(ByteBuffer in) {
    while (in.hasRemaining()) {
      byte c = in.get();
      if (c == '\n') {
        if (len > 0 && b[len - 1] == '\r') {
          len--;
        }
        return true;
      }
      if (len < b.length) {
        b[len++] = c;
      }
    }
    return false;
  }

  int status() throws IOException {
    if (len < 12 || b[0] != 'H' || b[4] != '/') {
      throw new IOException("not an HTTP/1.x response");
    }
    return (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
  }

  boolean isHttp10() {
    return len > 7 && b[7] == '0';
  }

  boolean startsWithIgnoreCase(byte[] lowerPrefix) {
    if (len < lowerPrefix.length) {
      return false;
    }
    for (int i = 0; i < lowerPrefix.length; i++) {
      if (lower(b[i]) != lowerPrefix[i]) {
        return false;
      }
    }
    return true;
  }

  boolean containsIgnoreCase(String lowerText) {
    outer:
    for (int i = 0; i + lowerText.length() <= len; i++) {
      for (int j = 0; j < lowerText.length(); j++) {
        if (lower(b[i + j]) != lowerText.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  long number(int from) throws IOException {
    long v = 0;
    boolean any = false;
    for (int i = from; i < len; i++) {
      byte c = b[i];
      if (c == ' ' || c == '\t') {
        if (any) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '9') {
        throw new IOException("bad Content-Length");
      }
      v = v * 10 + (c - '0');
      any = true;
    }
    return v;
  }

  long hex() {
    long size = 0;
    for (int i = 0; i < len; i++) {
      int d = Character.digit(b[i], 16);
      if (d < 0) {
        break; // chunk extensions follow
      }
      size = size * 16 + d;
    }
    return size;
  }

  private static byte lower(byte c) {
    return c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
  }
}
