package dev.regatta.operator.results;

import dev.regatta.api.v1alpha1.BenchmarkRunStatus.Fault;
import dev.regatta.result.NoSuccess;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ScenarioResult;
import dev.regatta.units.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, before anything is merged, which results may be summed as one fleet and what the faults of the run
 * did to them (docs/PROTOCOL.md, "Faults and what the status says"):
 *
 * <ul>
 *   <li>A result whose first measured window began later than {@link #tolerance} after the fleet's first is
 *       <b>late</b>: its windows did not run alongside the others', so adding its throughput would claim a
 *       concurrency that never happened. It is left out of the rows (its document stays where the runner put it).
 *   <li>A pod that was replaced after it had reached the start (the runner records it, see
 *       {@link ResultDocument#replaced()}) <b>lost</b> what it measured: nothing of it is in the rows.
 *   <li>A pod whose native sidecar restarted, and a pod in which some point had no successful operation, are
 *       kept in the rows (their errors are what happened) and named.
 * </ul>
 *
 * Pure: the caller passes the documents, the start instant and the pods it sees.
 */
public final class FaultScreen {
  /** Lateness is judged against a tenth of the first measured window, within these bounds. */
  public static final Duration MIN_TOLERANCE = Duration.ofMillis(100);
  public static final Duration MAX_TOLERANCE = Duration.ofSeconds(1);

  private FaultScreen() {}

  /**
   * @param merged the results to merge, in input order
   * @param excluded results read but left out (late)
   * @param faults every fault, in slot order (placement, index), lost pods before their replacements
   */
  public record Screened(List<ResultDocument> merged, List<ResultDocument> excluded, List<Fault> faults) {
    /** Some pod's measurements are not in the rows: late, or lost with a replaced pod. */
    public boolean lostData() {
      return faults.stream().anyMatch(f -> Boolean.TRUE.equals(f.getExcluded()));
    }
  }

  /**
   * How late a first measured window may begin after the fleet's first: a tenth of the window, at least
   * {@link #MIN_TOLERANCE} (what a busy node adds to a start) and at most {@link #MAX_TOLERANCE}. A window of
   * 10 s or more may start up to 1 s late; it then overlaps the others' by at least 90%.
   */
  public static Duration tolerance(double windowSeconds) {
    Duration tenth = Duration.ofNanos((long) (windowSeconds * 1e8));
    return tenth.compareTo(MIN_TOLERANCE) < 0 ? MIN_TOLERANCE : tenth.compareTo(MAX_TOLERANCE) > 0 ? MAX_TOLERANCE
        : tenth;
  }

  /**
   * @param docs every result document read, one per slot
   * @param startAt the published start instant, or null when unknown
   * @param firstWarmup the warm-up before the first measured window (scheduled first window = startAt + it)
   * @param pods what the caller knows of the run's pods (exit codes, sidecar restarts); {@link PodFacts#NONE}
   *     for a report that reads documents only
   */
  public static Screened screen(List<ResultDocument> docs, Instant startAt, Duration firstWarmup, PodFacts pods) {
    Long reference = reference(docs, startAt, firstWarmup);
    Map<String, Long> earliest = earliestByWindow(docs);
    String fleetFirst = docs.stream().filter(d -> firstStart(d) != null && d.scenarios() != null && !d.scenarios().isEmpty())
        .min(Comparator.comparing(FaultScreen::firstStart)).map(d -> window(d.scenarios().get(0))).orElse(null);
    List<ResultDocument> merged = new ArrayList<>();
    List<ResultDocument> excluded = new ArrayList<>();
    List<Fault> faults = new ArrayList<>();
    for (ResultDocument d : docs) {
      Long start = firstStart(d);
      for (ResultDocument.Replaced r : d.replaced() == null ? List.<ResultDocument.Replaced>of() : d.replaced()) {
        if (r.lostMeasurements()) {
          faults.add(lost(d, r, pods.failure(r.pod())));
        }
      }
      // A pod of a pods matrix axis first measures at a later point than pod 0 (it waits out the points that
      // need fewer pods): it is judged against the others' start of that same window, not the fleet's first.
      Long against = reference;
      if (d.scenarios() != null && !d.scenarios().isEmpty() && !window(d.scenarios().get(0)).equals(fleetFirst)) {
        against = earliest.get(window(d.scenarios().get(0)));
        start = d.scenarios().get(0).startEpochMicros();
      }
      if (against != null && start != null) {
        long lateMicros = start - against;
        Duration tolerance = tolerance(firstWindowSeconds(d));
        if (lateMicros > tolerance.toNanos() / 1000) {
          excluded.add(d);
          faults.add(late(d, lateMicros, tolerance));
          continue;
        }
      }
      merged.add(d);
      if (d.stopped() != null) {
        faults.add(fault(Fault.STOPPED_EARLY, d.pod(), d, false, "pod " + d.pod() + " (" + slot(d) + "): "
            + d.stopped().describe() + "; kept in results (partial)"));
      }
      if (d.pod() != null && !pods.sidecarRestarts(d.pod()).isEmpty()) {
        faults.add(sidecarRestarted(d, pods));
      }
      List<NoSuccess.Point> none = d.scenarios() == null ? List.of() : NoSuccess.of(d.scenarios());
      if (!none.isEmpty()) {
        faults.add(fault(Fault.NO_SUCCESS, d.pod(), d, false, "pod " + d.pod() + " (" + slot(d)
            + "): no operation succeeded in " + NoSuccess.describe(none) + "; kept in results"));
      }
      for (ScenarioResult r : d.scenarios() == null ? List.<ScenarioResult>of() : d.scenarios()) {
        if (r.toolError() != null) {
          faults.add(fault(Fault.TOOL_FAILED, d.pod(), d, false, "pod " + d.pod() + " (" + slot(d) + "): "
              + r.name() + (r.params() == null || r.params().isEmpty() ? "" : " " + r.params()) + " repeat " + r.repeat()
              + ": " + r.toolError() + "; what it wrote before is kept in results"));
        }
      }
    }
    faults.sort(Comparator.comparing((Fault f) -> Objects.toString(f.getPlacement(), ""))
        .thenComparing(f -> f.getIndex() == null ? -1 : f.getIndex()));
    return new Screened(merged, excluded, faults);
  }

  /**
   * The documents a report may merge, so that a report agrees with the run's status: those status did not
   * leave out (status.faults, excluded LateStart); with no status to ask, the screen decides again from the
   * documents (the start instant they carry, the run's first warm-up when the spec is known).
   */
  public static List<ResultDocument> mergeable(List<ResultDocument> docs, dev.regatta.api.v1alpha1.BenchmarkRun run) {
    var status = run == null ? null : run.getStatus();
    if (status != null && status.getPhase() != null && status.getPhase().isFinished()) {
      List<String> leftOut = status.getFaults() == null ? List.of() : status.getFaults().stream()
          .filter(f -> Fault.LATE_START.equals(f.getType()) && Boolean.TRUE.equals(f.getExcluded()))
          .map(Fault::getPod).toList();
      return docs.stream().filter(d -> !leftOut.contains(d.pod())).toList();
    }
    Instant startAt = docs.stream().map(ResultDocument::startAt).filter(Objects::nonNull).findFirst()
        .map(t -> {
          try {
            return Instant.parse(t);
          } catch (RuntimeException e) {
            return null;
          }
        }).orElse(null);
    Duration warmup = Duration.ZERO;
    try {
      if (run != null && run.getSpec() != null) {
        warmup = dev.regatta.matrix.ScenarioPlan.of(run.getSpec()).get(0).warmup();
      }
    } catch (RuntimeException e) {
      // an invalid spec: judge against the earliest start only
    }
    return screen(docs, startAt, warmup, PodFacts.NONE).merged();
  }

  /**
   * The fleet's first measured window start: the earliest of the results', but not before the scheduled one
   * (startAt + warm-up), so that a node whose clock runs behind does not make every other pod look late.
   */
  private static Long reference(List<ResultDocument> docs, Instant startAt, Duration firstWarmup) {
    Long earliest = docs.stream().map(FaultScreen::firstStart).filter(Objects::nonNull).min(Long::compare)
        .orElse(null);
    if (earliest == null || startAt == null) {
      return earliest;
    }
    Instant scheduled = startAt.plus(firstWarmup == null ? Duration.ZERO : firstWarmup);
    long scheduledMicros = scheduled.getEpochSecond() * 1_000_000L + scheduled.getNano() / 1000;
    return Math.max(earliest, scheduledMicros);
  }

  /** A measured window's identity across pods: scenario, point, repeat. */
  private static String window(ScenarioResult r) {
    return r.name() + " " + new java.util.TreeMap<>(r.params() == null ? Map.of() : r.params()) + " #" + r.repeat();
  }

  /** The earliest start of each window (scenario, point, repeat) over every pod that measured it. */
  private static Map<String, Long> earliestByWindow(List<ResultDocument> docs) {
    Map<String, Long> earliest = new HashMap<>();
    for (ResultDocument d : docs) {
      for (ScenarioResult r : d.scenarios() == null ? List.<ScenarioResult>of() : d.scenarios()) {
        if (r.startEpochMicros() != null) {
          earliest.merge(window(r), r.startEpochMicros(), Math::min);
        }
      }
    }
    return earliest;
  }

  private static Long firstStart(ResultDocument d) {
    if (d.measuredStartEpochMicros() != null) {
      return d.measuredStartEpochMicros();
    }
    return d.scenarios() == null || d.scenarios().isEmpty() ? null : d.scenarios().get(0).startEpochMicros();
  }

  /** The first window's planned length: a window a stop cut short is judged as the window it was to be. */
  private static double firstWindowSeconds(ResultDocument d) {
    List<ScenarioResult> s = d.scenarios();
    if (s == null || s.isEmpty()) {
      return 0;
    }
    ResultDocument.Stopped stopped = d.stopped();
    if (stopped != null && stopped.plannedSeconds() != null && stopped.cut(s.get(0))) {
      return stopped.plannedSeconds();
    }
    return s.get(0).durationSeconds();
  }

  private static Fault late(ResultDocument d, long lateMicros, Duration tolerance) {
    double seconds = Math.round(lateMicros / 1000.0) / 1000.0;
    String attempt = d.attempt() != null && d.attempt() > 1 ? " (attempt " + d.attempt() + " at this index)" : "";
    Fault f = fault(Fault.LATE_START, d.pod(), d, true, "pod " + d.pod() + " (" + slot(d) + ")" + attempt
        + ": its first measured window began " + seconds + "s after the fleet's (tolerance "
        + Durations.format(tolerance) + "), so it did not run alongside the others; its result is left out of "
        + "results (partial); its document stays with the others (resultsLocation)");
    f.setLateSeconds(seconds);
    return f;
  }

  private static Fault lost(ResultDocument replacement, ResultDocument.Replaced r, String failure) {
    String how = failure == null ? "" : " (" + failure.replaceFirst("^pod \\S+: ?", "") + ")";
    if (how.equals(" ()") || how.equals(" (failed)")) {
      how = "";
    }
    return fault(Fault.LOST_WHILE_MEASURING, r.pod(), replacement, true, "pod " + r.pod() + " (" + slot(replacement)
        + ") was lost after the start" + how + ": what it measured is lost (partial); the Job replaced it with pod "
        + replacement.pod());
  }

  private static Fault sidecarRestarted(ResultDocument d, PodFacts pods) {
    Map<String, Integer> restarts = pods.sidecarRestarts(d.pod());
    int total = restarts.values().stream().mapToInt(Integer::intValue).sum();
    List<String> each = new ArrayList<>();
    restarts.forEach((name, n) -> {
      String last = pods.lastTermination(d.pod(), name);
      each.add(name + " " + n + " time(s)" + (last.isEmpty() ? "" : ", last " + last));
    });
    long errors = d.scenarios() == null ? 0 : d.scenarios().stream().mapToLong(ScenarioResult::errors).sum();
    Fault f = fault(Fault.SIDECAR_RESTARTED, d.pod(), d, false, "pod " + d.pod() + " (" + slot(d)
        + "): sidecar restarted: " + String.join("; ", each) + "; operations while it was down are errors ("
        + errors + " in this pod's results, kept in results) and what it held (preloads, values written in "
        + "prepare) was gone after it restarted");
    f.setRestarts(total);
    return f;
  }

  /** A fault's message is one line of bounded length, whatever names the run gave its scenarios and params. */
  static final int MAX_MESSAGE = 1024;

  private static Fault fault(String type, String pod, ResultDocument d, boolean excluded, String message) {
    String line = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    Fault f = new Fault(type, pod, d.placement(), d.index(), line);
    f.setExcluded(excluded);
    return f;
  }

  private static String slot(ResultDocument d) {
    return d.placement() + "/" + d.index();
  }
}
