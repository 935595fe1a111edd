package dev.regatta.runner.workloads.redis;

import dev.regatta.api.v1alpha1.RedisWorkload.Op;
import dev.regatta.runner.workload.NonBlockingConnection;
import dev.regatta.runner.workload.WorkloadException;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * GET/SET/mixed as RESP2 on a non-blocking channel, for the event-loop closed model. Profiling the Jedis
 * path showed almost no time in Java code: with a blocking connection per thread the cost is the kernel
 * switching 50 threads for every reply, which is what redis-benchmark avoids with one epoll loop. This
 * connection speaks the same commands Jedis sends (same keys and values, written in prepare by Jedis) from
 * a selector, with no allocation per command.
 */
final class RespNioConnection implements NonBlockingConnection {
  private enum State { TYPE, LENGTH, BULK, LINE, LINE_END }

  private final RedisTarget t;
  private final ByteBuffer out;
  private final ByteBuffer in;
  private final byte[] value;
  private SocketChannel channel;
  private State state;
  private byte type;
  private long number;
  private boolean negative;
  private long remaining;
  private long bytes;
  private long lastBytes;
  private boolean error;

  RespNioConnection(RedisTarget target) throws IOException {
    this.t = target;
    this.value = RedisTarget.value(target.valueSize);
    this.out = ByteBuffer.allocate(64 + target.valueSize + 64);
    this.in = ByteBuffer.allocate(Math.max(4096, Math.min(1 << 16, target.valueSize + 64)));
    open();
  }

  private void open() throws IOException {
    SocketChannel ch = SocketChannel.open();
    try {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.socket().connect(new InetSocketAddress(t.url.host(), t.url.port()), (int) t.timeoutMillis);
      ch.configureBlocking(false);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    channel = ch;
  }

  @Override
  public SocketChannel channel() {
    return channel;
  }

  @Override
  public void begin() throws IOException {
    byte[] key = t.keys[ThreadLocalRandom.current().nextInt(t.keySpace)];
    boolean read = t.op == Op.GET || (t.op == Op.MIXED && ThreadLocalRandom.current().nextInt(100) < t.readPercent);
    out.clear();
    if (read) {
      out.put(GET_HEAD);
      bulk(key);
      bytes = 0;
    } else {
      out.put(SET_HEAD);
      bulk(key);
      bulk(value);
      bytes = value.length;
    }
    out.flip();
    state = State.TYPE;
    error = false;
    channel.write(out);
  }

  private static final byte[] GET_HEAD = "*2\r\n$3\r\nGET\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SET_HEAD = "*3\r\n$3\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII);

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
    return out.hasRemaining();
  }

  @Override
  public void onWritable() throws IOException {
    channel.write(out);
  }

  @Override
  public boolean onReadable() throws Exception {
    in.clear();
    int n = channel.read(in);
    if (n < 0) {
      throw new EOFException("connection closed by the server");
    }
    in.flip();
    while (in.hasRemaining()) {
      switch (state) {
        case TYPE -> {
          type = in.get();
          number = 0;
          negative = false;
          if (type == '$') {
            state = State.LENGTH;
          } else if (type == '+' || type == '-' || type == ':') {
            error = type == '-';
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
              return done(0); // nil: the key does not exist
            }
            remaining = number + 2; // the data and its CR LF
            state = State.BULK;
          }
        }
        case BULK -> {
          int take = (int) Math.min(remaining, in.remaining());
          in.position(in.position() + take);
          remaining -= take;
          if (remaining == 0) {
            return done(number);
          }
        }
        case LINE -> {
          if (in.get() == '\n') {
            if (error) {
              throw new WorkloadException("redis_error", "redis returned an error");
            }
            return done(bytes);
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return false;
  }

  private boolean done(long moved) {
    lastBytes = moved;
    return true;
  }

  @Override
  public long bytes() {
    return lastBytes;
  }

  @Override
  public void reset() throws IOException {
    close();
    open();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // broken already
    }
  }
}
