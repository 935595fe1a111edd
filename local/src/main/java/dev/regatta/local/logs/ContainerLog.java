package dev.regatta.local.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The output of one container instance, as the kubelet keeps it: one line per output line, prefixed with
 * the time it was read ({@link #TIMESTAMP}, fixed width so that times compare as strings), in
 * {@code NAME.log}, rotated to {@code NAME.log.1} when it reaches its size cap. So a chatty container uses
 * at most twice the cap on disk, and loses its oldest lines, as on a node. Readers ({@link Cursor}) follow
 * the files across rotations; {@link #ended()} says the container's output has closed.
 */
public final class ContainerLog {
  /** RFC 3339 with nanoseconds, always 30 characters. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  static final int TIMESTAMP_LENGTH = 30;
  /** Longer lines are split, as the container runtime splits them into partial lines. */
  static final int MAX_LINE_BYTES = 16 * 1024;

  private final String name;
  private final long maxFileBytes;
  private Path current;
  private Path rotated;
  private OutputStream out;
  private long size;
  private long rotatedSize;
  /** How many times the file was rotated; a cursor's position names the generation it reads. */
  private long generation;
  private boolean ended;

  /** Creates (truncates) DIR/NAME.log. */
  public ContainerLog(Path dir, String name, long maxFileBytes) {
    if (maxFileBytes < MAX_LINE_BYTES + TIMESTAMP_LENGTH + 2) {
      throw new IllegalArgumentException("a log file cap below " + (MAX_LINE_BYTES + TIMESTAMP_LENGTH + 2) + " bytes");
    }
    this.name = name;
    this.maxFileBytes = maxFileBytes;
    this.current = dir.resolve(name + ".log");
    this.rotated = dir.resolve(name + ".log.1");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(rotated);
      this.out = Files.newOutputStream(current, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log of container " + name + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public synchronized Path file() {
    return current;
  }

  /** Copies a process's output into this log until it ends, on a daemon thread; then marks the log ended. */
  public Thread pump(InputStream in, String threadName) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      byte[] line = new byte[MAX_LINE_BYTES];
      int len = 0;
      try (in) {
        int n;
        while ((n = in.read(buf)) > 0) {
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              append(line, len);
              len = 0;
            } else {
              if (len == line.length) {
                append(line, len);
                len = 0;
              }
              line[len++] = buf[i];
            }
          }
        }
      } catch (IOException e) {
        // the process is gone; what it wrote is kept
      } finally {
        if (len > 0) {
          append(line, len);
        }
        end();
      }
    }, threadName);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Appends one line (without its newline). */
  public synchronized void append(byte[] text, int len) {
    if (out == null) {
      return;
    }
    byte[] stamp = (TIMESTAMP.format(Instant.now()) + " ").getBytes(StandardCharsets.US_ASCII);
    long needed = stamp.length + (long) len + 1;
    try {
      if (size + needed > maxFileBytes) {
        rotate();
      }
      out.write(stamp);
      out.write(text, 0, len);
      out.write('\n');
      out.flush();
      size += needed;
    } catch (IOException e) {
      // a full disk must not stop the container; its output is lost, as on a node
    }
    notifyAll();
  }

  private void rotate() throws IOException {
    out.close();
    Files.move(current, rotated, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    rotatedSize = size;
    generation++;
    size = 0;
    out = Files.newOutputStream(current, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }

  /** The container's output closed: nothing more will come; followers finish. */
  public synchronized void end() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // nothing more to write anyway
      }
      out = null;
    }
    ended = true;
    notifyAll();
  }

  public synchronized boolean ended() {
    return ended;
  }

  /** Waits (bounded) until the output closed, so that a reader sees the container's last lines. */
  public synchronized boolean awaitEnd(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!ended) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /** Renames the files to NAME.previous.log(.1): the log of the previous instance of a restarted container. */
  synchronized void retire() {
    end();
    Path prev = current.resolveSibling(name + ".previous.log");
    Path prevRotated = current.resolveSibling(name + ".previous.log.1");
    try {
      Files.deleteIfExists(prevRotated);
      if (Files.exists(rotated)) {
        Files.move(rotated, prevRotated, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(current, prev, StandardCopyOption.REPLACE_EXISTING);
      current = prev;
      rotated = prevRotated;
    } catch (IOException e) {
      // the old instance's log stays where it is and is overwritten by the new one
    }
  }

  /** The last lines, without timestamps, at most maxChars (a termination message from the log). */
  public String tail(int lines, int maxChars) {
    Deque<String> last = new ArrayDeque<>();
    Cursor c = cursor();
    for (List<String> chunk = c.next(); !chunk.isEmpty(); chunk = c.next()) {
      for (String l : chunk) {
        last.addLast(text(l));
        if (last.size() > lines) {
          last.removeFirst();
        }
      }
    }
    String s = String.join("\n", last).trim();
    return s.length() <= maxChars ? s : s.substring(s.length() - maxChars);
  }

  /** A line without its timestamp. */
  public static String text(String line) {
    return line.length() > TIMESTAMP_LENGTH ? line.substring(TIMESTAMP_LENGTH + 1) : "";
  }

  /** A line's timestamp (the fixed-width prefix). */
  public static String timestamp(String line) {
    return line.length() >= TIMESTAMP_LENGTH ? line.substring(0, TIMESTAMP_LENGTH) : "";
  }

  /** A reader from the oldest line kept. */
  public Cursor cursor() {
    synchronized (this) {
      return new Cursor(Files.exists(rotated) && generation > 0 ? generation - 1 : generation, 0);
    }
  }

  /**
   * A position in the log, across rotations. {@link #next()} returns the complete lines written since,
   * in bounded chunks; an empty list means the reader has caught up.
   */
  public final class Cursor {
    private static final int CHUNK_BYTES = 64 * 1024;
    private long gen;
    private long offset;
    private final ByteArrayCarry carry = new ByteArrayCarry();

    private Cursor(long gen, long offset) {
      this.gen = gen;
      this.offset = offset;
    }

    public List<String> next() {
      FileChannel ch;
      long limit;
      boolean finishesFile;
      synchronized (ContainerLog.this) {
        if (gen < generation - 1 || (gen == generation - 1 && !Files.exists(rotated))) {
          // the reader fell more than one rotation behind: those lines are gone; go on from the oldest kept
          gen = Files.exists(rotated) ? generation - 1 : generation;
          offset = 0;
          carry.clear();
        }
        Path file = gen == generation ? current : rotated;
        limit = gen == generation ? size : rotatedSize;
        finishesFile = gen < generation;
        if (offset >= limit) {
          if (finishesFile) {
            gen++;
            offset = 0;
            carry.clear();
            return next();
          }
          return List.of();
        }
        try {
          ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
          return List.of();
        }
      }
      // read outside the lock: the open channel stays valid if the file is rotated meanwhile
      try (ch) {
        int n = (int) Math.min(CHUNK_BYTES, limit - offset);
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
          if (ch.read(buf, offset + buf.position()) < 0) {
            break;
          }
        }
        offset += buf.position();
        return carry.lines(buf.array(), buf.position());
      } catch (IOException e) {
        return List.of();
      }
    }

    /** Waits until there is more to read or the log ended; false when it ended and all was read. */
    public boolean await(long millis) throws InterruptedException {
      synchronized (ContainerLog.this) {
        if (hasMore()) {
          return true;
        }
        if (ended) {
          return false;
        }
        ContainerLog.this.wait(millis);
        return hasMore() || !ended;
      }
    }

    private boolean hasMore() {
      return gen < generation || offset < size;
    }
  }

  /** Splits bytes into lines, carrying an incomplete last line over to the next chunk. */
  private static final class ByteArrayCarry {
    private byte[] pending = new byte[0];

    void clear() {
      pending = new byte[0];
    }

    List<String> lines(byte[] chunk, int len) {
      byte[] all = new byte[pending.length + len];
      System.arraycopy(pending, 0, all, 0, pending.length);
      System.arraycopy(chunk, 0, all, pending.length, len);
      List<String> out = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < all.length; i++) {
        if (all[i] == '\n') {
          out.add(new String(all, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      pending = java.util.Arrays.copyOfRange(all, start, all.length);
      return out;
    }
  }
}
