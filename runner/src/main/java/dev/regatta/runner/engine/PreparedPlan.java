package dev.regatta.runner.engine;

import dev.regatta.api.v1alpha1.Load;
import dev.regatta.matrix.ScenarioPlan;
import dev.regatta.result.Histograms;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResourceUse;
import dev.regatta.result.IntervalSeries;
import dev.regatta.result.ScenarioResult;
import dev.regatta.result.SeriesCheck;
import dev.regatta.runner.record.ProcResources;
import dev.regatta.runner.live.LiveRecording;
import dev.regatta.runner.record.Recorder;
import dev.regatta.runner.workload.CallbackWorkload;
import dev.regatta.runner.workload.LoadWindow;
import dev.regatta.runner.workload.NonBlockingWorkload;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.runner.workload.SelfTimedWorkload;
import dev.regatta.runner.workload.Workload;
import dev.regatta.runner.workload.WorkloadConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * One plan with its workload prepared and its connections open, ready to measure a repeat at once (so a
 * pod can prepare before reporting ready and start measuring exactly at the start instant).
 */
public final class PreparedPlan implements AutoCloseable {
  private Instant releaseAt;
  private boolean lastWindowCut;

  /** Connections in flight for the open model when the load does not say. */
  public static final int DEFAULT_OPEN_CONNECTIONS = 50;

  private final ScenarioPlan plan;
  private final Workload workload;
  private final List<WorkloadConnection> connections;
  /** NonBlockingConnections or CallbackConnections, driven by the event loops. */
  private final List<AutoCloseable> eventLoopConnections;
  private final EventLoopDriver.Timing timing;

  private PreparedPlan(ScenarioPlan plan, Workload workload, List<WorkloadConnection> connections,
      List<AutoCloseable> eventLoopConnections) {
    this.plan = plan;
    this.workload = workload;
    this.connections = connections;
    this.eventLoopConnections = eventLoopConnections;
    this.timing = EventLoopDriver.Timing.system(Math.max(1, eventLoopConnections.size()));
  }

  /**
   * Both models run on event loops when the workload can (HTTP and HTTPS; redis with the nio client; gRPC):
   * far fewer threads, like wrk and redis-benchmark. The rest run a blocking connection per thread.
   */
  static boolean onEventLoops(Workload w) {
    return w instanceof CallbackWorkload || w instanceof NonBlockingWorkload nb && nb.supportsNonBlocking();
  }

  /** Creates the workload, prepares it (unmeasured) and opens one connection per load slot. */
  public static PreparedPlan open(ScenarioPlan plan, RunContext ctx) throws Exception {
    Workload w = Workloads.create(plan, ctx);
    return open(plan, w);
  }

  public static PreparedPlan open(ScenarioPlan plan, Workload w) throws Exception {
    List<WorkloadConnection> conns = new ArrayList<>();
    List<AutoCloseable> nb = new ArrayList<>();
    try {
      w.prepare();
      if (!(w instanceof SelfTimedWorkload)) {
        int n = connections(plan.load());
        boolean loops = onEventLoops(w);
        for (int i = 0; i < n; i++) {
          if (w instanceof CallbackWorkload cw) {
            nb.add(cw.connectCallback());
          } else if (loops) {
            nb.add(((NonBlockingWorkload) w).connectNonBlocking());
          } else {
            conns.add(w.connect());
          }
        }
      }
      return new PreparedPlan(plan, w, conns, nb);
    } catch (Exception | Error e) {
      closeQuietly(nb);
      closeAll(conns, w);
      throw e;
    }
  }

  static int connections(Load load) {
    if (load.getConnections() != null) {
      return load.getConnections();
    }
    return load.effectiveModel() == Load.Model.OPEN ? DEFAULT_OPEN_CONNECTIONS : 10;
  }

  public ScenarioPlan plan() {
    return plan;
  }

  /** The workload's {@link Workload#clientNote()} line, or null. */
  public String clientNote() {
    return workload.clientNote();
  }

  /**
   * Holds this plan's next window until the wall clock reaches {@code at}, with its load threads already
   * started and waiting (pod mode's common start instant). Applies to one window.
   */
  public void releaseNextWindowAt(Instant at) {
    this.releaseAt = at;
  }

  /** When the next window is held until (pod mode's start instant), else {@code otherwise}; clears it. */
  Instant releaseAtOr(Instant otherwise) {
    Instant at = releaseAt;
    releaseAt = null;
    return at != null ? at : otherwise;
  }

  /** Runs warm-up and one measured window; {@code repeat} counts from 0. */
  public ScenarioResult measure(int repeat) throws Exception {
    return measure(repeat, StopSignal.NEVER);
  }

  /**
   * As {@link #measure(int)}, ending the window early on a stop: its result then counts the time measured up to
   * the stop ({@link #lastWindowCut()}), and has no duration when the stop came before the window began. The
   * stream workload times its own window and is not cut.
   */
  public ScenarioResult measure(int repeat, StopSignal stop) throws Exception {
    lastWindowCut = false;
    Instant release = releaseAt;
    releaseAt = null;
    ProcResources res = ProcResources.start();
    long warmupNanos = plan.warmup() == null ? 0 : plan.warmup().toNanos();
    long durationNanos = plan.duration() == null ? 0 : plan.duration().toNanos();
    Window w;
    IntervalSeries series;
    // the measured window starts after the warm-up, from the common start instant in pod mode
    LiveRecording.windowStarting(plan.scenario(), plan.params(), repeat,
        (release != null ? release : Instant.now()).plusNanos(warmupNanos));
    try {
      w = window(release, warmupNanos, durationNanos, stop);
    } finally {
      series = LiveRecording.windowEnded();
    }
    // the drivers end a window that a stop cut at the stop's instant
    lastWindowCut = !(workload instanceof SelfTimedWorkload) && stop.requested()
        && w.measuredStartNanos() + w.measuredNanos() - stop.atNanos() >= 0;
    ResourceUse use = res.stop();
    ScenarioResult built = result(repeat, w, use);
    ScenarioResult amended = workload instanceof SelfTimedWorkload st ? st.amend(built) : built;
    return withSeries(amended, series);
  }

