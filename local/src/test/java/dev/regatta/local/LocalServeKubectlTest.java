package dev.regatta.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against `regatta local --serve` (a child JVM, as a user starts it): the README's
 * tour (apply, get -w, wait, get, describe with Events, logs, delete) plus create secret/configmap and
 * patch with the API server's list semantics; then stopping local mode with SIGTERM, and killing it with
 * SIGKILL, while a run is going, and checking that none of its processes is left.
 */
class LocalServeKubectlTest {
  private static final String RUN_LABEL = "regatta.dev/run=quickstart";
  private static final String PATCH_POD = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: patchme
      spec:
        containers:
        - name: a
          image: busybox:1.36
          env:
          - {name: FOO, value: "1"}
          - {name: BAR, value: "2"}
        - name: b
          image: busybox:1.36
      """;

  @TempDir
  Path tmp;
  private Process local;
  private final List<Process> background = new ArrayList<>();
  /** Local mode's processes seen while a run was in flight: cleaned up even if a failed test orphaned them. */
  private final List<ProcessHandle> seen = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    background.forEach(Process::destroyForcibly);
    seen.forEach(ProcessHandle::destroyForcibly);
    if (local != null && local.isAlive()) {
      List<ProcessHandle> all = new ArrayList<>(local.descendants().toList());
      local.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      all.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void theReadmeTourWorksWithKubectlAndStoppingLeavesNoProcess() throws Exception {
    String kubectl = Repo.kubectl();
    Path kubeconfig = startLocal();
    Path quickstart = Repo.root().resolve("examples/quickstart.yaml");

    // kubectl create secret/configmap post protobuf; the secret's value must never leak into anything else
    String secretValue = "s3cr3t-" + UUID.randomUUID();
    Result secret = kubectl(kubectl, kubeconfig, "create", "secret", "generic", "creds", "--from-literal=password=" + secretValue);
    assertEquals(0, secret.code, secret.out);
    assertEquals(secretValue, new String(Base64.getDecoder().decode(
        kubectl(kubectl, kubeconfig, "get", "secret", "creds", "-o", "jsonpath={.data.password}").out.trim()),
        StandardCharsets.UTF_8));
    Result secretYaml = kubectl(kubectl, kubeconfig, "get", "secret", "creds", "-o", "yaml");
    assertTrue(secretYaml.out.contains("type: Opaque") && secretYaml.out.contains("password: "), secretYaml.out);
    Result configMap = kubectl(kubectl, kubeconfig, "create", "configmap", "settings", "--from-literal=a=1", "--from-literal=b=two");
    assertEquals(0, configMap.code, configMap.out);
    assertEquals("two", kubectl(kubectl, kubeconfig, "get", "configmap", "settings", "-o", "jsonpath={.data.b}").out);

    Result apply = kubectl(kubectl, kubeconfig, "apply", "-f", quickstart.toString());
    assertEquals(0, apply.code, apply.out);
    assertTrue(apply.out.contains("benchmarkrun.regatta.dev/quickstart created"), apply.out);
    Path watch = tmp.resolve("watch.txt");
    background(kubectl, kubeconfig, watch, "get", "br", "quickstart", "-w");

    Result get = kubectl(kubectl, kubeconfig, "get", "br");
    assertEquals(0, get.code, get.out);
    String header = get.out.lines().findFirst().orElse("");
    for (String column : List.of("NAME", "PHASE", "PODS", "THROUGHPUT", "P99", "LIVE", "LIVE-P99", "ERRORS", "AGE")) {
      assertTrue(header.contains(column), "column " + column + " in: " + get.out);
    }
    assertTrue(get.out.contains("quickstart"), get.out);

    // kubectl logs -f on a running runner pod ends when its container ends
    String pod = await("a runner pod running").atMost(Duration.ofSeconds(240)).ignoreExceptions()
        .until(() -> kubectl(kubectl, kubeconfig, "get", "pods", "-l", RUN_LABEL,
            "--field-selector=status.phase=Running", "-o", "jsonpath={.items[*].metadata.name}").out.trim(),
            names -> !names.isEmpty()).split(" ")[0];
    Path followed = tmp.resolve("follow.txt");
    Process follow = background(kubectl, kubeconfig, followed, "logs", "-f", pod);

    patchesHaveTheApiServersListSemantics(kubectl, kubeconfig);

    Result wait = kubectl(kubectl, kubeconfig, "wait", "--for=jsonpath={.status.phase}=Succeeded", "br/quickstart",
        "--timeout=300s");
    assertEquals(0, wait.code, wait.out + "\n" + kubectl(kubectl, kubeconfig, "get", "br", "quickstart", "-o", "yaml").out);

    assertTrue(follow.waitFor(120, TimeUnit.SECONDS), "kubectl logs -f ends when the container ends");
    String followedOut = read(followed);
    assertEquals(0, follow.exitValue(), followedOut);
    assertTrue(followedOut.strip().endsWith("regatta: done"), followedOut);

    await("get -w shows Succeeded").atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> read(watch).contains("Succeeded"));
    assertTrue(read(watch).lines().count() >= 3, "get -w shows the phases as they change: " + read(watch));

    Result done = kubectl(kubectl, kubeconfig, "get", "br", "quickstart");
    assertTrue(done.out.contains("Succeeded") && done.out.contains("3/3"), done.out);

    Result yaml = kubectl(kubectl, kubeconfig, "get", "br", "quickstart", "-o", "yaml");
    assertTrue(yaml.out.contains("phase: Succeeded") && yaml.out.contains("results:"), yaml.out);

    Result describe = kubectl(kubectl, kubeconfig, "describe", "br", "quickstart");
    assertEquals(0, describe.code, describe.out);
    String events = describe.out.substring(describe.out.indexOf("Events:"));
    assertFalse(events.contains("<none>"), describe.out);
    assertTrue(events.contains("Normal"), events);

    Result objects = kubectl(kubectl, kubeconfig, "get", "pods,jobs,configmaps", "-l", RUN_LABEL);
    assertTrue(objects.out.contains("job.batch/quickstart-eu-west") && objects.out.contains("Complete")
        && objects.out.contains("configmap/quickstart-result-eu-west-0") && objects.out.contains("Completed"), objects.out);

    logsAreEachPodsOwn(kubectl, kubeconfig, pod, secretValue);

    Result delete = kubectl(kubectl, kubeconfig, "delete", "br", "quickstart");
    assertEquals(0, delete.code, delete.out);
    assertTrue(kubectl(kubectl, kubeconfig, "get", "br").out.contains("No resources found"));
    Result deleteSecret = kubectl(kubectl, kubeconfig, "delete", "secret", "creds");
    assertEquals(0, deleteSecret.code, deleteSecret.out);
    assertTrue(kubectl(kubectl, kubeconfig, "get", "secret", "creds").out.contains("not found"));

    // a run in flight, then SIGTERM: every process local mode started must go
    List<ProcessHandle> children = runInFlight(kubectl, kubeconfig, quickstart);
    local.destroy(); // SIGTERM
    assertTrue(local.waitFor(60, TimeUnit.SECONDS), "local mode stops on SIGTERM");
    assertAllGone(children);
  }

  @Test
  void aSigkilledLocalModeLeavesNoProcessBehind() throws Exception {
    String kubectl = Repo.kubectl();
    Path kubeconfig = startLocal();
    List<ProcessHandle> children = runInFlight(kubectl, kubeconfig, Repo.root().resolve("examples/quickstart.yaml"));
    new ProcessBuilder("kill", "-9", String.valueOf(local.pid())).start().waitFor(30, TimeUnit.SECONDS);
    assertTrue(local.waitFor(30, TimeUnit.SECONDS), "the local JVM is gone");
    assertAllGone(children);
  }

  private void patchesHaveTheApiServersListSemantics(String kubectl, Path kubeconfig) throws IOException {
    Path podFile = tmp.resolve("patchme.yaml");
    Files.writeString(podFile, PATCH_POD);
    assertEquals(0, kubectl(kubectl, kubeconfig, "apply", "-f", podFile.toString()).code);
    String names = "jsonpath={.spec.containers[*].name}";
    String env = "jsonpath={range .spec.containers[0].env[*]}{.name}={.value},{end}";

    // strategic merge (kubectl's default): containers and env merge by name
    Result strategic = kubectl(kubectl, kubeconfig, "patch", "pod", "patchme", "-p",
        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"env\":[{\"name\":\"BAR\",\"value\":\"20\"},{\"name\":\"BAZ\",\"value\":\"3\"}]}]}}");
    assertEquals(0, strategic.code, strategic.out);
    assertEquals("a b", kubectl(kubectl, kubeconfig, "get", "pod", "patchme", "-o", names).out);
    assertEquals("FOO=1,BAR=20,BAZ=3,", kubectl(kubectl, kubeconfig, "get", "pod", "patchme", "-o", env).out);

    // JSON merge patch: a list is replaced wholesale
    Result merge = kubectl(kubectl, kubeconfig, "patch", "pod", "patchme", "--type=merge", "-p",
        "{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1.36\"}]}}");
    assertEquals(0, merge.code, merge.out);
    assertEquals("c", kubectl(kubectl, kubeconfig, "get", "pod", "patchme", "-o", names).out);

    // JSON patch: operations on positions; one on a path that is not there changes nothing
    Result json = kubectl(kubectl, kubeconfig, "patch", "pod", "patchme", "--type=json", "-p",
        "[{\"op\":\"add\",\"path\":\"/spec/containers/-\",\"value\":{\"name\":\"d\",\"image\":\"busybox:1.36\"}}]");
    assertEquals(0, json.code, json.out);
    assertEquals("c d", kubectl(kubectl, kubeconfig, "get", "pod", "patchme", "-o", names).out);
    Result missing = kubectl(kubectl, kubeconfig, "patch", "pod", "patchme", "--type=json", "-p",
        "[{\"op\":\"remove\",\"path\":\"/spec/containers/1\"},{\"op\":\"remove\",\"path\":\"/metadata/labels/nope\"}]");
    assertNotEquals(0, missing.code, missing.out);
    assertTrue(missing.out.contains("missing value at /metadata/labels/nope"), missing.out);
    assertEquals("c d", kubectl(kubectl, kubeconfig, "get", "pod", "patchme", "-o", names).out, "all or nothing");

    // a custom resource takes merge and JSON patches, not strategic ones, as on a cluster
    Result label = kubectl(kubectl, kubeconfig, "patch", "br", "quickstart", "--type=merge", "-p",
        "{\"metadata\":{\"labels\":{\"tour\":\"yes\"}}}");
    assertEquals(0, label.code, label.out);
    assertEquals("yes", kubectl(kubectl, kubeconfig, "get", "br", "quickstart", "-o", "jsonpath={.metadata.labels.tour}").out);
    Result strategicCr = kubectl(kubectl, kubeconfig, "patch", "br", "quickstart", "-p", "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");
    assertNotEquals(0, strategicCr.code);
    assertTrue(strategicCr.out.contains("application/strategic-merge-patch+json is not supported"), strategicCr.out);

    assertEquals(0, kubectl(kubectl, kubeconfig, "delete", "pod", "patchme").code);
  }

  private void logsAreEachPodsOwn(String kubectl, Path kubeconfig, String pod, String secretValue) {
    List<String> outputs = new ArrayList<>();
    Result runner = kubectl(kubectl, kubeconfig, "logs", pod);
    outputs.add(runner.out);
    assertEquals(0, runner.code, runner.out);
    assertTrue(runner.out.contains("regatta: done") && !runner.out.contains("\"apiVersion\""), runner.out);

    Result redis = kubectl(kubectl, kubeconfig, "logs", pod, "-c", "redis");
    outputs.add(redis.out);
    assertTrue(redis.out.contains("Ready to accept connections"), redis.out);
    Result redisTail = kubectl(kubectl, kubeconfig, "logs", pod, "-c", "redis", "--tail=1");
    outputs.add(redisTail.out);
    assertEquals(1, redisTail.out.lines().count(), redisTail.out);

    Result tail = kubectl(kubectl, kubeconfig, "logs", pod, "--tail=2", "--timestamps");
    outputs.add(tail.out);
    List<String> lines = tail.out.lines().filter(l -> !l.startsWith("Defaulted container")).toList();
    assertEquals(2, lines.size(), tail.out);
    for (String l : lines) {
      assertTrue(l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z .*"), l);
    }
    assertTrue(lines.get(1).endsWith("regatta: done"), tail.out);

    Result full = kubectl(kubectl, kubeconfig, "logs", pod, "-c", "runner");
    Result limited = kubectl(kubectl, kubeconfig, "logs", pod, "-c", "runner", "--limit-bytes=7");
    assertEquals(full.out.substring(0, 7), limited.out);
    assertEquals(full.out, kubectl(kubectl, kubeconfig, "logs", pod, "-c", "runner", "--since=1h").out);
    assertEquals("", kubectl(kubectl, kubeconfig, "logs", pod, "-c", "runner", "--since-time=2099-01-01T00:00:00Z").out);

    Result all = kubectl(kubectl, kubeconfig, "logs", "-l", RUN_LABEL, "--prefix");
    outputs.add(all.out);
    assertEquals(0, all.code, all.out);
    assertTrue(all.out.lines().filter(l -> l.startsWith("[pod/quickstart-") && l.endsWith("/runner] regatta: done")).count() >= 3,
        all.out);

    Result noPod = kubectl(kubectl, kubeconfig, "logs", "nope");
    assertNotEquals(0, noPod.code);
    assertTrue(noPod.out.contains("pods \"nope\" not found"), noPod.out);
    Result noContainer = kubectl(kubectl, kubeconfig, "logs", pod, "-c", "nope");
    assertNotEquals(0, noContainer.code);
    assertTrue(noContainer.out.contains("container nope is not valid for pod " + pod), noContainer.out);
    Result previous = kubectl(kubectl, kubeconfig, "logs", pod, "--previous");
    assertNotEquals(0, previous.code);
    assertTrue(previous.out.contains("previous terminated container \"runner\" in pod \"" + pod + "\" not found"),
        previous.out);
    outputs.addAll(List.of(noPod.out, noContainer.out, previous.out));
    for (String o : outputs) {
      assertFalse(o.contains(secretValue) || o.contains(Base64.getEncoder().encodeToString(
          secretValue.getBytes(StandardCharsets.UTF_8))), "a Secret's value in kubectl logs: " + o);
    }
  }

  /** Applies the quickstart and returns local mode's processes once its runners and redis-servers are up. */
  private List<ProcessHandle> runInFlight(String kubectl, Path kubeconfig, Path quickstart) {
    assertEquals(0, kubectl(kubectl, kubeconfig, "apply", "-f", quickstart.toString()).code);
    await("runner pods running").atMost(Duration.ofSeconds(240)).ignoreExceptions()
        .until(() -> kubectl(kubectl, kubeconfig, "get", "pods", "-l", RUN_LABEL).out.contains("Running"));
    List<ProcessHandle> children = await("redis-server and runner JVM processes").atMost(Duration.ofSeconds(120))
        .until(() -> local.descendants().toList(), now -> {
          // (Debian's redis-server is a link to redis-check-rdb, so look at the whole command line)
          boolean redis = now.stream().anyMatch(h -> h.info().commandLine().orElse("")
              .startsWith("/usr/bin/redis-server") || h.info().command().orElse("").contains("redis"));
          boolean runner = now.stream().anyMatch(h -> h.info().command().orElse("").endsWith("java")
              && h.info().commandLine().orElse("").contains("regatta-runner.jar"));
          return redis && runner;
        });
    seen.addAll(children);
    return children;
  }

  private static void assertAllGone(List<ProcessHandle> processes) {
    for (ProcessHandle h : processes) {
      await("process " + h.pid() + " (" + h.info().commandLine().orElse("?") + ") gone").atMost(Duration.ofSeconds(30))
          .until(() -> !h.isAlive());
    }
  }

  private Path startLocal() throws IOException {
    Path kubeconfig = tmp.resolve("kubeconfig");
    Files.deleteIfExists(kubeconfig);
    List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), "dev.regatta.local.LocalCommand", "--serve", "--kubeconfig",
        kubeconfig.toString(), "--work-dir", tmp.resolve("work").toString(), "--runner-jar", Repo.runnerJar().toString(),
        "--redis-server", Repo.redisServer());
    local = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("local.log").toFile()).start();
    // local mode exiting fails the wait at once (an AssertionError is not retried)
    await("kubeconfig written (log: " + tmp.resolve("local.log") + ")").atMost(Duration.ofSeconds(180))
        .ignoreExceptionsInstanceOf(RuntimeException.class).until(() -> {
          if (!local.isAlive()) {
            throw new AssertionError("local mode exited: " + read(tmp.resolve("local.log")));
          }
          return Files.exists(kubeconfig);
        });
    return kubeconfig;
  }

  private record Result(int code, String out) {}

  private List<String> command(String kubectl, Path kubeconfig, String... args) {
    List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--cache-dir",
        tmp.resolve("kube-cache").toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private Process background(String kubectl, Path kubeconfig, Path out, String... args) throws IOException {
    Process p = new ProcessBuilder(command(kubectl, kubeconfig, args)).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    background.add(p);
    return p;
  }

  private Result kubectl(String kubectl, Path kubeconfig, String... args) {
    try {
      Process p = new ProcessBuilder(command(kubectl, kubeconfig, args)).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
