package dev.regatta.runner.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server on a free loopback port, without persistence, for tests and local mode. Started
 * with {@link #start()}, ready when it answers PING, stopped by {@link #close()}.
 */
public final class RedisServerProcess implements AutoCloseable {
  public static final String BINARY_ENV = "REGATTA_REDIS_SERVER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final int port;
  private final Path dir;

  private RedisServerProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static RedisServerProcess start() throws IOException, InterruptedException {
    return start(freePort());
  }

  public static RedisServerProcess start(int port) throws IOException, InterruptedException {
    String binary = binary();
    Path dir = Files.createTempDirectory("regatta-redis-");
    Path log = dir.resolve("redis.log");
    List<String> cmd = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no", "--dir", dir.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RedisServerProcess server = new RedisServerProcess(p, port, dir);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (!p.isAlive()) {
        throw new IOException("redis-server exited with code " + p.exitValue() + " on port " + port + ": "
            + tail(log));
      }
      if (ping(port)) {
        return server;
      }
      if (System.nanoTime() - deadline > 0) {
        server.close();
        throw new IOException("redis-server on port " + port + " did not answer PING within "
            + READY_TIMEOUT.toSeconds() + "s: " + tail(log));
      }
      Thread.sleep(20); // polling a starting process, bounded by the deadline above
    }
  }

  /** The redis-server binary: $REGATTA_REDIS_SERVER, /usr/bin/redis-server or the PATH. */
  public static String binary() {
    String env = System.getenv(BINARY_ENV);
    if (env != null && Files.isExecutable(Path.of(env))) {
      return env;
    }
    if (Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
      return "/usr/bin/redis-server";
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(":")) {
        Path p = Path.of(d, "redis-server");
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    throw new IllegalStateException("redis-server is not installed: install it with `apt-get install -y redis-server` "
        + "(or `make deps`), or set " + BINARY_ENV + " to its path");
  }

  static boolean ping(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] b = new byte[7];
      int n = in.readNBytes(b, 0, 7);
      return n == 7 && new String(b, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public Process process() {
    return process;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.list(dir)) {
      files.forEach(f -> f.toFile().delete());
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // temp dir clean-up is best effort
    }
  }
}
