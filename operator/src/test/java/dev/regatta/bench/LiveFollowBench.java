package dev.regatta.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import dev.regatta.live.LiveInterval;
import dev.regatta.operator.metrics.Exposition;
import dev.regatta.operator.metrics.live.LiveSeries;
import dev.regatta.operator.reconcile.live.IntervalKey;
import dev.regatta.operator.reconcile.live.LiveFigures;
import dev.regatta.operator.reconcile.live.LiveFleet;
import dev.regatta.operator.reconcile.live.LiveListener;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.Histograms;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator following a live 1,000-pod run at 5 s intervals, end to end: the real {@link LiveFleet} (its
 * {@code LivePuller} over HTTP, the answers' checks and histogram decoding, the fleet merge, status.progress's
 * figures) and the real /metrics series ({@link LiveSeries}, scraped every 15 s), pulling 1,000 live endpoints on
 * 127.0.0.1 that a separate process serves ({@link FakeRunners}), so this process's CPU is the operator side's only.
 * Measures its CPU per interval (process CPU time: GC and JIT included) and its heap, and checks every fleet interval
 * against the sum the bench computes itself. Runs only from `make bench` (-Pbench, -Xmx256m).
 */
@Tag("bench")
class LiveFollowBench {
  static final int PODS = 1_000;
  static final int REGIONS = 5;
  static final long INTERVAL_MILLIS = 5_000;
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  static final long SEED = 13;
  static final String RUN = "bench/live-follow";

  /** What the listener heard of one fleet interval: its pods and the operations they added up to. */
  record Heard(Set<String> pods, long count, boolean shown) {}