  /**
   * The window with its time series, when the series adds up exactly to it. An external tool's figures are read
   * after its window and never pass through the live intervals: such a window carries no series rather than a
   * wrong one.
   */
  private static ScenarioResult withSeries(ScenarioResult r, IntervalSeries series) {
    if (series == null) {
      return r;
    }
    ScenarioResult with = r.withSeries(series);
    // counts only: the histograms are the same operations' (decoding 1,440 of them after a long window is not free)
    return SeriesCheck.addsUp(with) ? with : r;
  }

  /** True when a stop ended the last measured window before its end. */
  public boolean lastWindowCut() {
    return lastWindowCut;
  }

  private Window window(Instant release, long warmupNanos, long durationNanos, StopSignal stop) throws Exception {
    Window w;
    if (workload instanceof SelfTimedWorkload st) {
      if (release != null) {
        WallClock.sleepUntil(release);
      }
      w = selfTimed(st, warmupNanos, durationNanos);
    } else if (!eventLoopConnections.isEmpty() && plan.load().effectiveModel() == Load.Model.OPEN) {
      w = EventLoopDriver.open(eventLoopConnections, ArrivalSchedule.of(plan.load(), plan.warmup(), plan.duration(),
          plan.iterations()), operationTimeoutNanos(), release, timing.stoppingOn(stop));
    } else if (!eventLoopConnections.isEmpty()) {
      w = EventLoopDriver.closed(eventLoopConnections, warmupNanos, durationNanos, plan.iterations(),
          operationTimeoutNanos(), release, timing.stoppingOn(stop));
    } else if (plan.load().effectiveModel() == Load.Model.OPEN) {
      w = LoadDriver.open(connections, ArrivalSchedule.of(plan.load(), plan.warmup(), plan.duration(),
          plan.iterations()), release, stop);
    } else {
      w = LoadDriver.closed(connections, warmupNanos, durationNanos, plan.iterations(), release, stop);
    }
    return w;
  }

  private long operationTimeoutNanos() {
    return (workload instanceof CallbackWorkload cw ? cw.operationTimeout()
        : ((NonBlockingWorkload) workload).operationTimeout()).toNanos();
  }

  private static void closeQuietly(List<AutoCloseable> connections) {
    for (AutoCloseable c : connections) {
      try {
        c.close();
      } catch (Exception e) {
        // closing is best effort
      }
    }
  }

  private Window selfTimed(SelfTimedWorkload st, long warmupNanos, long durationNanos) throws Exception {
    List<Recorder> recorders = Collections.synchronizedList(new ArrayList<>());
    Supplier<Recorder> supplier = () -> {
      Recorder r = Recorder.measuring();
      recorders.add(r);
      return r;
    };
    long base = System.nanoTime();
    long epoch = LoadDriver.epochMicros();
    long start = base + warmupNanos;
    long end = plan.iterations() != null ? Long.MAX_VALUE : start + durationNanos;
    st.run(new LoadWindow(base, start, end, plan.iterations(), plan.load()), supplier);
    long own = st.measuredNanos();
    long length = own > 0 ? own : plan.iterations() != null ? Math.max(1, System.nanoTime() - start) : durationNanos;
    Recorder total = new Recorder();
    synchronized (recorders) {
      recorders.forEach(total::add);
    }
    return new Window(total, start, length, epoch + warmupNanos / 1000);
  }

  private ScenarioResult result(int repeat, Window w, ResourceUse use) {
    Recorder r = w.total();
    Histogram h = r.histogram();
    double secs = w.seconds();
    long endMicros = w.startEpochMicros() + w.measuredNanos() / 1000;
    Double makespan = workload instanceof SelfTimedWorkload st && st.makespanNanos() >= 0
        ? round(st.makespanNanos() / 1e9, 6) : null;
    return new ScenarioResult(plan.scenario(), plan.params(), repeat, r.count(), r.errors(), r.errorsByType(),
        r.dropped(), round(secs, 6), round(r.count() / secs, 3), round(r.bytes() / secs, 3), r.bytes(),
        LatencySummary.of(h, plan.percentiles()), Histograms.encode(h), w.startEpochMicros(), endMicros, use,
        r.bytesSent(), r.bytesReceived(), r.checks(), makespan, plan.labels().isEmpty() ? null : plan.labels(),
        plan.headline().text(), plan.kind().rateUnit());
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Double.isFinite(v) ? Math.round(v * f) / f : 0;
  }

  @Override
  public void close() {
    closeQuietly(eventLoopConnections);
    closeAll(connections, workload);
  }

  private static void closeAll(List<WorkloadConnection> conns, Workload w) {
    for (WorkloadConnection c : conns) {
      try {
        c.close();
      } catch (Exception e) {
        // closing is best effort
      }
    }
    try {
      w.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }
}
