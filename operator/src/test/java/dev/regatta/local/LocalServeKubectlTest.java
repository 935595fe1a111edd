package dev.regatta.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against `regatta-operator local --serve` (a child JVM, as a user starts it): apply the
 * quickstart, read it back with get/describe, wait for Succeeded, delete it; then stop local mode with
 * SIGTERM while a run is going and check that none of its processes is left.
 */
class LocalServeKubectlTest {
  @TempDir
  Path tmp;
  private Process local;

  @AfterEach
  void stop() throws Exception {
    if (local != null && local.isAlive()) {
      List<ProcessHandle> all = new ArrayList<>(local.descendants().toList());
      local.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      all.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void kubectlAppliesGetsWaitsDescribesAndDeletesAndStoppingLeavesNoProcess() throws Exception {
    String kubectl = Repo.kubectl();
    Path kubeconfig = tmp.resolve("kubeconfig");
    List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), "dev.regatta.operator.Main", "local", "--serve", "--kubeconfig",
        kubeconfig.toString(), "--work-dir", tmp.resolve("work").toString(), "--runner-jar", Repo.runnerJar().toString(),
        "--redis-server", Repo.redisServer());
    local = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("local.log").toFile()).start();
    Await.until(Duration.ofSeconds(120), "kubeconfig written (log: " + tmp.resolve("local.log") + ")", () -> {
      if (!local.isAlive()) {
        throw new AssertionError("local mode exited: " + read(tmp.resolve("local.log")));
      }
      return Files.exists(kubeconfig) ? Optional.of(true) : Optional.empty();
    });
    Path quickstart = Repo.root().resolve("examples/quickstart.yaml");

    Result apply = kubectl(kubectl, kubeconfig, "apply", "-f", quickstart.toString());
    assertEquals(0, apply.code, apply.out);
    assertTrue(apply.out.contains("benchmarkrun.regatta.dev/quickstart created"), apply.out);

    Result get = kubectl(kubectl, kubeconfig, "get", "br");
    assertEquals(0, get.code, get.out);
    String header = get.out.lines().findFirst().orElse("");
    for (String column : List.of("NAME", "PHASE", "PODS", "THROUGHPUT", "P99", "ERRORS", "AGE")) {
      assertTrue(header.contains(column), "column " + column + " in: " + get.out);
    }
    assertTrue(get.out.contains("quickstart"), get.out);

    Result wait = kubectl(kubectl, kubeconfig, "wait", "--for=jsonpath={.status.phase}=Succeeded", "br/quickstart",
        "--timeout=240s");
    assertEquals(0, wait.code, wait.out + "\n" + kubectl(kubectl, kubeconfig, "get", "br", "quickstart", "-o", "yaml").out);

    Result done = kubectl(kubectl, kubeconfig, "get", "br", "quickstart");
    assertTrue(done.out.contains("Succeeded") && done.out.contains("3/3"), done.out);

    Result yaml = kubectl(kubectl, kubeconfig, "get", "br", "quickstart", "-o", "yaml");
    assertTrue(yaml.out.contains("phase: Succeeded") && yaml.out.contains("results:"), yaml.out);

    Result describe = kubectl(kubectl, kubeconfig, "describe", "br", "quickstart");
    assertEquals(0, describe.code, describe.out);
    String events = describe.out.substring(describe.out.indexOf("Events:"));
    assertFalse(events.contains("<none>"), describe.out);
    assertTrue(events.contains("Normal"), events);

    Result objects = kubectl(kubectl, kubeconfig, "get", "pods,jobs,configmaps", "-l", "regatta.dev/run=quickstart");
    assertTrue(objects.out.contains("job.batch/quickstart-eu-west") && objects.out.contains("Complete")
        && objects.out.contains("configmap/quickstart-result-eu-west-0") && objects.out.contains("Completed"), objects.out);

    Result delete = kubectl(kubectl, kubeconfig, "delete", "br", "quickstart");
    assertEquals(0, delete.code, delete.out);
    assertTrue(kubectl(kubectl, kubeconfig, "get", "br").out.contains("No resources found"));

    // a run in flight, then SIGTERM: every process local mode started must go
    assertEquals(0, kubectl(kubectl, kubeconfig, "apply", "-f", quickstart.toString()).code);
    Await.until(Duration.ofSeconds(120), "runner pods running", () ->
        kubectl(kubectl, kubeconfig, "get", "pods", "-l", "regatta.dev/run=quickstart").out.contains("Running")
            ? Optional.of(true) : Optional.empty());
    List<ProcessHandle> children = local.descendants().toList();
    // (Debian's redis-server is a link to redis-check-rdb, so look at the whole command line)
    assertTrue(children.stream().anyMatch(h -> h.info().commandLine().orElse("").contains("redis")),
        "redis-server children while running");
    assertTrue(children.stream().anyMatch(h -> h.info().commandLine().orElse("").contains("regatta-runner.jar")),
        "runner JVM children while running");
    local.destroy(); // SIGTERM
    assertTrue(local.waitFor(60, TimeUnit.SECONDS), "local mode stops on SIGTERM");
    for (ProcessHandle h : children) {
      Await.until(Duration.ofSeconds(10), "process " + h.pid() + " (" + h.info().command().orElse("?") + ") gone",
          () -> h.isAlive() ? Optional.empty() : Optional.of(true));
    }
  }

  private record Result(int code, String out) {}

  private Result kubectl(String kubectl, Path kubeconfig, String... args) {
    List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--cache-dir",
        tmp.resolve("kube-cache").toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
