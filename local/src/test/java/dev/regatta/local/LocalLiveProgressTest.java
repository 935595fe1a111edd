package dev.regatta.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.Progress;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.live.LiveAnswer;
import dev.regatta.live.LiveInterval;
import dev.regatta.local.standins.TargetPlan;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.Histograms;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.result.SeriesCheck;
import dev.regatta.result.SeriesInterval;
import io.fabric8.kubernetes.api.model.ConfigMap;
import dev.regatta.runner.standin.HttpStandin;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * status.progress end to end in local mode: two real runner JVMs against a loopback HTTP target for 12 s with 2 s
 * live intervals, the operator pulling them. While the run is Running its progress changes at least three times,
 * and the fleet p99 it shows for an interval equals the p99 of the two pods' own interval histograms pooled, which
 * the test reads from the runners' live endpoints itself.
 */
class LocalLiveProgressTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  static Path tmp;
  static HttpStandin target;
  static LocalCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    target = HttpStandin.withDelay(64, Duration.ofMillis(2));
    cluster = LocalCluster.start(new LocalCluster.Settings(0, Repo.runnerJar(), tmp.resolve("work"), Zone.DEFAULT, 1,
        Repo.redisServer(), 64 * 1024, Duration.ofSeconds(2)), new TargetPlan(), Duration.ofSeconds(2));
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void progressChangesWhileRunningWithTheExactFleetP99() throws Exception {
    BenchmarkRun run = RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: live, namespace: default}
        spec:
          placements:
            - {name: eu, pods: 2, region: eu-west-1}
          scenarios:
            - name: get
              http: {url: "%s"}
              load: {connections: 2}
              duration: 12s
          liveInterval: 2s
          startDelay: 2s
          startTimeout: 4m
          timeout: 6m
        """.formatted(target.url()), "test").get(0);
    List<Progress> whileRunning = Collections.synchronizedList(new ArrayList<>());
    var runs = client.resources(BenchmarkRun.class).inNamespace("default");
    // every interval of every pod, read by the test from the runners themselves: (pod, seq) -> interval
    Map<String, LiveInterval> podIntervals = new ConcurrentHashMap<>();
    try (Watch w = runs.withName("live").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, BenchmarkRun r) {
        if (r.getStatus() != null && r.getStatus().getPhase() == Phase.Running && r.getStatus().getProgress() != null
            && r.getStatus().getProgress().getScenario() != null) {
          synchronized (whileRunning) {
            Progress p = r.getStatus().getProgress();
            if (whileRunning.isEmpty() || !json(whileRunning.get(whileRunning.size() - 1)).equals(json(p))) {
              whileRunning.add(p);
            }
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      runs.resource(run).create();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      // pull as the operator does, but on our own, until the run has left Running (runners exit then)
      await("the run to end").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
        for (Pod p : client.pods().inNamespace("default").withLabel(Protocol.LABEL_RUN, "live").list().getItems()) {
          URI endpoint = cluster.executor().livePorts().endpoint(p);
          if (endpoint == null) {
            continue;
          }
          try {
            HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(endpoint.resolve(Protocol.LIVE_PATH + "?after=0"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
            LiveAnswer a = JSON.readValue(resp.body(), LiveAnswer.class);
            a.intervals().forEach(i -> podIntervals.put(p.getMetadata().getName() + "/" + i.seq(), i));
          } catch (Exception e) {
            // the runner has just ended; what it served before is kept
          }
        }
        BenchmarkRun r = runs.withName("live").get();
        return r != null && r.getStatus() != null && r.getStatus().getPhase() != null
            && r.getStatus().getPhase().isFinished();
      });
    }
    BenchmarkRun done = runs.withName("live").get();
    assertEquals(Phase.Succeeded, done.getStatus().getPhase(), done.getStatus().getMessage());
    assertEquals(null, done.getStatus().getProgress(), "progress is gone once the run has ended");

    assertTrue(whileRunning.size() >= 3, "status.progress changed " + whileRunning.size() + " times while Running: "
        + whileRunning.stream().map(LocalLiveProgressTest::json).toList());
    int compared = 0;
    for (Progress p : whileRunning) {
      assertEquals(2, p.getPodsExpected());
      assertEquals("get", p.getScenario());
      assertEquals(1, p.getRepeat());
      if (p.getPodsReporting() != 2) {
        continue; // a pod's part came too late for that interval: not the pooled figure of both
      }
      Instant end = Instant.parse(p.getIntervalEnd());
      // the fleet interval is the pods' intervals with the same index; its end is the latest of theirs
      Histogram pooled = Histograms.newHistogram();
      long count = 0;
      long latestEnd = 0;
      for (long index = 0; index < 20; index++) {
        long k = index;
        List<LiveInterval> same = podIntervals.values().stream().filter(i -> i.index() == k).toList();
        long maxEnd = same.stream().mapToLong(LiveInterval::endMillis).max().orElse(-1);
        if (same.size() == 2 && maxEnd == end.toEpochMilli()) {
          same.forEach(i -> pooled.add(Histograms.decode(i.histogram())));
          count = same.stream().mapToLong(LiveInterval::count).sum();
          latestEnd = maxEnd;
        }
      }
      if (latestEnd == 0) {
        // the runners ended before the test read their last intervals (the operator was quicker): not comparable
        continue;
      }
      assertEquals(pooled.getValueAtPercentile(99), p.getP99Micros(), "fleet p99 of the interval ending " + end);
      assertEquals(pooled.getValueAtPercentile(50), p.getP50Micros(), "fleet p50 of the interval ending " + end);
      assertTrue(count > 0);
      assertTrue(p.getP99Micros() >= 2000, "the target's 2 ms delay is in the p99: " + p.getP99Micros());
      compared++;
    }
    assertTrue(compared >= 1, "at least one progress held both pods' interval: "
        + whileRunning.stream().map(LocalLiveProgressTest::json).toList());
    seriesKeptAsServed(podIntervals);
  }

  /**
   * Each pod's published document keeps the window's time series: interval by interval the counts and histograms
   * its live endpoint served (those the test read), adding up to the window.
   */
  private static void seriesKeptAsServed(Map<String, LiveInterval> podIntervals) {
    List<ConfigMap> results = client.configMaps().inNamespace("default").withLabel(Protocol.LABEL_RUN, "live")
        .withLabel(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT).list().getItems();
    assertEquals(2, results.size());
    int matched = 0;
    for (ConfigMap cm : results) {
      ResultDocument doc = ResultJson.read(cm.getData().get(Protocol.RESULT_KEY));
      ScenarioResult window = doc.scenarios().get(0);
      SeriesCheck.check(window);
      assertEquals(2_000, window.series().intervalMillis());
      assertTrue(window.series().intervals().size() >= 6, "12 s at 2 s: " + window.series().intervals().size());
      for (LiveInterval served : podIntervals.values()) {
        if (!podIntervals.containsKey(doc.pod() + "/" + served.seq()) || podIntervals.get(doc.pod() + "/"
            + served.seq()) != served) {
          continue;
        }
        SeriesInterval kept = window.series().intervals().get((int) served.index());
        assertEquals(served.count(), kept.count(), doc.pod() + " interval " + served.index());
        assertEquals(served.histogram(), kept.histogram(), doc.pod() + " interval " + served.index());
        matched++;
      }
    }
    assertTrue(matched >= 2, "the test read intervals of both pods: " + matched);
  }

  private static String json(Progress p) {
    try {
      return JSON.writeValueAsString(p);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Optional<BenchmarkRun> get(String name) {
    return Optional.ofNullable(client.resources(BenchmarkRun.class).inNamespace("default").withName(name).get());
  }
}
