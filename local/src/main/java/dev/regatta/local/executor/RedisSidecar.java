package dev.regatta.local.executor;

import dev.regatta.kubesim.kubelet.RestartBackoff;
import dev.regatta.kubesim.kubelet.SidecarRestart;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod's native Redis sidecar as a real redis-server on a free port of 127.0.0.1 (the pod's run file is rewritten
 * to name that port), loopback only and in protected mode, restarted on the same port when it dies while the
 * runner runs, with the kubelet's back-off, as a node restarts a restartPolicy: Always init container.
 */
final class RedisSidecar {
  private final LocalPod pod;
  private final Container container;
  private final int port;
  private volatile Process process;

  RedisSidecar(LocalPod pod, Container container, int port) {
    this.pod = pod;
    this.container = container;
    this.port = port;
  }

  int port() {
    return port;
  }

  /** The port the pod expects its sidecar on: its first containerPort, else --port in its arguments, else 6379. */
  static int declaredPort(Container c) {
    if (c.getPorts() != null && !c.getPorts().isEmpty() && c.getPorts().get(0).getContainerPort() != null) {
      return c.getPorts().get(0).getContainerPort();
    }
    List<String> all = new ArrayList<>(LocalPod.nullToEmpty(c.getCommand()));
    all.addAll(LocalPod.nullToEmpty(c.getArgs()));
    int i = all.indexOf("--port");
    if (i >= 0 && i + 1 < all.size()) {
      return Integer.parseInt(all.get(i + 1));
    }
    return 6379;
  }

  /** Starts redis-server and returns once it answers PING. */
  void start() throws Exception {
    process = startRedis();
  }

  /**
   * Watches the sidecar while the runner runs and restarts it on the same port when it dies, reporting every
   * restart. The runner sees its connections break and come back (errors in its results); the restarted
   * redis-server is empty.
   */
  void supervise() {
    Thread t = new Thread(() -> {
      int restarts = 0;
      Process p = process;
      try {
        while (true) {
          // a start that failed counts as a run that ended at once, as a container runtime's StartError (128)
          int exit = p == null ? 128 : p.waitFor();
          Instant finished = Instant.now();
          if (pod.stopping()) {
            return;
          }
          restarts++;
          Thread.sleep(RestartBackoff.before(restarts).toMillis());
          if (pod.stopping()) {
            return;
          }
          try {
            p = startRedis();
            process = p;
            pod.events().sidecarRestarted(new SidecarRestart(container.getName(), restarts, exit, finished,
                Instant.now(), null));
          } catch (Exception e) {
            if (pod.stopping()) {
              return;
            }
            p = null;
            pod.events().sidecarRestarted(new SidecarRestart(container.getName(), restarts, exit, finished, null,
                String.valueOf(e.getMessage())));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sidecar-" + pod.pod().getMetadata().getName() + "-" + container.getName());
    t.setDaemon(true);
    t.start();
  }

  private Process startRedis() throws Exception {
    String redisServer = pod.settings().redisServer();
    if (!Files.isExecutable(Path.of(redisServer)) && !redisServer.equals("redis-server")) {
      throw new IllegalStateException("redis-server not found at " + redisServer
          + ": install it (Debian/Ubuntu: apt-get install -y redis-server)");
    }
    List<String> cmd = new ArrayList<>(List.of(redisServer, "--port", String.valueOf(port), "--save", "",
        "--appendonly", "no", "--dir", pod.dir().toString()));
    List<String> given = new ArrayList<>(LocalPod.nullToEmpty(container.getCommand()));
    given.addAll(LocalPod.nullToEmpty(container.getArgs()));
    if (!given.isEmpty() && given.get(0).endsWith("redis-server")) {
      given.remove(0);
    }
    for (int i = 0; i < given.size(); i++) {
      String a = given.get(i);
      if (a.equals("--port") || a.equals("--bind") || a.equals("--dir")) {
        i++;
        continue;
      }
      cmd.add(a);
    }
    // Loopback only, in protected mode, as in a cluster (JobFactory.loopbackOnly): last, so no earlier argument
    // can widen it (Redis takes the last value of a repeated option).
    cmd.addAll(List.of("--bind", "127.0.0.1", "--protected-mode", "yes"));
    Process p = pod.launch(cmd, Map.of(), container.getName());
    // a process starting: polled until it answers or dies, bounded
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        String why = pod.tail(container.getName());
        String message = "sidecar " + container.getName() + " (redis-server) exited with code " + p.exitValue() + ": "
            + why;
        if (why.contains("FATAL CONFIG FILE ERROR")) {
          throw new PodStartCheck.Unfixable(message); // its arguments are wrong, and a retry repeats them
        }
        throw new IllegalStateException(message);
      }
      if (answersPing(port)) {
        return p;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("sidecar " + container.getName() + " (redis-server) did not answer PING on 127.0.0.1:"
        + port + " within 15s");
  }

  private static boolean answersPing(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      int b = in.read();
      return b == '+' || b == '-';
    } catch (IOException e) {
      return false;
    }
  }
}
