package dev.regatta.runner.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 target in the JVM, on loopback, for tests and local mode: keep-alive, a fixed body of a
 * configurable size, a fixed delay before every response, and optionally one stall: when request number
 * {@code stallAfterRequests} arrives, no response leaves the server for {@code stallFor} (every request that
 * arrives meanwhile waits until the stall ends). Counting requests rather than time makes the stall land in
 * the measured window however long the client took to start.
 * Path {@code /status/NNN} answers with that status. A thread per connection keeps it simple and fast
 * enough for tests with up to a few hundred connections.
 */
public final class HttpStandin implements AutoCloseable {
  private final ServerSocket server;
  private final byte[] body;
  private final long delayNanos;
  private final long stallAfterRequests;
  private final long stallNanos;
  private volatile long stallEnd = Long.MIN_VALUE;
  private volatile boolean stalled;
  private volatile long stallFromMillis = Long.MAX_VALUE;
  private volatile long stallUntilMillis = Long.MIN_VALUE;
  private final AtomicLong arrivals = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private HttpStandin(int bodySize, Duration delay, long stallAfterRequests, Duration stallFor) throws IOException {
    this(bodySize, delay, stallAfterRequests, stallFor, null);
  }

  private HttpStandin(int bodySize, Duration delay, long stallAfterRequests, Duration stallFor,
      javax.net.ssl.SSLContext tls) throws IOException {
    this.body = new byte[bodySize];
    Arrays.fill(body, (byte) 'r');
    this.delayNanos = delay.toNanos();
    this.stallAfterRequests = stallFor.isZero() ? -1 : stallAfterRequests;
    this.stallNanos = stallFor.toNanos();
    this.server = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
    this.acceptor = new Thread(this::acceptLoop, "http-standin-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static HttpStandin start(int bodySize) throws IOException {
    return new HttpStandin(bodySize, Duration.ZERO, -1, Duration.ZERO);
  }

  public static HttpStandin withDelay(int bodySize, Duration delay) throws IOException {
    return new HttpStandin(bodySize, delay, -1, Duration.ZERO);
  }

  /** Responds at once except for one stall of {@code stallFor} that begins when request number {@code afterRequests} arrives. */
  public static HttpStandin withStall(int bodySize, long afterRequests, Duration stallFor) throws IOException {
    return new HttpStandin(bodySize, Duration.ZERO, afterRequests, stallFor);
  }

  /** HTTPS with the key and certificate in {@code tls}. */
  public static HttpStandin withTls(int bodySize, javax.net.ssl.SSLContext tls) throws IOException {
    return new HttpStandin(bodySize, Duration.ZERO, -1, Duration.ZERO, tls);
  }

  /**
   * One stall at a chosen wall-clock time (epoch milliseconds, the clock the runners' intervals use): from
   * {@code fromMillis}, for {@code stallFor}, no response leaves the server; requests that arrive meanwhile wait
   * until it ends. For a stall at a given place in a measured window, whenever its requests began.
   */
  public void stallAt(long fromMillis, Duration stallFor) {
    stallUntilMillis = fromMillis + stallFor.toMillis();
    stallFromMillis = fromMillis;
  }

  public int port() {
    return server.getLocalPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** Requests answered so far. */
  public long requests() {
    return requests.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        open.add(s);
        Thread t = new Thread(() -> serve(s), "http-standin-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void serve(Socket s) {
    byte[] buf = new byte[16384];
    int len = 0;
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      while (!closed) {
        int end;
        while ((end = headerEnd(buf, len)) < 0) {
          if (len == buf.length) {
            return; // header too large for a test server
          }
          int n = in.read(buf, len, buf.length - len);
          if (n < 0) {
            return;
          }
          len += n;
        }
        String head = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        long contentLength = header(head, "content-length");
        boolean close = head.toLowerCase().contains("\r\nconnection: close");
        // Drop the request (headers and body) from the buffer.
        int consumed = end + 4;
        long bodyLeft = Math.max(0, contentLength);
        int inBuf = Math.min(len - consumed, (int) Math.min(bodyLeft, Integer.MAX_VALUE));
        consumed += inBuf;
        bodyLeft -= inBuf;
        System.arraycopy(buf, consumed, buf, 0, len - consumed);
        len -= consumed;
        while (bodyLeft > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, bodyLeft));
          if (n < 0) {
            return;
          }
          bodyLeft -= n;
        }
        waitBeforeResponding();
        int status = status(head);
        String headers = "HTTP/1.1 " + status + " " + (status < 400 ? "OK" : "Error") + "\r\nContent-Length: " + body.length
            + "\r\nContent-Type: application/octet-stream\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
        out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        requests.incrementAndGet();
        if (close) {
          return;
        }
      }
    } catch (SocketException e) {
      // client went away
    } catch (IOException | InterruptedException e) {
      // connection ends
    } finally {
      open.remove(s);
    }
  }

  private void waitBeforeResponding() throws InterruptedException {
    long now = System.nanoTime();
    if (arrivals.incrementAndGet() == stallAfterRequests) {
      stallEnd = now + stallNanos;
      stalled = true;
    }
    if (stalled) {
      long left = stallEnd - now;
      if (left > 0) {
        sleepNanos(left);
      }
    }
    long wall = System.currentTimeMillis();
    if (wall >= stallFromMillis && wall < stallUntilMillis) {
      Thread.sleep(stallUntilMillis - wall);
    }
    if (delayNanos > 0) {
      sleepNanos(delayNanos);
    }
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }

  private static int headerEnd(byte[] b, int len) {
    for (int i = 0; i + 3 < len; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static long header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return Long.parseLong(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  private static int status(String head) {
    int sp = head.indexOf(' ');
    String path = sp < 0 ? "/" : head.substring(sp + 1, head.indexOf(' ', sp + 1));
    if (path.startsWith("/status/") && path.length() >= 11) {
      try {
        return Integer.parseInt(path.substring(8, 11));
      } catch (NumberFormatException e) {
        return 200;
      }
    }
    return 200;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    }
  }
}
