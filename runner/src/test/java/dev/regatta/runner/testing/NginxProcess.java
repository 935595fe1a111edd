package dev.regatta.runner.testing;

import dev.regatta.runner.standin.RedisServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** A real nginx (one worker) on a free loopback port serving one file, for tests and speed checks. */
public final class NginxProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private NginxProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static NginxProcess start(int bodySize) throws Exception {
    String binary = "/usr/sbin/nginx";
    if (!Files.isExecutable(Path.of(binary))) {
      throw new IllegalStateException("nginx is not installed: install it with `apt-get install -y nginx` (or `make deps`)");
    }
    int port = RedisServerProcess.freePort();
    Path dir = Files.createTempDirectory("regatta-nginx-");
    Files.createDirectories(dir.resolve("html"));
    Files.createDirectories(dir.resolve("tmp"));
    Files.createDirectories(dir.resolve("logs"));
    byte[] body = new byte[bodySize];
    Arrays.fill(body, (byte) 'n');
    Files.write(dir.resolve("html/index.html"), body);
    // nginx started as root serves files as 'nobody': let it read the temp dir.
    for (String p : new String[] {"", "html", "html/index.html"}) {
      Files.setPosixFilePermissions(dir.resolve(p), java.nio.file.attribute.PosixFilePermissions.fromString(
          p.endsWith(".html") ? "rw-r--r--" : "rwxr-xr-x"));
    }
    String conf = """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log;
        events { worker_connections 1024; }
        http {
          access_log off;
          client_body_temp_path %1$s/tmp;
          proxy_temp_path %1$s/tmp;
          fastcgi_temp_path %1$s/tmp;
          uwsgi_temp_path %1$s/tmp;
          scgi_temp_path %1$s/tmp;
          keepalive_requests 1000000;
          server { listen 127.0.0.1:%2$d; root %1$s/html; }
        }
        """.formatted(dir, port);
    Files.writeString(dir.resolve("nginx.conf"), conf);
    Process p = new ProcessBuilder(binary, "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString(),
        "-e", dir.resolve("logs/error.log").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("logs/out.log").toFile()).start();
    NginxProcess n = new NginxProcess(p, port, dir);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      if (!p.isAlive()) {
        throw new IOException("nginx exited: " + Files.readString(dir.resolve("logs/out.log"))
            + Files.readString(dir.resolve("logs/error.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return n;
      } catch (IOException e) {
        if (System.nanoTime() - deadline > 0) {
          n.close();
          throw new IOException("nginx did not listen on " + port + " within 10s");
        }
        Thread.sleep(20); // polling a starting process, bounded by the deadline
      }
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/index.html";
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
