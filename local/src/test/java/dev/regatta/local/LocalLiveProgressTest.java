package dev.regatta.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.api.v1alpha1.Progress;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.live.LiveAnswer;
import dev.regatta.live.LiveInterval;
import dev.regatta.local.standins.TargetPlan;
import dev.regatta.operator.HttpEndpoints;
import dev.regatta.operator.metrics.Exposition;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live run end to end in local mode: two real runner JVMs send 100 requests/s each (open model: latency from the
 * intended send time) for 40 s with 5 s live intervals to a loopback HTTP target that stalls once for 1 s, 16.5 s
 * into the window (the test reads the window's start from the runners' first interval), the operator pulling them. While Running,
 * status.progress changes at least three times; the fleet p99 it shows for an interval equals the p99 of the two
 * pods' own interval histograms pooled, which the test reads from the runners' live endpoints itself; the stall is in
 * its interval's p99 and in no neighbour's. The operator's /metrics carries the run's series while it runs and drops
 * them once it is deleted, and a real Prometheus scraping it every second answers a PromQL query for the run's p99
 * with status.progress' number: exactly from the quantile gauge, within a bucket from the native histogram.
 */
class LocalLiveProgressTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = "stall";
  /** The stall's latencies are up to 1 s; the target otherwise answers at once. */
  private static final long STALL_SHOWS_MICROS = 500_000;
  @TempDir
  static Path tmp;
  static HttpStandin target;
  static volatile LocalCluster cluster;
  static KubernetesClient client;
  static HttpEndpoints metrics;
  static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws Exception {
    PrometheusServer.binary(); // says what to install before anything starts
    target = HttpStandin.start(64);
    // the operator's /metrics as the run command serves it (empty until the operator is up); Prometheus gets ready
    // while the cluster starts
    metrics = new HttpEndpoints(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), accept -> cluster == null ? new Exposition.Body("text/plain", new byte[0])
        : cluster.operator().scrape(accept), () -> true, () -> true);
    prometheus = PrometheusServer.launch(tmp.resolve("prometheus"), "127.0.0.1:" + metrics.port());
    cluster = LocalCluster.start(new LocalCluster.Settings(0, Repo.runnerJar(), tmp.resolve("work"), Zone.DEFAULT, 1,
        Repo.redisServer(), 64 * 1024, Duration.ofSeconds(2)), new TargetPlan(), Duration.ofSeconds(2));
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, metrics, client, cluster, target}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the rest still stops
      }
    }
  }

  @Test
  void progressPrometheusAndTheStallInItsInterval() throws Exception {
    BenchmarkRun run = RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: %s, namespace: default}
        spec:
          placements:
            - {name: eu, pods: 2, region: eu-west-1}
          scenarios:
            - name: get
              http: {url: "%s"}
              load: {model: open, rate: 100, connections: 200}
              duration: 40s
          liveInterval: 5s
          startDelay: 2s
          startTimeout: 4m
          timeout: 6m
        """.formatted(RUN, target.url()), "test").get(0);
    List<Progress> whileRunning = Collections.synchronizedList(new ArrayList<>());
    var runs = client.resources(BenchmarkRun.class).inNamespace("default");
    // every interval of every pod, read by the test from the runners themselves: (pod, seq) -> interval
    Map<String, LiveInterval> podIntervals = new ConcurrentHashMap<>();
    AtomicBoolean onMetricsWhileRunning = new AtomicBoolean();
    long[] stall = new long[2]; // its start and end, epoch ms, once the window's start is known
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try (Watch w = runs.withName(RUN).watch(new Watcher<>() {
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
      prometheus = prometheus.awaitReady(); // the runners take longer to start
      // pull as the operator does, but on our own, until the run has left Running (runners exit then)
      await("the run to end").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
        for (Pod p : client.pods().inNamespace("default").withLabel(Protocol.LABEL_RUN, RUN).list().getItems()) {
          URI endpoint = cluster.executor().livePorts().endpoint(p);
          if (endpoint == null) {
            continue;
          }
          try {
            HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(endpoint.resolve(Protocol.LIVE_PATH + "?after=0"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
            LiveAnswer a = JSON.readValue(resp.body(), LiveAnswer.class);
            a.intervals().forEach(i -> podIntervals.put(p.getMetadata().getName() + "/" + i.seq(), i));
            if (stall[0] == 0 && !a.intervals().isEmpty() && a.intervals().get(0).index() == 0) {
              // the middle of the window's fourth interval (15 to 20 s), whatever the runners' start took
              stall[0] = a.intervals().get(0).startMillis() + 16_500;
              stall[1] = stall[0] + 1_000;
              target.stallAt(stall[0], Duration.ofSeconds(1));
            }
          } catch (Exception e) {
            // the runner has just ended; what it served before is kept
          }
        }
        BenchmarkRun r = runs.withName(RUN).get();
        if (r != null && r.getStatus() != null && r.getStatus().getPhase() == Phase.Running
            && metricsText().contains("regatta_live_requests_total{") && metricsText().contains("run=\"" + RUN + "\"")) {
          onMetricsWhileRunning.set(true);
        }
        return r != null && r.getStatus() != null && r.getStatus().getPhase() != null
            && r.getStatus().getPhase().isFinished();
      });
    }
    BenchmarkRun done = runs.withName(RUN).get();
    assertEquals(Phase.Succeeded, done.getStatus().getPhase(), done.getStatus().getMessage());
    assertEquals(null, done.getStatus().getProgress(), "progress is gone once the run has ended");
    assertTrue(whileRunning.size() >= 3, "status.progress changed " + whileRunning.size() + " times while Running: "
        + whileRunning.stream().map(LocalLiveProgressTest::json).toList());
    assertTrue(onMetricsWhileRunning.get(), "/metrics carried the run's series while it ran: " + metricsText());

    // the fleet's intervals as the test pools them: index -> both pods' histograms added up, and its end
    Map<Long, Histogram> pooled = new TreeMap<>();
    Map<Long, Long> endOf = new HashMap<>();
    Map<Long, Integer> partsOf = new HashMap<>();
    for (LiveInterval i : podIntervals.values()) {
      pooled.computeIfAbsent(i.index(), k -> Histograms.newHistogram()).add(Histograms.decode(i.histogram()));
      endOf.merge(i.index(), i.endMillis(), Math::max);
      partsOf.merge(i.index(), 1, Integer::sum);
    }
    long stalled = pooled.entrySet().stream().filter(e -> e.getValue().getValueAtPercentile(99) >= STALL_SHOWS_MICROS)
        .mapToLong(Map.Entry::getKey).min().orElse(-1);
    assertTrue(stall[0] > 0, "the test saw the window's first interval in time to place the stall");
    assertEquals(3, stalled, "the stall, 16.5 s into the window, is in the interval from 15 to 20 s: " + p99s(pooled));
    for (LiveInterval i : podIntervals.values()) {
      if (i.index() == stalled) {
        assertTrue(i.startMillis() <= stall[0] && i.endMillis() >= stall[1], "the stall is inside it: " + i);
      }
    }
    assertEquals(2, partsOf.get(stalled), "both pods' parts of it were read");
    for (long neighbour : new long[] {stalled - 1, stalled + 1}) {
      assertTrue(pooled.get(neighbour).getValueAtPercentile(99) < STALL_SHOWS_MICROS,
          "interval " + neighbour + " does not show the stall: " + p99s(pooled));
    }

    int compared = 0;
    boolean stallShown = false;
    for (Progress p : whileRunning) {
      assertEquals(2, p.getPodsExpected());
      assertEquals("get", p.getScenario());
      assertEquals(1, p.getRepeat());
      if (p.getPodsReporting() != 2) {
        continue; // a pod's part came too late for that interval: not the pooled figure of both
      }
      long end = Instant.parse(p.getIntervalEnd()).toEpochMilli();
      Long index = endOf.entrySet().stream().filter(e -> e.getValue() == end && partsOf.get(e.getKey()) == 2)
          .map(Map.Entry::getKey).findFirst().orElse(null);
      if (index == null) {
        continue; // the runners ended before the test read that interval (the operator was quicker)
      }
      Histogram h = pooled.get(index);
      assertEquals(h.getValueAtPercentile(99), p.getP99Micros(), "fleet p99 of interval " + index);
      assertEquals(h.getValueAtPercentile(50), p.getP50Micros(), "fleet p50 of interval " + index);
      assertEquals(index == stalled, p.getP99Micros() >= STALL_SHOWS_MICROS, "interval " + index + ": "
          + json(p));
      stallShown |= index == stalled;
      compared++;
    }
    assertTrue(compared >= 3, compared + " progress snapshots held both pods' interval: "
        + whileRunning.stream().map(LocalLiveProgressTest::json).toList());
    assertTrue(stallShown, "status.progress showed the stalled interval: "
        + whileRunning.stream().map(LocalLiveProgressTest::json).toList());

    samePromQlP99AsProgress(whileRunning, pooled.get(stalled));
    seriesKeptAsServed(podIntervals);

    // deleting the run takes its series off /metrics
    runs.withName(RUN).delete();
    await("the run's series to leave /metrics").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
        .until(() -> !metricsText().contains("run=\"" + RUN + "\""));
    assertTrue(metricsText().contains("regatta_runs{"), "the rest of /metrics is still there");
  }

  /**
   * Prometheus scraped every second while the run ran. The scrape whose request counter equals a progress' count
   * holds the same run so far: its p99 gauge is that progress' runP99 exactly, and histogram_quantile over the native
   * histogram is within one bucket of it (schema 5: a factor 2^(1/32)). The interval gauge showed the stalled
   * interval's p99 exactly.
   */
  private void samePromQlP99AsProgress(List<Progress> whileRunning, Histogram stalledInterval) throws Exception {
    Instant now = Instant.now();
    String sel = "{run=\"" + RUN + "\",namespace=\"default\",scenario=\"get\"";
    // the pods' region is the placement's: every operation is counted there
    Map<Double, Double> countAt = samples(prometheus.query("regatta_live_requests_total" + sel
        + ",region=\"eu-west-1\"}[15m]", now));
    Map<Double, Double> p99At = samples(prometheus.query(
        "regatta_live_latency_quantile_seconds" + sel + ",region=\"*\",window=\"run\",quantile=\"0.99\"}[15m]", now));
    Map<Double, Double> intervalP99At = samples(prometheus.query(
        "regatta_live_latency_quantile_seconds" + sel + ",region=\"*\",window=\"interval\",quantile=\"0.99\"}[15m]", now));
    assertFalse(countAt.isEmpty(), "Prometheus scraped the run's counter: " + prometheus.log());
    int matched = 0;
    for (Progress p : whileRunning) {
      for (Map.Entry<Double, Double> c : countAt.entrySet()) {
        if (c.getValue() != p.getCount().doubleValue()) {
          continue;
        }
        double ts = c.getKey();
        assertEquals(p.getRunP99Micros() / 1e6, p99At.get(ts), "the p99 gauge scraped at " + ts + " with count "
            + p.getCount());
        JsonNode native99 = prometheus.query("histogram_quantile(0.99, sum(regatta_live_latency_seconds" + sel + "}))",
            Instant.ofEpochMilli((long) (ts * 1000)));
        assertEquals(1, native99.size(), "histogram_quantile over the native histogram: " + native99);
        double fromBuckets = native99.get(0).path("value").get(1).asDouble();
        double exact = p.getRunP99Micros() / 1e6;
        double bucket = Math.pow(2, 1.0 / 32);
        assertTrue(fromBuckets >= exact / bucket && fromBuckets <= exact * bucket,
            "native histogram p99 " + fromBuckets + " within a bucket of " + exact);
        matched++;
      }
    }
    assertTrue(matched >= 1, "a scrape held a run so far that status.progress showed: counts scraped "
        + countAt.values() + ", shown " + whileRunning.stream().map(Progress::getCount).toList());
    assertTrue(intervalP99At.containsValue(stalledInterval.getValueAtPercentile(99) / 1e6),
        "Prometheus has the stalled interval's exact p99 " + stalledInterval.getValueAtPercentile(99) / 1e6 + ": "
            + intervalP99At.values());
  }

  /** A range vector's one series as timestamp -> value. */
  private static Map<Double, Double> samples(JsonNode result) {
    Map<Double, Double> out = new TreeMap<>();
    assertTrue(result.size() <= 1, "one series: " + result);
    for (JsonNode series : result) {
      for (JsonNode v : series.path("values")) {
        out.put(v.get(0).asDouble(), Double.parseDouble(v.get(1).asText()));
      }
    }
    return out;
  }

  /** The operator's /metrics over HTTP, as curl gets it (the text format). */
  private static String metricsText() throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port()
        + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String p99s(Map<Long, Histogram> pooled) {
    StringBuilder b = new StringBuilder();
    pooled.forEach((k, h) -> b.append(k).append(": p99 ").append(h.getValueAtPercentile(99)).append(" us, n ")
        .append(h.getTotalCount()).append("; "));
    return b.toString();
  }

  /**
   * Each pod's published document keeps the window's time series: interval by interval the counts and histograms
   * its live endpoint served (those the test read), adding up to the window.
   */
  private static void seriesKeptAsServed(Map<String, LiveInterval> podIntervals) {
    List<ConfigMap> results = client.configMaps().inNamespace("default").withLabel(Protocol.LABEL_RUN, RUN)
        .withLabel(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT).list().getItems();
    assertEquals(2, results.size());
    int matched = 0;
    for (ConfigMap cm : results) {
      ResultDocument doc = ResultJson.read(cm.getData().get(Protocol.RESULT_KEY));
      ScenarioResult window = doc.scenarios().get(0);
      SeriesCheck.check(window);
      assertEquals(5_000, window.series().intervalMillis());
      assertTrue(window.series().intervals().size() >= 8, "40 s at 5 s: " + window.series().intervals().size());
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
}
