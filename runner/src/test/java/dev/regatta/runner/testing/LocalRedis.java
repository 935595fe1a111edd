package dev.regatta.runner.testing;

import dev.regatta.runner.standin.LoopbackPorts;
import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/** A real redis-server process on a free 127.0.0.1 port, for tests; killed on close. */
public final class LocalRedis implements AutoCloseable {
  private final Process process;
  private final int port;

  private LocalRedis(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static LocalRedis start() throws Exception {
    if (!new File("/usr/bin/redis-server").canExecute() && !onPath("redis-server")) {
      throw new IllegalStateException("redis-server not found: install it (apt-get install -y redis-server)");
    }
    int port = LoopbackPorts.free();
    Process p = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "no"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    LocalRedis r = new LocalRedis(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Jedis j = new Jedis("127.0.0.1", port)) {
        j.ping();
        return r;
      } catch (RuntimeException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          r.close();
          throw new IllegalStateException("redis-server did not start on port " + port, e);
        }
        Thread.sleep(20);
      }
    }
  }

  private static boolean onPath(String cmd) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      if (new File(dir, cmd).canExecute()) {
        return true;
      }
    }
    return false;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public Jedis client() {
    return new Jedis("127.0.0.1", port);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
