package dev.regatta.local.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The wrapper passes a child's output and exit status through, and kills the child when its parent is gone. */
class ParentLifelineTest {
  @Test
  void outputAndExitStatusAreTheChilds() throws Exception {
    Process p = new ProcessBuilder(ParentLifeline.wrap(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3")))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(3, p.exitValue());
    assertEquals("out\nerr\n", out);
  }

  @Test
  void aChildKilledBySignalExitsWith128PlusTheSignal() throws Exception {
    Process p = new ProcessBuilder(ParentLifeline.wrap(List.of("sleep", "300"))).start();
    ProcessHandle sleeper = await("sleep started").atMost(Duration.ofSeconds(30))
        .until(() -> p.descendants().filter(h -> h.info().command().orElse("").endsWith("sleep")).findFirst(),
            Optional::isPresent).get();
    new ProcessBuilder("kill", "-9", String.valueOf(sleeper.pid())).start().waitFor();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue());
  }

  @Test
  void theChildDiesWhenTheParentsEndOfThePipeCloses() throws Exception {
    // what the kernel does to the pipe when the parent JVM dies, by any means
    Process p = new ProcessBuilder(ParentLifeline.wrap(List.of("sleep", "300"))).start();
    ProcessHandle sleeper = await("sleep started").atMost(Duration.ofSeconds(30))
        .until(() -> p.descendants().filter(h -> h.info().command().orElse("").endsWith("sleep")).findFirst(),
            Optional::isPresent).get();
    List<ProcessHandle> all = p.descendants().toList();
    p.getOutputStream().close();
    await("the child gone").atMost(Duration.ofSeconds(30)).until(() -> !sleeper.isAlive());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(143, p.exitValue(), "SIGTERM first");
    for (ProcessHandle h : all) {
      await("wrapper process " + h.pid() + " gone").atMost(Duration.ofSeconds(30)).until(() -> !h.isAlive());
    }
  }

  @Test
  void aChildThatIgnoresSigtermIsKilled() throws Exception {
    Process p = new ProcessBuilder(ParentLifeline.wrap(List.of("/bin/sh", "-c", "trap '' TERM; echo up; while :; do sleep 1; done")))
        .start();
    assertEquals('u', p.getInputStream().read(), "child started");
    p.getOutputStream().close();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "killed after the grace period");
    assertEquals(137, p.exitValue());
  }
}
