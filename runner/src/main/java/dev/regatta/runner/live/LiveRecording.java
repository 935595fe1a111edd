package dev.regatta.runner.live;

import dev.regatta.live.LiveInterval;
import dev.regatta.result.Histograms;
import dev.regatta.result.IntervalSeries;
import dev.regatta.result.SeriesInterval;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A runner's live intervals: while a measured window runs, a ticker thread closes an interval every
 * {@link #interval()} by draining each load thread's {@link IntervalRecorder} into one sum, and appends it to the
 * {@link IntervalLog} the live endpoint serves. The window's end closes its last (shorter) interval after every
 * load thread has finished, so a window's intervals add up exactly to its result row.
 *
 * <p>Each window also keeps its intervals whole, as the time series its result document carries
 * ({@link #windowEnded()} hands it over), and every closed interval goes to the {@link #onInterval listeners} (the
 * CLI's progress line).
 *
 * <p>One per runner process, installed by pod mode ({@link #install}); load threads find it through
 * {@link #attach()}, a static lookup, because a runner measures one window at a time and threading it through every
 * driver and workload would touch them all for nothing. Without one installed, nothing is recorded live.
 */
public final class LiveRecording implements AutoCloseable {
  private static volatile LiveRecording installed;

  private final Duration interval;
  private final IntervalLog log;
  private final LongSupplier clockMillis;
  private final ScheduledExecutorService ticker;
  private final List<Consumer<LiveInterval>> listeners = new CopyOnWriteArrayList<>();
  private Window current;
  private ScheduledFuture<?> ticks;

  /** The window being measured: its labels, its threads' recorders, and where its open interval began. */
  private static final class Window {
    final String scenario;
    final Map<String, String> params;
    final int repeat;
    final List<IntervalRecorder> recorders = new CopyOnWriteArrayList<>();
    /** The window's intervals, all of them (a two-hour window at 5 s: 1,440, a few hundred bytes each). */
    final List<SeriesInterval> series = new ArrayList<>();
    final long start;
    long intervalStart;
    long index;

    Window(String scenario, Map<String, String> params, int repeat, long start) {
      this.scenario = scenario;
      this.params = params;
      this.repeat = repeat;
      this.start = start;
      this.intervalStart = start;
    }
  }

  public LiveRecording(Duration interval, IntervalLog log) {
    this(interval, log, System::currentTimeMillis);
  }

  LiveRecording(Duration interval, IntervalLog log, LongSupplier clockMillis) {
    this.interval = interval;
    this.log = log;
    this.clockMillis = clockMillis;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "regatta-live-ticker");
      t.setDaemon(true);
      return t;
    });
  }

  /** Makes {@code live} the process's live recording (null: none). */
  public static void install(LiveRecording live) {
    installed = live;
  }

  /** A new interval recorder in the window being measured, or null when nothing records live. */
  public static IntervalRecorder attach() {
    LiveRecording l = installed;
    return l == null ? null : l.attachToWindow();
  }

  /** A measured window begins at {@code measuredStart} (after its warm-up); no-op without a live recording. */
  public static void windowStarting(String scenario, Map<String, String> params, int repeat, Instant measuredStart) {
    LiveRecording l = installed;
    if (l != null) {
      l.start(scenario, params, repeat, measuredStart.toEpochMilli());
    }
  }

  /**
   * The window's load threads have all finished: closes its last interval, and returns the window's time series
   * (null without a live recording).
   */
  public static IntervalSeries windowEnded() {
    LiveRecording l = installed;
    return l == null ? null : l.end();
  }

  /** Calls {@code listener} with every interval closed from now on, on the ticker's thread. */
  public void onInterval(Consumer<LiveInterval> listener) {
    listeners.add(listener);
  }

  public Duration interval() {
    return interval;
  }

  public IntervalLog log() {
    return log;
  }

  synchronized IntervalRecorder attachToWindow() {
    if (current == null) {
      return null;
    }
    IntervalRecorder r = new IntervalRecorder();
    current.recorders.add(r);
    return r;
  }

  synchronized void start(String scenario, Map<String, String> params, int repeat, long startMillis) {
    end();
    Window w = new Window(scenario, params, repeat, startMillis);
    current = w;
    long every = interval.toMillis();
    long firstIn = Math.max(0, startMillis + every - clockMillis.getAsLong());
    ticks = ticker.scheduleAtFixedRate(() -> tick(w), firstIn, every, TimeUnit.MILLISECONDS);
  }

  synchronized IntervalSeries end() {
    if (current == null) {
      return null;
    }
    ticks.cancel(false);
    close(current, true);
    IntervalSeries series = new IntervalSeries(IntervalSeries.VERSION, interval.toMillis(), current.series);
    current = null;
    return series;
  }

  /** Closes the open interval now (the ticker's call; tests call it to close intervals without waiting). */
  synchronized void tick(Object window) {
    if (window == current) {
      close(current, false);
    }
  }

  /** Test hook: closes the open interval of the current window at once. */
  synchronized void tickNow() {
    tick(current);
  }

  private void close(Window w, boolean last) {
    IntervalCounts sum = new IntervalCounts();
    for (IntervalRecorder r : w.recorders) {
      r.drainInto(sum);
    }
    long end = Math.max(w.intervalStart, clockMillis.getAsLong());
    String histogram = Histograms.encode(sum.histogram());
    LiveInterval closed = new LiveInterval(log.nextSeq(), w.index++, w.scenario, w.params, w.repeat, w.intervalStart,
        end, last, sum.count(), sum.errors(), sum.dropped(), sum.bytes(), sum.bytesSent(), sum.bytesReceived(),
        histogram);
    log.append(closed);
    // offsets from the window's start: the measured start is the common instant, so every pod's line up
    w.series.add(new SeriesInterval(Math.max(0, w.intervalStart - w.start), end - w.intervalStart, sum.count(),
        sum.errors(), sum.errorsByType(), sum.dropped(), sum.bytes(), sum.bytesSent(), sum.bytesReceived(), histogram));
    w.intervalStart = end;
    for (Consumer<LiveInterval> l : listeners) {
      try {
        l.accept(closed);
      } catch (RuntimeException e) {
        // a listener (a progress line) never stops the recording
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      end();
    }
    if (installed == this) {
      installed = null;
    }
    ticker.shutdownNow();
  }
}
