package dev.regatta.bench;

import dev.regatta.result.Histograms;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * The runner side of {@link LiveFollowBench}, in a process of its own so that the bench's process CPU is the
 * operator side's only: {@code pods} live endpoints ({@code GET /live/intervals?after=N}, docs/PROTOCOL.md) on
 * 127.0.0.1, one listening port per pod, all served by one selector thread with keep-alive as the runner's
 * LiveServer does. Each pod closes interval k of one endless window at {@code t0 + (k + 1) × interval}, its
 * histogram taken from a pool of {@link #POOL} realistic ones ({@link #histogramOf}), so the bench can compute
 * every fleet interval's exact count and percentiles by itself.
 *
 * <p>Protocol on stdin/stdout: prints {@code PORTS p0 p1 ...}, then reads {@code START t0Millis intervalMillis};
 * exits when stdin closes (the bench ended or died), so it never outlives its parent.
 */
public final class FakeRunners {
  static final int POOL = 32;
  static final int LATENCIES = 3_000;
  private static final int KEPT = 120;
  private static final int MAX_PER_ANSWER = 24;

  private final String[] pool;
  private final long[] poolCounts;
  private volatile long t0 = Long.MAX_VALUE;
  private volatile long every = 5_000;

  private FakeRunners(long seed) {
    Histogram[] h = pool(seed);
    pool = new String[h.length];
    poolCounts = new long[h.length];
    for (int i = 0; i < h.length; i++) {
      pool[i] = Histograms.encode(h[i]);
      poolCounts[i] = h[i].getTotalCount();
    }
  }

  /**
   * The pool of pods' interval histograms: {@link #LATENCIES} latencies each, log-uniform over 100 µs–100 ms (a
   * few hundred non-empty buckets over three decades, the worst case for an encoded histogram's size).
   */
  static Histogram[] pool(long seed) {
    Random rnd = new Random(seed);
    Histogram[] out = new Histogram[POOL];
    for (int i = 0; i < POOL; i++) {
      out[i] = Histograms.newHistogram();
      int n = LATENCIES - 200 + rnd.nextInt(400);
      for (int k = 0; k < n; k++) {
        Histograms.recordMicros(out[i], Math.round(100 * Math.pow(1000, rnd.nextDouble())));
      }
    }
    return out;
  }

  /** Which pool histogram pod {@code pod} serves for its interval {@code index}. */
  static int histogramOf(int pod, long index) {
    return (int) ((pod * 7L + index) % POOL);
  }

  public static void main(String[] args) throws Exception {
    int pods = Integer.parseInt(args[0]);
    long seed = Long.parseLong(args[1]);
    new FakeRunners(seed).serve(pods);
  }

  private void serve(int pods) throws IOException {
    Selector selector = Selector.open();
    StringBuilder ports = new StringBuilder("PORTS");
    for (int p = 0; p < pods; p++) {
      ServerSocketChannel s = ServerSocketChannel.open();
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      s.configureBlocking(false);
      s.register(selector, SelectionKey.OP_ACCEPT, p);
      ports.append(' ').append(s.socket().getLocalPort());
    }
    System.out.println(ports);
    System.out.flush();
    Thread control = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          String[] w = line.trim().split(" ");
          if (w.length == 3 && w[0].equals("START")) {
            every = Long.parseLong(w[2]);
            t0 = Long.parseLong(w[1]);
          }
        }
      } catch (IOException e) {
        // the parent is gone
      }
      System.exit(0);
    }, "fake-runners-control");
    control.setDaemon(true);
    control.start();
    while (true) {
      selector.select();
      for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
        SelectionKey k = it.next();
        it.remove();
        try {
          if (!k.isValid()) {
            continue;
          }
          if (k.isAcceptable()) {
            SocketChannel c = ((ServerSocketChannel) k.channel()).accept();
            if (c != null) {
              c.configureBlocking(false);
              c.register(selector, SelectionKey.OP_READ, new Conn((Integer) k.attachment()));
            }
          } else if (k.isReadable() || k.isWritable()) {
            ((Conn) k.attachment()).step(k);
          }
        } catch (IOException e) {
          k.cancel();
          k.channel().close();
        }
      }
    }
  }

  private final class Conn {
    final int pod;
    final ByteBuffer in = ByteBuffer.allocate(8192);
    ByteBuffer out;

    Conn(int pod) {
      this.pod = pod;
    }

    void step(SelectionKey k) throws IOException {
      SocketChannel c = (SocketChannel) k.channel();
      if (out != null) {
        c.write(out);
        if (out.hasRemaining()) {
          return;
        }
        out = null;
        k.interestOps(SelectionKey.OP_READ);
      }
      if (c.read(in) < 0) {
        k.cancel();
        c.close();
        return;
      }
      int end = headEnd();
      if (end < 0) {
        if (!in.hasRemaining()) {
          throw new IOException("request head too long");
        }
        return;
      }
      String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
      // the rest (a pipelined request) stays for the next step
      in.flip().position(end + 4);
      in.compact();
      out = ByteBuffer.wrap(answer(head));
      c.write(out);
      if (out.hasRemaining()) {
        k.interestOps(SelectionKey.OP_WRITE);
      } else {
        out = null;
      }
    }

    private int headEnd() {
      byte[] a = in.array();
      for (int i = 0; i + 3 < in.position(); i++) {
        if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
          return i;
        }
      }
      return -1;
    }

    private byte[] answer(String head) {
      String line = head.substring(0, head.indexOf('\r') < 0 ? head.length() : head.indexOf('\r'));
      int q = line.indexOf("?after=");
      long after = 0;
      if (q >= 0) {
        int e = line.indexOf(' ', q);
        after = Long.parseLong(line.substring(q + 7, e < 0 ? line.length() : e));
      }
      long now = System.currentTimeMillis();
      long latest = now < t0 ? 0 : (now - t0) / every;
      long oldest = Math.max(1, latest - KEPT + 1);
      StringBuilder b = new StringBuilder(16_384);
      b.append("{\"version\":1,\"instance\":\"fake-").append(pod).append("\",\"intervalMillis\":").append(every)
          .append(",\"oldest\":").append(latest == 0 ? 0 : oldest).append(",\"latest\":").append(latest)
          .append(",\"intervals\":[");
      long from = Math.max(after + 1, oldest);
      long to = Math.min(latest, from + MAX_PER_ANSWER - 1);
      for (long seq = from; seq <= to; seq++) {
        long index = seq - 1;
        int h = histogramOf(pod, index);
        long count = poolCounts[h];
        if (seq > from) {
          b.append(',');
        }
        b.append("{\"seq\":").append(seq).append(",\"index\":").append(index)
            .append(",\"scenario\":\"get\",\"params\":{\"size\":\"64\"},\"repeat\":0,\"startMillis\":")
            .append(t0 + index * every).append(",\"endMillis\":").append(t0 + seq * every)
            .append(",\"last\":false,\"count\":").append(count).append(",\"errors\":0,\"dropped\":0,\"bytes\":")
            .append(64 * count).append(",\"histogram\":\"").append(pool[h]).append("\"}");
      }
      b.append("]}");
      byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
      byte[] headers = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
      byte[] all = new byte[headers.length + body.length];
      System.arraycopy(headers, 0, all, 0, headers.length);
      System.arraycopy(body, 0, all, headers.length, body.length);
      return all;
    }
  }
}