  @Test
  void followingAThousandPods() throws Exception {
    int warm = BenchOut.quick() ? 2 : 6;
    int measured = BenchOut.quick() ? 3 : 14;
    Histogram[] pool = FakeRunners.pool(SEED);
    long[] poolCounts = new long[pool.length];
    for (int i = 0; i < pool.length; i++) {
      poolCounts[i] = pool[i].getTotalCount();
    }

    Process runners = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), FakeRunners.class.getName(),
        String.valueOf(PODS), String.valueOf(SEED)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    LiveFleet fleet = null;
    try (Writer control = new OutputStreamWriter(runners.getOutputStream(), StandardCharsets.UTF_8)) {
      BufferedReader out = new BufferedReader(new InputStreamReader(runners.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("PORTS "), "the fake runners did not start: " + line);
      String[] words = line.split(" ");
      assertEquals(PODS + 1, words.length);
      Map<String, URI> endpoints = new HashMap<>();
      List<Pod> pods = new ArrayList<>();
      Map<String, String> regionOfPlacement = new HashMap<>();
      for (int p = 0; p < PODS; p++) {
        String name = "pod-" + p;
        endpoints.put(name, URI.create("http://127.0.0.1:" + words[p + 1] + "/"));
        regionOfPlacement.put("placement-" + p % REGIONS, "region-" + p % REGIONS);
        pods.add(new PodBuilder().withNewMetadata().withName(name)
            .addToLabels(Protocol.LABEL_PLACEMENT, "placement-" + p % REGIONS).endMetadata()
            .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").endStatus().build());
      }

      // the operator side: LiveFleet + LiveSeries as OperatorLauncher wires them, with a listener that notes
      // what each fleet interval was made of (for the checks, not measured: a map put per pod's part)
      LiveSeries series = new LiveSeries(() -> Set.of(RUN));
      PrometheusRegistry registry = new PrometheusRegistry();
      registry.register(series);
      Map<IntervalKey, Heard> heard = new ConcurrentHashMap<>();
      LiveListener.Factory listeners = key -> new Noting(series.follow(key), heard);
      Exposition.of(new PrometheusRegistry(), null); // the exposition classes loaded before the heap is measured
      long heapBefore = BenchOut.settleHeap();
      fleet = new LiveFleet(pod -> endpoints.get(pod.getMetadata().getName()), PROGRESS_EVERY, listeners);

      // runners close interval k at t0 + (k+1) × 5 s; the fleet's rounds come 2.5 s after each close (the first
      // finds nothing yet), and the reconciles 1.5 s after each round, as the reconciler's nextDue would
      long t0 = System.currentTimeMillis() + 3_000;
      control.write("START " + t0 + " " + INTERVAL_MILLIS + "\n");
      control.flush();
      sleepUntil(t0 - 2_500);
      Duration interval = Duration.ofMillis(INTERVAL_MILLIS);
      fleet.follow(RUN, pods, regionOfPlacement, interval, Instant.now());

      ThreadCpu threadCpu = new ThreadCpu();
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuFollowed = os.getProcessCpuTime();
      long wallFollowed = System.nanoTime();
      long cpuStart = 0;
      long[] statStart = new long[2];
      long wallStart = 0;
      Map<String, Long> threadsStart = Map.of();
      List<LiveFigures> figures = new ArrayList<>();
      int scrapeBytes = 0;
      for (int k = 0; k < warm + measured; k++) {
        // the reconcile after interval k's round (the round at t0 + (k+1) × 5 s + 2.5 s)
        sleepUntil(t0 + (k + 1) * INTERVAL_MILLIS + 4_000);
        if (k == warm - 1) {
          cpuStart = os.getProcessCpuTime();
          statStart = processStat();
          wallStart = System.nanoTime();
          threadsStart = threadCpu.snapshot();
        }
        LiveFleet.Snapshot s = fleet.follow(RUN, pods, regionOfPlacement, interval, Instant.now());
        if (s.figures() != null) {
          figures.add(s.figures());
        }
        if (k % 3 == 2) {
          scrapeBytes = Exposition.of(registry, "application/vnd.google.protobuf;proto=io.prometheus.client."
              + "MetricFamily;encoding=delimited").bytes().length;
        }
      }
      long cpuNanos = os.getProcessCpuTime() - cpuStart;
      long[] statEnd = processStat();
      double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
      Map<String, Long> threadsEnd = threadCpu.snapshot();
      threadCpu.close();
      System.out.println("THREADS SEEN " + threadCpu.namesSeen());
      long peak = BenchOut.peakHeapBytes();
      long heapAfter = BenchOut.settleHeap();
      long heapOfLive = heapAfter - heapBefore;
      String load = loadAverage();

      // the checks: every shown fleet interval holds exactly the operations its pods served, and status's figures
      // are those of the pooled histograms the bench adds up itself
      int checked = 0;
      int minPods = PODS;
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<IntervalKey, Heard> e : heard.entrySet()) {
        long index = e.getKey().index();
        Heard h = e.getValue();
        if (!h.shown()) {
          continue;
        }
        long expected = 0;
        for (String pod : h.pods()) {
          expected += poolCounts[FakeRunners.histogramOf(Integer.parseInt(pod.substring(4)), index)];
        }
        checked++;
        minPods = Math.min(minPods, h.pods().size());
        if (expected != h.count()) {
          wrong.add("interval " + index + ": " + h.count() + " operations, its " + h.pods().size() + " pods served "
              + expected);
        }
      }
      int figuresChecked = 0;
      for (LiveFigures f : figures) {
        long index = (f.intervalEndMillis() - t0) / INTERVAL_MILLIS - 1;
        Histogram fleetInterval = Histograms.newHistogram();
        long expectedSoFar = 0;
        for (int p = 0; p < PODS; p++) {
          fleetInterval.add(pool[FakeRunners.histogramOf(p, index)]);
          for (long i = 0; i <= index; i++) {
            expectedSoFar += poolCounts[FakeRunners.histogramOf(p, i)];
          }
        }
        figuresChecked++;
        if (f.podsReporting() != PODS || f.p99Micros() != fleetInterval.getValueAtPercentile(99)
            || f.p50Micros() != fleetInterval.getValueAtPercentile(50) || f.count() < expectedSoFar) {
          wrong.add("status.progress of interval " + index + ": " + f.podsReporting() + " pods, p50 " + f.p50Micros()
              + " p99 " + f.p99Micros() + " µs, " + f.count() + " so far; the pods' sum: p50 "
              + fleetInterval.getValueAtPercentile(50) + " p99 " + fleetInterval.getValueAtPercentile(99) + " µs, "
              + expectedSoFar + " so far");
        }
      }

      double cores = cpuNanos / 1e9 / wallSeconds;
      double warmCores = (cpuStart - cpuFollowed) / 1e9 / ((wallStart - wallFollowed) / 1e9);
      long attributed = 0;
      double perInterval = cpuNanos / 1e6 / measured;
      StringBuilder md = new StringBuilder("\n## Following a live 1,000-pod run (5 s intervals, real HTTP pulls)\n\n");
      md.append("Goals (issue 13): under 20% of one core, under 256 MiB of heap.\n\n");
      md.append("| figure | measured | goal |\n|---|---:|---:|\n");
      md.append(String.format(Locale.ROOT, "| operator process CPU while following (%d intervals, %.0f s) | **%.1f%% of "
          + "one core** (%.0f ms per interval) | < 20%% (%s) |%n", measured, wallSeconds, 100 * cores, perInterval,
          cores < 0.2 ? "met" : "missed"));
      for (Map.Entry<String, Long> e : new TreeMap<>(threadsEnd).entrySet()) {
        long d = e.getValue() - threadsStart.getOrDefault(e.getKey(), 0L);
        attributed += d;
        if (d > 0) {
          md.append(String.format(Locale.ROOT, "| … %s | %.1f%% of one core | |%n", e.getKey(),
              100 * d / 1e9 / wallSeconds));
        }
      }
      md.append(String.format(Locale.ROOT, "| … short-lived threads, not sampled (see below) | %.1f%% of one "
          + "core | |%n", Math.max(0, 100 * (cpuNanos - attributed) / 1e9 / wallSeconds)));
      md.append(String.format(Locale.ROOT, "| cross-check, /proc/self/stat over the same time: this process / its "
          + "reaped children | %.1f%% / %.1f%% of one core; %d threads seen | |%n",
          100 * (statEnd[0] - statStart[0]) / 100.0 / wallSeconds, 100 * (statEnd[1] - statStart[1]) / 100.0 / wallSeconds,
          threadCpu.tasksSeen()));
      md.append(String.format(Locale.ROOT, "| for comparison: the %d warm-up intervals before (JIT compiling the "
          + "paths) | %.1f%% of one core | |%n", warm, 100 * warmCores));
      md.append(String.format(Locale.ROOT, "| heap after GC at the end, whole JVM (the live state: %s) | **%s** | "
          + "< 256 MiB (%s) |%n", BenchOut.mib(heapOfLive), BenchOut.mib(heapAfter),
          heapAfter < 256L << 20 ? "met" : "missed"));
      md.append(String.format(Locale.ROOT, "| peak heap while following (garbage included: the collector lets it "
          + "fill towards -Xmx256m before it collects) | %s | |%n", BenchOut.mib(peak)));
      md.append(String.format(Locale.ROOT, "| a /metrics scrape (protobuf) every 15 s | %d bytes | |%n", scrapeBytes));
      md.append(String.format(Locale.ROOT, "| fleet intervals checked against the pods' sum | %d, %s; fewest pods in "
          + "one: %d | all exact |%n", checked, wrong.isEmpty() ? "all exact" : wrong.size() + " wrong", minPods));
      md.append(String.format(Locale.ROOT, "| status.progress snapshots checked (p50, p99, pods, count so far) | %d, %s "
          + "| all exact |%n", figuresChecked, wrong.isEmpty() ? "all exact" : "see the bench's output"));
      md.append("\nA separate JVM (FakeRunners) serves 1,000 live endpoints on 127.0.0.1 (one port each, one selector"
          + " thread, keep-alive), each closing an interval every 5 s whose histogram holds ~3,000 latencies "
          + "log-uniform over 100 µs–100 ms; the bench's JVM runs the real LiveFleet (LivePuller over the JDK "
          + "HttpClient, the answers' checks, the fleet merge, status.progress's figures every 10 s) and the "
          + "/metrics series, after " + warm + " warm-up intervals. CPU is the bench process's CPU time (every "
          + "thread, GC and JIT included) over the measured intervals' wall time, split by thread from /proc (sampled every 200 ms; a thread that lives less "
          + "than that is not seen by name, hence the short-lived row). Measured " + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
          .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + "; load average (1, 5, 15 min) on this "
          + Runtime.getRuntime().availableProcessors() + "-core machine at the end: " + load + ".\n");
      BenchOut.append(md.toString());
      wrong.forEach(System.out::println);
      assertTrue(checked >= measured, "only " + checked + " fleet intervals were shown");
      assertTrue(figuresChecked >= measured / 3, "status.progress was renewed " + figuresChecked + " times");
      assertTrue(wrong.isEmpty(), String.join("\n", wrong));
      assertTrue(cores < 0.2, "following cost " + 100 * cores + "% of a core");
      assertTrue(heapAfter < 256L << 20, "heap after GC " + BenchOut.mib(heapAfter));
    } finally {
      if (fleet != null) {
        fleet.close();
      }
      runners.destroy();
      if (!runners.waitFor(10, TimeUnit.SECONDS)) {
        runners.destroyForcibly();
      }
    }
  }

