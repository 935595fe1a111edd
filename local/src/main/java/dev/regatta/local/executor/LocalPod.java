package dev.regatta.local.executor;

import dev.regatta.kubesim.kubelet.PodEnd;
import dev.regatta.kubesim.kubelet.PodEvents;
import dev.regatta.kubesim.kubelet.PodRuntime;
import dev.regatta.local.logs.ContainerLog;
import dev.regatta.local.logs.PodLogs;
import dev.regatta.local.process.ParentLifeline;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One pod as local processes: materialise its volumes, start its native sidecars (redis-server on a free loopback
 * port, see {@link RedisSidecar}), start its runner container as a child JVM, and report to the kubelet how it
 * went. Runs on its own thread; {@link #kill()} stops every process it started, with their descendants.
 */
final class LocalPod implements PodRuntime.RunningPod {
  private final Pod pod;
  private final KubernetesClient client;
  private final ExecutorSettings settings;
  private final PodEvents events;
  private final Path dir;
  private final PodLogs logs;
  /** The log of each container's current instance. */
  private final Map<String, ContainerLog> containerLogs = new ConcurrentHashMap<>();
  private final List<Process> processes = new ArrayList<>();
  private volatile boolean killed;
  /** Set once the runner has exited (or the pod is killed): a sidecar that exits now is not restarted. */
  private volatile boolean stopping;

  private final LivePorts livePorts;

  LocalPod(Pod pod, KubernetesClient client, ExecutorSettings settings, PodLogs logs, PodEvents events,
      LivePorts livePorts) {
    this.livePorts = livePorts;
    this.pod = pod;
    this.logs = logs;
    this.client = client;
    this.settings = settings;
    this.events = events;
    this.dir = settings.workDir().resolve("pods").resolve(pod.getMetadata().getNamespace())
        .resolve(pod.getMetadata().getName());
  }

  Pod pod() {
    return pod;
  }

  Path dir() {
    return dir;
  }

  PodEvents events() {
    return events;
  }

  ExecutorSettings settings() {
    return settings;
  }

  boolean stopping() {
    return stopping;
  }

  void start() {
    Thread t = new Thread(this::run, "pod-" + pod.getMetadata().getName());
    t.setDaemon(true);
    t.start();
  }

  private void run() {
    Instant started = null;
    try {
      PodStartCheck.check(pod, settings);
      Files.createDirectories(dir);
      PodVolumes volumes = PodVolumes.materialise(client, pod, dir, settings.token());
      Map<Integer, Integer> localhostPorts = new LinkedHashMap<>();
      List<RedisSidecar> sidecars = new ArrayList<>();
      for (Container init : nullToEmpty(pod.getSpec().getInitContainers())) {
        RedisSidecar sidecar = new RedisSidecar(this, init, freePort());
        sidecar.start();
        sidecars.add(sidecar);
        localhostPorts.put(RedisSidecar.declaredPort(init), sidecar.port());
      }
      volumes.rewriteRunFiles(settings.runFiles(), localhostPorts);
      Container c = pod.getSpec().getContainers().get(0);
      Path termLog = dir.resolve("termination-log");
      Files.deleteIfExists(termLog);
      Map<String, String> env = RunnerCommand.environment(client, pod, c, volumes, settings, dir, termLog);
      if (env.containsKey(dev.regatta.protocol.Protocol.ENV_LIVE_PORT)) {
        // every pod is 127.0.0.1 here: its runner's live endpoint gets a port of its own, on loopback only
        int port = freePort();
        env.put(dev.regatta.protocol.Protocol.ENV_LIVE_PORT, Integer.toString(port));
        env.put(dev.regatta.protocol.Protocol.ENV_LIVE_ADDRESS, "127.0.0.1");
        livePorts.put(pod, port);
      }
      Process runner = launch(RunnerCommand.command(settings, c), env, c.getName());
      started = Instant.now();
      events.running(started, Set.of());
      sidecars.forEach(RedisSidecar::supervise);
      int exit = runner.waitFor();
      livePorts.remove(pod);
      stopAll();
      if (killed) {
        events.ended(new PodEnd(137, "Error", "killed", started, Instant.now(), false));
        return;
      }
      String message = Files.exists(termLog) ? limit(Files.readString(termLog).trim(), 4096) : "";
      if (message.isEmpty() && exit != 0 && "FallbackToLogsOnError".equals(c.getTerminationMessagePolicy())) {
        message = tail(c.getName());
      }
      events.ended(PodEnd.exited(exit, message, started, Instant.now()));
    } catch (PodStartCheck.Unfixable e) {
      stopAll();
      events.ended(new PodEnd(128, "StartError", e.getMessage(), null, Instant.now(), true));
    } catch (PodEnv.ConfigError e) {
      stopAll();
      events.ended(new PodEnd(-1, "CreateContainerConfigError", e.getMessage(), started, Instant.now(), false));
    } catch (InterruptedException e) {
      stopAll();
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      stopAll();
      // what a container runtime reports when it cannot start a container: exit 128, reason StartError
      events.ended(new PodEnd(128, "StartError", String.valueOf(e.getMessage()), started, Instant.now(), false));
    }
  }

  /** Stops every process of this pod (runner, sidecars and whatever they started). */
  @Override
  public void kill() {
    killed = true;
    stopAll();
  }

  private synchronized void stopAll() {
    stopping = true;
    Duration grace = settings.killGrace();
    List<ProcessHandle> handles = new ArrayList<>();
    for (Process p : processes) {
      if (!p.isAlive()) {
        // a sidecar's earlier run (or the runner, just reaped): its pid may be another process's by now, and that
        // process's children are not ours; a wrapper ends only after its child, so it left none behind
        continue;
      }
      p.descendants().forEach(handles::add);
      handles.add(p.toHandle());
    }
    handles.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : handles) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    for (ProcessHandle h : handles) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
  }

  /** Starts a container's process; its output (stdout and stderr) goes to the container's log. */
  Process launch(List<String> command, Map<String, String> env, String container) throws IOException {
    synchronized (this) {
      if (killed) {
        throw new IOException("pod was deleted");
      }
      if (stopping) {
        throw new IOException("pod is stopping"); // a sidecar restart racing the runner's exit
      }
      // under the lifeline wrapper: the process dies with local mode, even when local mode is SIGKILLed
      ProcessBuilder pb = new ProcessBuilder(ParentLifeline.wrap(command)).directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
      pb.environment().put("LANG", "C.UTF-8");
      pb.environment().put("HOME", dir.toString());
      pb.environment().put("HOSTNAME", pod.getMetadata().getName());
      pb.environment().putAll(env);
      Process p = pb.start();
      processes.add(p);
      ContainerLog log = logs.start(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), container, dir);
      containerLogs.put(container, log);
      log.pump(p.getInputStream(), "log-" + pod.getMetadata().getName() + "-" + container);
      return p;
    }
  }

  /** The last lines of a container's log, once its output has closed (bounded wait). */
  String tail(String container) throws InterruptedException {
    ContainerLog log = containerLogs.get(container);
    if (log == null) {
      return "";
    }
    log.awaitEnd(5000);
    return log.tail(10, 2048);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String limit(String s, int max) {
    return s.length() <= max ? s : s.substring(s.length() - max);
  }

  static <T> List<T> nullToEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
