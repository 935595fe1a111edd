package dev.regatta.runner.external;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one of the tool's output streams on its own thread, keeping at most {@code limit} bytes and counting
 * the rest: a tool that writes a gigabyte neither fills the runner's memory nor blocks on a full pipe.
 */
final class BoundedCapture implements Runnable {
  private final InputStream in;
  private final int limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private long dropped;
  private final Thread thread;

  private BoundedCapture(InputStream in, int limit, String name) {
    this.in = in;
    this.limit = limit;
    this.thread = new Thread(this, name);
    this.thread.setDaemon(true);
  }

  static BoundedCapture start(InputStream in, int limit, String name) {
    BoundedCapture c = new BoundedCapture(in, limit, name);
    c.thread.start();
    return c;
  }

  @Override
  public void run() {
    byte[] buf = new byte[64 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buf)) != -1) {
        synchronized (this) {
          int keep = (int) Math.max(0, Math.min(n, limit - kept.size()));
          kept.write(buf, 0, keep);
          dropped += n - keep;
        }
      }
    } catch (IOException e) {
      // the process is gone and its pipe closed: what was read is what there is
    }
  }

  /** Waits (bounded) until the stream has ended, after the process has. */
  void awaitEnd(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
  }

  synchronized byte[] bytes() {
    return kept.toByteArray();
  }

  /** Bytes written beyond the limit and thrown away. */
  synchronized long dropped() {
    return dropped;
  }

  /** The last non-blank line kept, at most 300 characters: what a failing tool usually says last. */
  synchronized String lastLine() {
    String text = kept.toString(StandardCharsets.UTF_8).strip();
    String last = text.substring(text.lastIndexOf('\n') + 1).strip();
    last = last.replaceAll("\\p{Cntrl}", "?");
    return last.length() <= 300 ? last : last.substring(0, 300) + "…";
  }
}
