package dev.regatta.operator.reconcile.live;

import dev.regatta.live.LiveInterval;
import dev.regatta.result.Histograms;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * What the operator keeps of one run's live intervals, bounded whatever the run's length: each pod's cursor, the
 * fleet intervals still waiting for pods (at most {@link #MAX_PENDING}), the run-so-far sum (one histogram and
 * counters) and the last complete fleet interval. Pods' intervals are folded in as they arrive and then dropped.
 *
 * <p>A fleet interval is complete when every pod that answered the round has given its part, or after
 * {@link #ROUNDS_TO_WAIT} rounds (a pod that is idle at a point, slow or dead does not hold it back; it is not among
 * {@code pods}). Methods are synchronized: pulls complete on the HTTP client's threads, the reconcile reads.
 */
public final class LiveRun {
  static final int MAX_PENDING = 4;
  static final int ROUNDS_TO_WAIT = 2;
  /**
   * Warning Events one run gets from its live channel: one per pod and kind, at most this many in all, then one
   * that says how many more pods were left out (a 1,000-pod run of an image without the endpoint is one story).
   */
  static final int MAX_WARNINGS = 10;

  private record Cursor(String instance, long seq) {}

  private final Map<String, Cursor> cursors = new HashMap<>();
  private final LinkedHashMap<IntervalKey, FleetInterval> pending = new LinkedHashMap<>();
  /** Fleet intervals completed lately: a pod's part that comes after its interval was shown counts in the run
   * so far only, rather than opening that interval again as a fleet interval of one pod. */
  private final LinkedHashSet<IntervalKey> completed = new LinkedHashSet<>();
  private final Histogram runSoFar = Histograms.newHistogram();
  private long count;
  private long errors;
  private long dropped;
  private FleetInterval last;
  private final Set<String> warned = new HashSet<>();
  private int issued;
  private boolean saidMore;
  private final ArrayDeque<String> warnings = new ArrayDeque<>();
  private final Set<String> answeredThisRound = new HashSet<>();
  /** Kept only for a round listener (abortOnFail): each point's figures so far. */
  private final PointsSoFar points = new PointsSoFar();
  private RoundListener roundListener;
  private final LiveListener listener;
  /** Each pod's region (pods of no region are absent); the regions' figures are shown when there are two or more. */
  private Map<String, String> regionOfPod = Map.of();
  private boolean regional;

  LiveRun() {
    this(LiveListener.NONE);
  }

  /** @param listener hears every part counted and every fleet interval completed (the /metrics series) */
  LiveRun(LiveListener listener) {
    this.listener = listener;
  }

  /** Where to pull {@code pod} from next (0: from its oldest interval). */
  synchronized long cursor(String pod) {
    Cursor c = cursors.get(pod);
    return c == null ? 0 : c.seq();
  }

  /** A pod's readable answer: its new intervals join the fleet's. */
  synchronized void answered(String pod, LiveAnswerReader.Answer a) {
    Cursor c = cursors.get(pod);
    if (c != null && !c.instance().equals(a.instance())) {
      // the runner restarted: its seq starts again, so this answer (after the old cursor) may have skipped some;
      // the next round pulls it from its start
      cursors.put(pod, new Cursor(a.instance(), 0));
      return;
    }
    long seq = c == null ? 0 : c.seq();
    for (LiveAnswerReader.Read r : a.intervals()) {
      LiveInterval i = r.interval();
      if (i.seq() <= seq) {
        continue;
      }
      seq = i.seq();
      IntervalKey key = IntervalKey.of(i);
      FleetInterval f = pending.get(key);
      if (f == null && !completed.contains(key)) {
        f = new FleetInterval(key);
        pending.put(key, f);
      }
      if (f == null && roundListener != null) {
        // a part after its interval was complete: its operations still count in the point so far
        points.of(key.scenario(), key.params()).add(r.histogram(), i.count(), i.errors(), i.dropped(), i.bytes());
      }
      if (f == null || f.add(pod, i, r.histogram(), regionOfPod.get(pod))) {
        runSoFar.add(r.histogram());
        count += i.count();
        errors += i.errors();
        dropped += i.dropped();
        listener.counted(pod, i, r.histogram(), f != null);
      }
    }
    cursors.put(pod, new Cursor(a.instance(), seq));
    answeredThisRound.add(pod);
    while (pending.size() > MAX_PENDING) {
      complete(pending.keySet().iterator().next());
    }
  }

  /** A pod answered garbage or not at all: once per pod and kind, a warning for the run's Events. */
  synchronized void failed(String pod, String kind, String message) {
    if (warned.size() >= 10_000 || !warned.add(pod + "/" + kind)) {
      return;
    }
    if (issued < MAX_WARNINGS) {
      issued++;
      warnings.add(message);
    } else if (!saidMore) {
      saidMore = true;
      warnings.add("more runners' live endpoints did not answer or answered garbage; live figures leave them out "
          + "(podsReporting), the final results do not");
    }
  }

  /** The round's pulls are all in (answered, failed or timed out): completes the fleet intervals it can. */
  synchronized void roundEnded() {
    List<IntervalKey> done = new ArrayList<>();
    for (Iterator<FleetInterval> it = pending.values().iterator(); it.hasNext(); ) {
      FleetInterval f = it.next();
      f.roundsWaited++;
      if (!answeredThisRound.isEmpty() && f.pods.containsAll(answeredThisRound) || f.roundsWaited > ROUNDS_TO_WAIT) {
        done.add(f.key);
      }
    }
    done.forEach(this::complete);
    answeredThisRound.clear();
    if (roundListener != null) {
      roundListener.roundEnded(points.view());
    }
  }

  /** Who is told at the end of each round, with the points so far (kept from now on); null for nobody. */
  synchronized void listenRounds(RoundListener l) {
    roundListener = l;
  }

  synchronized RoundListener roundListener() {
    return roundListener;
  }

  private void complete(IntervalKey key) {
    FleetInterval f = pending.remove(key);
    completed.add(key);
    if (completed.size() > 4 * MAX_PENDING) {
      completed.remove(completed.iterator().next());
    }
    if (f != null && !f.isStub() && (last == null || f.endMillis >= last.endMillis)) {
      last = f;
    }
    if (f != null && roundListener != null) {
      PointSoFar p = points.of(key.scenario(), key.params());
      p.add(f.histogram, f.count, f.errors, f.dropped, f.bytes);
      p.measured(f.key.repeat(), f.startMillis, f.endMillis);
    }
    listener.completed(key, f != null && !f.isStub());
  }

  /** Fleet intervals waiting for pods (at most {@link #MAX_PENDING}). */
  synchronized int pendingCount() {
    return pending.size();
  }

  /** The run's pods and their regions now. */
  synchronized void regions(Map<String, String> regionOfPod) {
    this.regionOfPod = Map.copyOf(regionOfPod);
    this.regional = new HashSet<>(regionOfPod.values()).size() >= 2;
  }

  /** Pods no longer in the run lose their cursor (bounded by the run's pods). */
  synchronized void retain(Set<String> pods) {
    cursors.keySet().retainAll(pods);
  }

  /** The warnings since the last call, for Events. */
  synchronized List<String> takeWarnings() {
    List<String> out = new ArrayList<>(warnings);
    warnings.clear();
    return out;
  }

  /** The figures status.progress is made of, or null before the first complete fleet interval. */
  synchronized LiveFigures figures() {
    if (last == null) {
      return null;
    }
    FleetInterval f = last;
    double secs = f.seconds();
    List<LiveFigures.Region> regions = new ArrayList<>();
    if (regional) {
      f.byRegion.forEach((name, r) -> regions.add(new LiveFigures.Region(name, r.count / secs, r.bytes / secs / 1e6,
          r.histogram.getValueAtPercentile(50), r.histogram.getValueAtPercentile(99), r.errors, r.dropped, r.pods)));
    }
    return new LiveFigures(f.key.scenario(), f.key.params(), f.key.repeat(), f.endMillis, secs, f.count / secs,
        f.bytes / secs / 1e6, f.histogram.getValueAtPercentile(50), f.histogram.getValueAtPercentile(99),
        runSoFar.getValueAtPercentile(50), runSoFar.getValueAtPercentile(99), count, errors, dropped, f.pods.size(),
        List.copyOf(regions));
  }
}