  /** Counts each fleet interval's parts and hands everything on to the /metrics series. */
  private static final class Noting implements LiveListener {
    private final LiveListener next;
    private final Map<IntervalKey, Heard> heard;
    private final Map<IntervalKey, Map<String, Long>> open = new ConcurrentHashMap<>();

    Noting(LiveListener next, Map<IntervalKey, Heard> heard) {
      this.next = next;
      this.heard = heard;
    }

    @Override
    public void counted(String pod, LiveInterval interval, Histogram histogram, boolean inInterval) {
      next.counted(pod, interval, histogram, inInterval);
      if (inInterval) {
        open.computeIfAbsent(IntervalKey.of(interval), k -> new ConcurrentHashMap<>()).put(pod, interval.count());
      }
    }

    @Override
    public void completed(IntervalKey key, boolean shown) {
      next.completed(key, shown);
      Map<String, Long> parts = open.remove(key);
      if (parts != null) {
        heard.put(key, new Heard(new HashSet<>(parts.keySet()),
            parts.values().stream().mapToLong(Long::longValue).sum(), shown));
      }
    }

    @Override
    public void regions(Map<String, String> regionOfPod) {
      next.regions(regionOfPod);
    }
  }

  /**
   * CPU time of this process's threads by what they do, from /proc/self/task (JVM threads included: GC and JIT are
   * part of the cost). Sampled every 200 ms and added up per thread, so threads that end in between (the JVM starts
   * and stops compiler threads as it needs them) still count up to their last sample.
   */
  private static final class ThreadCpu implements AutoCloseable {
    private final Map<String, long[]> lastByTask = new HashMap<>();
    private final Map<String, Long> byGroup = new HashMap<>();
    private final java.util.concurrent.ScheduledExecutorService sampler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "bench-cpu-sampler");
          t.setDaemon(true);
          return t;
        });

    ThreadCpu() {
      sampler.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    synchronized String namesSeen() {
      Map<String, Integer> n = new TreeMap<>();
      lastByTask.keySet().forEach(k -> n.merge(k.substring(k.indexOf('/') + 1).replaceAll("\\d+", "N"), 1, Integer::sum));
      return n.toString();
    }

    synchronized int tasksSeen() {
      return lastByTask.size();
    }

    /** Nanoseconds of CPU so far per group, since the sampler started. */
    synchronized Map<String, Long> snapshot() {
      sample();
      return new HashMap<>(byGroup);
    }

    private synchronized void sample() {
      java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
      if (tasks == null) {
        return;
      }
      for (java.io.File t : tasks) {
        try {
          String comm = java.nio.file.Files.readString(t.toPath().resolve("comm")).trim();
          String stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
          long[] last = lastByTask.computeIfAbsent(t.getName() + "/" + comm, k -> new long[] {ticks});
          byGroup.merge(groupOf(comm), (ticks - last[0]) * 10_000_000L, Long::sum); // USER_HZ is 100
          last[0] = ticks;
        } catch (Exception e) {
          // the thread ended meanwhile
        }
      }
    }

    @Override
    public void close() {
      sampler.shutdownNow();
    }
  }

  private static String groupOf(String comm) {
    if (comm.startsWith("regatta-live-ro")) {
      return "pull rounds (regatta-live-round)";
    } else if (comm.startsWith("regatta-live-pu")) {
      return "pull threads (regatta-live-pull: answers read, checked, merged)";
    } else if (comm.startsWith("regatta-live-ht")) {
      return "HTTP client pool (regatta-live-http)";
    } else if (comm.startsWith("HttpClient-")) {
      return "HTTP client selector";
    } else if (comm.startsWith("regatta-live")) {
      return "ticks (regatta-live-ticks)";
    } else if (comm.startsWith("GC ") || comm.startsWith("G1 ") || comm.startsWith("VM ")) {
      return "GC and VM threads";
    } else if (comm.startsWith("C1 ") || comm.startsWith("C2 ")) {
      return "JIT compilers";
    }
    return "other (the bench's reconciles, scrapes and CPU sampler, surefire)";
  }

  /** This process's utime+stime and its reaped children's, in ticks (USER_HZ, 100 a second). */
  private static long[] processStat() {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    } catch (Exception e) {
      return new long[2];
    }
  }

  private static String loadAverage() {
    try {
      String[] w = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
      return w[0] + ", " + w[1] + ", " + w[2];
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long left;
    while ((left = epochMillis - System.currentTimeMillis()) > 0) {
      Thread.sleep(left);
    }
  }
}
