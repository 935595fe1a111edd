package dev.regatta.runner.workloads.redis;

import dev.regatta.api.v1alpha1.RedisWorkload.Op;
import dev.regatta.runner.record.Recorder;
import dev.regatta.runner.transport.Transport;
import dev.regatta.runner.workload.PipelinedConnection;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code nio} client: GET/SET/mixed as RESP2 on a non-blocking channel (plain or TLS, after AUTH and
 * SELECT when the URL or Secret asks: {@link RespHandshake}), for both load models on the event loops, with a
 * pipelining depth. Profiling the Jedis path showed almost no time in Java code: with a
 * blocking connection per thread the cost is the kernel switching 50 threads for every reply, which is what
 * redis-benchmark avoids with one epoll loop. This connection speaks the same commands Jedis sends (same
 * keys and values, written in prepare by Jedis) from a selector.
 *
 * <p>One {@link #begin()} writes {@code pipeline} commands (encoded straight into a reused buffer, as much
 * as fits, the rest as the socket drains), then the replies are parsed as they arrive: a bulk reply is
 * skipped by its length, never decoded. Nothing is allocated per command.
 */
final class RespNioConnection implements PipelinedConnection {
  private enum State { TYPE, LENGTH, BULK, LINE }

  static final String REDIS_ERROR = "redis_error";
  private static final byte[] GET_HEAD = "*2\r\n$3\r\nGET\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SET_HEAD = "*3\r\n$3\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII);

  private final RedisTarget t;
  private final int depth;
  /** Room one command needs at most: the SET head, the longest key and the value, with their headers. */
  private final int commandBound;
  private final ByteBuffer out;
  private final ByteBuffer in;
  private final byte[] value;
  private Transport transport;
  /** Commands of the current batch not yet encoded into {@link #out}. */
  private int toEncode;
  /** Replies of the current batch parsed so far. */
  private int parsed;
  private State state;
  private long number;
  private boolean negative;
  private boolean errorLine;
  private long remaining;
  // parsed since the last drain
  private int ok;
  private int errors;
  private long okBytes;
  /** Bytes the channel moved, handed to the engine before each batch starts. */
  private final dev.regatta.runner.workload.ConnectionCounters counters =
      new dev.regatta.runner.workload.ConnectionCounters();

  RespNioConnection(RedisTarget target) throws IOException {
    this.t = target;
    this.depth = target.pipeline;
    this.value = RedisTarget.value(target.valueSize);
    int longestKey = 0;
    for (byte[] k : target.keys) {
      longestKey = Math.max(longestKey, k.length);
    }
    this.commandBound = SET_HEAD.length + (longestKey + 16) + (target.valueSize + 16);
    // the whole batch at once when it is small; at least one command; else 256 KiB at a time
    this.out = ByteBuffer.allocate((int) Math.max(commandBound, Math.min((long) depth * commandBound, 1 << 18)));
    long replies = (long) depth * (target.valueSize + 16);
    this.in = ByteBuffer.allocate((int) Math.max(4096, Math.min(1 << 16, replies)));
    open();
  }

  private void open() throws IOException {
    transport = Transport.open(t.url.host(), t.url.port(), (int) t.timeoutMillis, t.tlsSettings);
    try {
      RespHandshake.run(transport, t.user, t.password, t.url.database());
      transport.nonBlocking();
    } catch (IOException | RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  @Override
  public SocketChannel channel() {
    return transport.channel();
  }

  @Override
  public int depth() {
    return depth;
  }

  @Override
  public void begin() throws IOException {
    toEncode = depth;
    parsed = 0;
    ok = 0;
    errors = 0;
    okBytes = 0;
    state = State.TYPE;
    out.clear().flip(); // empty: flush() encodes the first commands
    flush();
  }

  /** Encodes and writes until the batch is written or the socket takes no more. */
  private void flush() throws IOException {
    while (true) {
      if (!out.hasRemaining() && toEncode > 0 && !transport.pendingWrite()) {
        out.clear();
        while (toEncode > 0 && out.remaining() >= commandBound) {
          encodeOne();
          toEncode--;
        }
        out.flip();
      }
      int before = out.position();
      transport.write(out); // writes what TLS still holds first
      counters.sent(out.position() - before); // the protocol's bytes (with TLS, before encryption)
      if (out.hasRemaining() || transport.pendingWrite() || toEncode == 0) {
        return;
      }
    }
  }

  private void encodeOne() {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    byte[] key = t.keys[rnd.nextInt(t.keySpace)];
    boolean read = t.op == Op.GET || (t.op == Op.MIXED && rnd.nextInt(100) < t.readPercent);
    if (read) {
      out.put(GET_HEAD);
      bulk(key);
    } else {
      out.put(SET_HEAD);
      bulk(key);
      bulk(value);
    }
  }

  private void bulk(byte[] b) {
    out.put((byte) '$');
    putNumber(b.length);
    out.put((byte) '\r').put((byte) '\n').put(b).put((byte) '\r').put((byte) '\n');
  }

  private void putNumber(int n) {
    if (n >= 10) {
      putNumber(n / 10);
    }
    out.put((byte) ('0' + n % 10));
  }

  @Override
  public boolean wantsWrite() {
    return out.hasRemaining() || toEncode > 0 || transport.pendingWrite();
  }

  @Override
  public void onWritable() throws IOException {
    flush();
  }

  /**
   * Parses what arrived. A bulk reply (GET) moved its length in bytes, nil 0; a status reply (+OK to a
   * SET) moved the value written; an error reply is a {@value #REDIS_ERROR}.
   */
  @Override
  public boolean onReadable() throws IOException {
    // TLS may hold decrypted bytes the socket will not signal again: read until the transport has none
    do {
      in.clear();
      int n = transport.read(in);
      if (n < 0) {
        throw new EOFException("connection closed by the server");
      }
      counters.received(n);
      in.flip();
      parse();
    } while (parsed < depth && transport.buffered());
    return parsed == depth;
  }

  private void parse() throws IOException {
    while (in.hasRemaining()) {
      if (parsed == depth) {
        throw new IOException("redis sent more replies than commands");
      }
      switch (state) {
        case TYPE -> {
          byte type = in.get();
          number = 0;
          negative = false;
          if (type == '$') {
            state = State.LENGTH;
          } else if (type == '+' || type == '-' || type == ':') {
            errorLine = type == '-';
            state = State.LINE;
          } else {
            throw new IOException("unexpected RESP reply type '" + (char) type + "'");
          }
        }
        case LENGTH -> {
          byte c = in.get();
          if (c == '-') {
            negative = true;
          } else if (c >= '0' && c <= '9') {
            number = number * 10 + (c - '0');
          } else if (c == '\n') {
            if (negative) {
              replied(0); // nil: the key does not exist
            } else {
              remaining = number + 2; // the data and its CR LF
              state = State.BULK;
            }
          }
        }
        case BULK -> {
          int take = (int) Math.min(remaining, in.remaining());
          in.position(in.position() + take);
          remaining -= take;
          if (remaining == 0) {
            replied(number);
          }
        }
        case LINE -> {
          if (in.get() == '\n') {
            if (errorLine) {
              errors++;
              parsed++;
              state = State.TYPE;
            } else {
              replied(value.length);
            }
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
  }

  private void replied(long bytes) {
    ok++;
    okBytes += bytes;
    parsed++;
    state = State.TYPE;
  }

  @Override
  public int drain(Recorder to, long micros) {
    int n = ok + errors;
    if (to != null) {
      if (ok > 0) {
        to.success(micros, okBytes, ok);
      }
      if (errors > 0) {
        to.failure(REDIS_ERROR, micros, errors);
      }
    }
    ok = 0;
    errors = 0;
    okBytes = 0;
    return n;
  }

  @Override
  public void drainStats(Recorder to) {
    counters.drainInto(to);
  }

  /** The payload bytes of the replies not drained yet (the driver records batches through {@link #drain}). */
  @Override
  public long bytes() {
    return okBytes;
  }

  @Override
  public void reset() throws IOException {
    close();
    open();
  }

  @Override
  public void close() {
    transport.close();
  }
}
