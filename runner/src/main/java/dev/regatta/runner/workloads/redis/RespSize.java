package dev.regatta.runner.workloads.redis;

/**
 * Sizes of RESP frames, for counting the bytes a Jedis connection moves without reaching into its socket:
 * Jedis writes commands and reads replies exactly in this encoding, so these are the bytes on a plain
 * connection (TLS adds its record overhead on top, not counted). Arithmetic only, nothing allocated.
 */
final class RespSize {
  private RespSize() {}

  /** {@code *N\r\n} then {@code $len\r\narg\r\n} per argument, for arguments of these lengths. */
  static long command(long... argLengths) {
    long n = 1 + digits(argLengths.length) + 2;
    for (long len : argLengths) {
      n += bulk(len);
    }
    return n;
  }

  /** A bulk string of {@code len} bytes ({@code $len\r\n...\r\n}); a nil bulk ({@code $-1\r\n}) for a negative length. */
  static long bulk(long len) {
    return len < 0 ? 5 : 1 + digits(len) + 2 + len + 2;
  }

  /** {@code +OK\r\n}. */
  static final long OK = 5;

  /** Decimal digits of a non-negative number. */
  static int digits(long v) {
    int d = 1;
    while (v >= 10) {
      v /= 10;
      d++;
    }
    return d;
  }
}
