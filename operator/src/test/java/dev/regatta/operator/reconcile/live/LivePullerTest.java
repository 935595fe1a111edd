package dev.regatta.operator.reconcile.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.regatta.live.LiveInterval;
import dev.regatta.protocol.Protocol;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pull rounds against real HTTP servers on loopback: healthy, dead, garbage-speaking and stuck runners. */
class LivePullerTest {
  private final List<HttpServer> servers = new ArrayList<>();
  private final CountDownLatch unstick = new CountDownLatch(1);
  private final LivePuller puller = new LivePuller(Duration.ofMillis(700));

  @AfterEach
  void stop() {
    unstick.countDown();
    puller.close();
    servers.forEach(s -> s.stop(0));
  }

  /** A runner answering {@code body} to every pull (status 200). */
  private LiveTarget runner(String pod, Supplier<byte[]> body) throws IOException {
    return runner(pod, after -> body.get());
  }

  /** A runner answering {@code body.apply(cursor)} to every pull (status 200). */
  private LiveTarget runner(String pod, java.util.function.LongFunction<byte[]> body) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    s.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-runner-" + pod);
      t.setDaemon(true);
      return t;
    }));
    s.createContext(Protocol.LIVE_PATH, ex -> {
      try (ex) {
        String q = ex.getRequestURI().getQuery();
        byte[] b = body.apply(q != null && q.startsWith("after=") ? Long.parseLong(q.substring(6)) : 0);
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(b);
        }
      }
    });
    s.start();
    servers.add(s);
    return new LiveTarget(pod, URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/"));
  }

  private LiveTarget healthy(String pod, long seed) throws IOException {
    LiveInterval i = Intervals.interval(1, 0, "get", 1000, Intervals.latencies(seed, 500, 5000), 10);
    return runner(pod, after -> {
      try {
        // as a runner does: only the intervals after the cursor
        return Intervals.answer("instance-" + pod, after < 1 ? List.of(i) : List.of());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static LiveTarget dead(String pod) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return new LiveTarget(pod, URI.create("http://127.0.0.1:" + port + "/"));
  }

  @Test
  void aDeadRunnerIsLeftOutAndSaidOnce() throws Exception {
    LiveRun run = new LiveRun();
    List<LiveTarget> targets = List.of(healthy("a", 1), dead("b"), healthy("c", 2));
    puller.round(run, targets);
    LiveFigures f = run.figures();
    assertEquals(2, f.podsReporting());
    assertEquals(1000, f.count());
    List<String> warnings = run.takeWarnings();
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("pod b"), warnings.get(0));
    puller.round(run, targets);
    assertEquals(List.of(), run.takeWarnings(), "a pod's silence is said once, not every round");
    assertEquals(1000, run.figures().count(), "the second round repeats nothing");
  }

  @Test
  void garbageIsAWarningAndTheOthersStillCount() throws Exception {
    LiveRun run = new LiveRun();
    LiveInterval lying = new LiveInterval(1, 0, "get", null, 0, 1000, 3000, false, 1_000_000, 0, 0, 0, null, null,
        Intervals.interval(1, 0, "get", 1000, new long[] {5}, 0).histogram());
    List<LiveTarget> targets = List.of(healthy("a", 1),
        runner("html", (Supplier<byte[]>) () -> "<html>hello</html>".getBytes(StandardCharsets.UTF_8)),
        runner("liar", (Supplier<byte[]>) () -> {
          try {
            return Intervals.answer("instance-liar", List.of(lying));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
    puller.round(run, targets);
    assertEquals(500, run.figures().count(), "only the healthy pod's 500 operations");
    assertEquals(1, run.figures().podsReporting());
    List<String> warnings = run.takeWarnings();
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("pod html") && w.contains("unreadable")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("pod liar") && w.contains("histogram")), warnings.toString());
  }

  /** A runner that never answers costs its own timeout; the round ends and the others are in. */
  @Test
  void aStuckRunnerTimesOutWithoutHoldingTheOthers() throws Exception {
    LiveRun run = new LiveRun();
    LiveTarget stuck = runner("stuck", (Supplier<byte[]>) () -> {
      try {
        unstick.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new byte[0];
    });
    puller.round(run, List.of(stuck, healthy("a", 1), healthy("b", 2)));
    assertEquals(2, run.figures().podsReporting());
    assertEquals(1000, run.figures().count());
    List<String> warnings = run.takeWarnings();
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("pod stuck") && warnings.get(0).contains("in time"), warnings.get(0));
  }
}
