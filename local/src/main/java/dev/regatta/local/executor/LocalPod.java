package dev.regatta.local.executor;

import dev.regatta.local.logs.ContainerLog;
import dev.regatta.local.logs.PodLogs;
import dev.regatta.local.process.ParentLifeline;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's part for one pod: materialise its volumes, start its native sidecars (redis-server on a
 * free loopback port), start its runner container as a child JVM, and report how it ended. Runs on its
 * own thread; {@link #kill()} stops every process it started, with their descendants.
 */
final class PodRuntime {
  /**
   * How the pod's main container ended. exitCode -1: it never started. unfixable: it could not start, and
   * no retry can change that (the Job fails at once).
   */
  record Outcome(int exitCode, String reason, String message, Instant startedAt, Instant finishedAt, boolean unfixable) {
    Outcome(int exitCode, String reason, String message, Instant startedAt, Instant finishedAt) {
      this(exitCode, reason, message, startedAt, finishedAt, false);
    }
  }

  interface Listener {
    /** Sidecars ready and the runner process started. */
    void running(Pod pod, Instant startedAt, Map<String, Integer> sidecarPorts);

    void finished(Pod pod, Outcome outcome);

    /**
     * A native sidecar died while the runner ran and was started again on its port (restartCount counts every
     * restart of it so far), as the kubelet restarts a restartPolicy: Always init container.
     */
    default void sidecarRestarted(Pod pod, SidecarRestart restart) {}
  }

  /** One restart of a sidecar: how its last run ended and when the new one started (null: could not start). */
  record SidecarRestart(String name, int restartCount, int exitCode, Instant finishedAt, Instant startedAt,
      String error) {}

  /**
   * Back-off before the n-th restart of a sidecar, as the kubelet's: the first at once, then 10 s doubling to at
   * most 5 minutes.
   */
  static Duration restartBackoff(int restart) {
    if (restart <= 1) {
      return Duration.ZERO;
    }
    long seconds = 10L << Math.min(restart - 2, 5);
    return Duration.ofSeconds(Math.min(seconds, 300));
  }

  private final Pod pod;
  private final KubernetesClient client;
  private final ExecutorSettings settings;
  private final Listener listener;
  private final Path dir;
  private final PodLogs logs;
  /** The log of each container's current instance. */
  private final Map<String, ContainerLog> containerLogs = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Process> processes = new ArrayList<>();
  private final java.util.Set<String> contentVolumes = new java.util.HashSet<>();
  private volatile boolean killed;
  /** Set once the runner has exited (or the pod is killed): a sidecar that exits now is not restarted. */
  private volatile boolean stopping;
  /** Sidecars to supervise once the runner is started: container and its loopback port. */
  private final Map<Container, Integer> sidecars = new LinkedHashMap<>();
  private final Map<Container, Process> sidecarProcesses = new java.util.concurrent.ConcurrentHashMap<>();

  PodRuntime(Pod pod, KubernetesClient client, ExecutorSettings settings, PodLogs logs, Listener listener) {
    this.pod = pod;
    this.logs = logs;
    this.client = client;
    this.settings = settings;
    this.listener = listener;
    this.dir = settings.workDir().resolve("pods").resolve(pod.getMetadata().getNamespace())
        .resolve(pod.getMetadata().getName());
  }

  Path dir() {
    return dir;
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
      Map<String, Path> volumes = materialiseVolumes();
      Map<Integer, Integer> localhostPorts = new LinkedHashMap<>();
      Map<String, Integer> sidecarPorts = new LinkedHashMap<>();
      for (Container init : nullToEmpty(pod.getSpec().getInitContainers())) {
        int expected = sidecarPort(init);
        int local = freePort();
        sidecarProcesses.put(init, startRedis(init, local));
        sidecars.put(init, local);
        localhostPorts.put(expected, local);
        sidecarPorts.put(init.getName(), local);
      }
      rewriteRunFiles(volumes, localhostPorts);
      Container c = pod.getSpec().getContainers().get(0);
      Path termLog = dir.resolve("termination-log");
      Files.deleteIfExists(termLog);
      Process runner = startRunner(c, volumes, termLog);
      started = Instant.now();
      listener.running(pod, started, sidecarPorts);
      sidecars.forEach(this::supervise);
      int exit = runner.waitFor();
      stopAll();
      if (killed) {
        listener.finished(pod, new Outcome(137, "Error", "killed", started, Instant.now()));
        return;
      }
      String message = Files.exists(termLog) ? limit(Files.readString(termLog).trim(), 4096) : "";
      if (message.isEmpty() && exit != 0 && "FallbackToLogsOnError".equals(c.getTerminationMessagePolicy())) {
        message = tail(c.getName());
      }
      listener.finished(pod, new Outcome(exit, exit == 0 ? "Completed" : "Error", message, started, Instant.now()));
    } catch (PodStartCheck.Unfixable e) {
      stopAll();
      listener.finished(pod, new Outcome(128, "StartError", e.getMessage(), null, Instant.now(), true));
    } catch (PodEnv.ConfigError e) {
      stopAll();
      listener.finished(pod, new Outcome(-1, "CreateContainerConfigError", e.getMessage(), started, Instant.now()));
    } catch (InterruptedException e) {
      stopAll();
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      stopAll();
      // what a container runtime reports when it cannot start a container: exit 128, reason StartError
      listener.finished(pod, new Outcome(128, "StartError", String.valueOf(e.getMessage()), started, Instant.now()));
    }
  }

  /** Stops every process of this pod (runner, sidecars and whatever they started). */
  void kill() {
    killed = true;
    stopAll();
  }

  private synchronized void stopAll() {
    stopping = true;
    Duration grace = settings.killGrace();
    List<ProcessHandle> handles = new ArrayList<>();
    for (Process p : processes) {
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
  private Process launch(List<String> command, Map<String, String> env, String container) throws IOException {
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

  /**
   * Watches a sidecar while the runner runs and restarts it on the same port when it dies, with the kubelet's
   * back-off, reporting every restart: what a node does for a restartPolicy: Always init container. The runner
   * sees its connections break and come back (errors in its results); the restarted redis-server is empty.
   */
  private void supervise(Container c, int port) {
    Thread t = new Thread(() -> {
      int restarts = 0;
      Process p = sidecarProcesses.get(c);
      try {
        while (true) {
          // a start that failed counts as a run that ended at once, as a container runtime's StartError (128)
          int exit = p == null ? 128 : p.waitFor();
          Instant finished = Instant.now();
          if (stopping) {
            return;
          }
          restarts++;
          Thread.sleep(restartBackoff(restarts).toMillis());
          if (stopping) {
            return;
          }
          try {
            p = startRedis(c, port);
            sidecarProcesses.put(c, p);
            listener.sidecarRestarted(pod, new SidecarRestart(c.getName(), restarts, exit, finished, Instant.now(),
                null));
          } catch (Exception e) {
            if (stopping) {
              return;
            }
            p = null;
            listener.sidecarRestarted(pod, new SidecarRestart(c.getName(), restarts, exit, finished, null,
                String.valueOf(e.getMessage())));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sidecar-" + pod.getMetadata().getName() + "-" + c.getName());
    t.setDaemon(true);
    t.start();
  }

  private Process startRedis(Container c, int port) throws Exception {
    if (!Files.isExecutable(Path.of(settings.redisServer())) && !settings.redisServer().equals("redis-server")) {
      throw new IllegalStateException("redis-server not found at " + settings.redisServer()
          + ": install it (Debian/Ubuntu: apt-get install -y redis-server)");
    }
    List<String> cmd = new ArrayList<>(List.of(settings.redisServer(), "--port",
        String.valueOf(port), "--save", "", "--appendonly", "no", "--dir", dir.toString()));
    List<String> given = new ArrayList<>(nullToEmpty(c.getCommand()));
    given.addAll(nullToEmpty(c.getArgs()));
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
    Process p = launch(cmd, Map.of(), c.getName());
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        String why = tail(c.getName());
        String message = "sidecar " + c.getName() + " (redis-server) exited with code " + p.exitValue() + ": " + why;
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
    throw new IllegalStateException("sidecar " + c.getName() + " (redis-server) did not answer PING on 127.0.0.1:" + port + " within 15s");
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

  static int sidecarPort(Container c) {
    if (c.getPorts() != null && !c.getPorts().isEmpty() && c.getPorts().get(0).getContainerPort() != null) {
      return c.getPorts().get(0).getContainerPort();
    }
    List<String> all = new ArrayList<>(nullToEmpty(c.getCommand()));
    all.addAll(nullToEmpty(c.getArgs()));
    int i = all.indexOf("--port");
    if (i >= 0 && i + 1 < all.size()) {
      return Integer.parseInt(all.get(i + 1));
    }
    return 6379;
  }

  private Process startRunner(Container c, Map<String, Path> volumes, Path termLog) throws Exception {
    Map<String, String> env = PodEnv.resolve(client, pod, c);
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (VolumeMount m : nullToEmpty(c.getVolumeMounts())) {
      Path v = volumes.get(m.getName());
      // content volumes only: an emptyDir at /tmp must not capture host paths the environment names
      if (v != null && contentVolumes.contains(m.getName())) {
        mounts.put(m.getMountPath(), m.getSubPath() == null || m.getSubPath().isEmpty() ? v : v.resolve(m.getSubPath()));
      }
    }
    // cluster paths in the environment point at this pod's materialised copies
    env.replaceAll((k, v) -> mapPath(v, mounts));
    if (!env.containsKey(Protocol.ENV_RUN_FILE) && mounts.containsKey(Protocol.RUN_FILE_DIR)) {
      env.put(Protocol.ENV_RUN_FILE, mounts.get(Protocol.RUN_FILE_DIR).resolve(Protocol.RUN_FILE_KEY).toString());
    }
    env.put("REGATTA_TERMINATION_LOG", termLog.toString());
    String ns = pod.getMetadata().getNamespace();
    env.put("KUBERNETES_MASTER", settings.apiUrl());
    env.put("KUBERNETES_NAMESPACE", ns);
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_HTTP2_DISABLE", "true");
    if (!Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
      Path sa = dir.resolve("serviceaccount");
      Files.createDirectories(sa);
      Files.writeString(sa.resolve("token"), settings.token());
      Files.writeString(sa.resolve("namespace"), ns);
      env.put("KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", sa.resolve("token").toString());
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    // a small heap and the serial collector: several runner JVMs share a laptop here
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xss512k");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-jar");
    cmd.add(settings.runnerJar().toString());
    cmd.addAll(runnerArgs(c));
    return launch(cmd, env, c.getName());
  }

  /** The runner's arguments: from the mode word (pod) on; the image's java -jar prefix is ours here. */
  static List<String> runnerArgs(Container c) {
    List<String> all = new ArrayList<>(nullToEmpty(c.getCommand()));
    all.addAll(nullToEmpty(c.getArgs()));
    int i = all.indexOf("pod");
    return i >= 0 ? all.subList(i, all.size()) : List.of("pod");
  }

  static String mapPath(String value, Map<String, Path> mounts) {
    if (value == null) {
      return null;
    }
    for (Map.Entry<String, Path> m : mounts.entrySet()) {
      String mp = m.getKey().endsWith("/") ? m.getKey().substring(0, m.getKey().length() - 1) : m.getKey();
      if (value.equals(mp)) {
        return m.getValue().toString();
      }
      if (value.startsWith(mp + "/")) {
        return m.getValue().resolve(value.substring(mp.length() + 1)).toString();
      }
    }
    if (value.equals(Protocol.TERMINATION_LOG)) {
      return value;
    }
    return value;
  }

  private Map<String, Path> materialiseVolumes() throws IOException, PodEnv.ConfigError {
    Map<String, Path> out = new LinkedHashMap<>();
    String ns = pod.getMetadata().getNamespace();
    for (Volume v : nullToEmpty(pod.getSpec().getVolumes())) {
      Path vd = dir.resolve("volumes").resolve(v.getName());
      Files.createDirectories(vd);
      out.put(v.getName(), vd);
      if (v.getConfigMap() != null || v.getSecret() != null || v.getProjected() != null) {
        contentVolumes.add(v.getName());
      }
      if (v.getConfigMap() != null) {
        writeConfigMap(vd, ns, v.getConfigMap().getName(), v.getConfigMap().getItems(), v.getConfigMap().getOptional());
      } else if (v.getSecret() != null) {
        writeSecret(vd, ns, v.getSecret().getSecretName(), v.getSecret().getItems(), v.getSecret().getOptional());
      } else if (v.getProjected() != null) {
        for (VolumeProjection src : nullToEmpty(v.getProjected().getSources())) {
          if (src.getServiceAccountToken() != null) {
            write(vd.resolve(src.getServiceAccountToken().getPath()), settings.token());
          } else if (src.getConfigMap() != null) {
            writeConfigMap(vd, ns, src.getConfigMap().getName(), src.getConfigMap().getItems(), src.getConfigMap().getOptional());
          } else if (src.getSecret() != null) {
            writeSecret(vd, ns, src.getSecret().getName(), src.getSecret().getItems(), src.getSecret().getOptional());
          }
        }
      }
    }
    return out;
  }

  private void writeConfigMap(Path vd, String ns, String name, List<KeyToPath> items, Boolean optional)
      throws IOException, PodEnv.ConfigError {
    ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
    if (cm == null) {
      if (Boolean.TRUE.equals(optional)) {
        return;
      }
      throw new PodEnv.ConfigError("configmap \"" + name + "\" not found");
    }
    writeItems(vd, cm.getData() == null ? Map.of() : cm.getData(), items);
  }

  private void writeSecret(Path vd, String ns, String name, List<KeyToPath> items, Boolean optional)
      throws IOException, PodEnv.ConfigError {
    Secret s = client.secrets().inNamespace(ns).withName(name).get();
    if (s == null) {
      if (Boolean.TRUE.equals(optional)) {
        return;
      }
      throw new PodEnv.ConfigError("secret \"" + name + "\" not found");
    }
    writeItems(vd, PodEnv.secretData(s), items);
  }

  private static void writeItems(Path vd, Map<String, String> data, List<KeyToPath> items) throws IOException {
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, String> e : data.entrySet()) {
        write(vd.resolve(e.getKey()), e.getValue());
      }
    } else {
      for (KeyToPath k : items) {
        if (data.containsKey(k.getKey())) {
          write(vd.resolve(k.getPath()), data.get(k.getKey()));
        }
      }
    }
  }

  private void rewriteRunFiles(Map<String, Path> volumes, Map<Integer, Integer> localhostPorts) throws IOException {
    for (Path vd : volumes.values()) {
      Path f = vd.resolve(Protocol.RUN_FILE_KEY);
      if (Files.isRegularFile(f)) {
        Files.writeString(f, settings.runFiles().rewrite(Files.readString(f), localhostPorts));
      }
    }
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The last lines of a container's log, once its output has closed (bounded wait). */
  private String tail(String container) throws InterruptedException {
    ContainerLog log = containerLogs.get(container);
    if (log == null) {
      return "";
    }
    log.awaitEnd(5000);
    return log.tail(10, 2048);
  }

  private static String limit(String s, int max) {
    return s.length() <= max ? s : s.substring(s.length() - max);
  }

  private static <T> List<T> nullToEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
