package dev.regatta.operator.reconcile.live;

import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The operator's live view of its Running runs: pulls each followed run's runners every live interval (on its own
 * threads: a reconcile never waits for a runner) and hands the reconcile the fleet's figures, renewed at most every
 * {@code progressEvery} so that status.progress is written at most that often.
 *
 * <p>A run is followed while its reconciles ask ({@link #follow}); one not asked about for a while (deleted, or
 * its operator lost the lease) is dropped, so memory stays bounded by the runs that are Running right now.
 */
public final class LiveFleet implements AutoCloseable {
  /** Two threads run pull rounds; a run whose last round is still going skips a tick rather than queueing. */
  static final int ROUND_THREADS = 2;

  private final Function<Pod, URI> addresses;
  private final Duration progressEvery;
  private final LivePuller puller;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService rounds;
  private final Map<String, Followed> runs = new ConcurrentHashMap<>();
  private final LiveListener.Factory listeners;

  /** The figures for status and the warnings for Events, and when the figures are renewed next. */
  public record Snapshot(LiveFigures figures, Instant figuresAt, List<String> warnings, Instant nextDue) {}

  private static final class Followed {
    final LiveRun run;
    final LiveListener listener;
    final AtomicBoolean busy = new AtomicBoolean();
    final Duration interval;
    volatile List<LiveTarget> targets = List.of();
    volatile long touchedNanos = System.nanoTime();
    ScheduledFuture<?> ticks;
    LiveFigures published;
    Instant publishedAt;

    Followed(Duration interval, LiveListener listener) {
      this.interval = interval;
      this.listener = listener;
      this.run = new LiveRun(listener);
    }
  }

  public LiveFleet(Function<Pod, URI> addresses, Duration progressEvery) {
    this(addresses, progressEvery, LiveListener.Factory.NONE);
  }

  /** @param listeners hear each followed run's merge (the operator's /metrics series of live runs) */
  public LiveFleet(Function<Pod, URI> addresses, Duration progressEvery, LiveListener.Factory listeners) {
    this.listeners = listeners;
    this.addresses = addresses;
    this.progressEvery = progressEvery;
    this.puller = new LivePuller(Duration.ofSeconds(2));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("regatta-live-ticks"));
    this.rounds = Executors.newFixedThreadPool(ROUND_THREADS, daemon("regatta-live-round"));
    long sweep = Math.max(1, progressEvery.toMillis());
    scheduler.scheduleWithFixedDelay(this::dropForgotten, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  public Duration progressEvery() {
    return progressEvery;
  }

  /**
   * A reconcile of the Running run {@code key}: starts following it (pulling its pods every {@code interval}),
   * updates its pods, and says what status.progress should show now.
   */
  public Snapshot follow(String key, List<Pod> pods, Duration interval, Instant now) {
    return follow(key, pods, Map.of(), interval, now);
  }

  /** As above; {@code regionOfPlacement} names each placement's region, for the per-region figures. */
  public Snapshot follow(String key, List<Pod> pods, Map<String, String> regionOfPlacement, Duration interval,
      Instant now) {
    Followed f = runs.computeIfAbsent(key, k -> start(new Followed(interval, listeners.follow(k))));
    f.touchedNanos = System.nanoTime();
    Map<String, String> regionOfPod = new HashMap<>();
    for (Pod p : pods) {
      Map<String, String> labels = p.getMetadata().getLabels();
      String region = labels == null ? null : regionOfPlacement.get(labels.get(Protocol.LABEL_PLACEMENT));
      if (region != null && !region.isEmpty()) {
        regionOfPod.put(p.getMetadata().getName(), region);
      }
    }
    f.run.regions(regionOfPod);
    if (f.listener != LiveListener.NONE) {
      f.listener.regions(regionOfPod);
    }
    List<LiveTarget> targets = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Pod p : pods) {
      String name = p.getMetadata().getName();
      names.add(name);
      URI uri = p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) ? addresses.apply(p) : null;
      if (uri != null) {
        targets.add(new LiveTarget(name, uri));
      }
    }
    f.targets = List.copyOf(targets);
    f.run.retain(names);
    synchronized (f) {
      if (f.publishedAt == null || !now.isBefore(f.publishedAt.plus(progressEvery))) {
        f.published = f.run.figures();
        f.publishedAt = now;
      }
      return new Snapshot(f.published, f.publishedAt, f.run.takeWarnings(), f.publishedAt.plus(progressEvery));
    }
  }

  /** The run left Running (or is gone): stop pulling it and forget what it measured live. */
  public void forget(String key) {
    Followed f = runs.remove(key);
    if (f != null && f.ticks != null) {
      f.ticks.cancel(false);
    }
  }

  /**
   * Tells {@code l} the end of each pull round of the followed run {@code key}, with its points so far (see
   * {@link RoundListener}); nothing when the run is not followed.
   */
  public void listenRounds(String key, RoundListener l) {
    Followed f = runs.get(key);
    if (f != null) {
      f.run.listenRounds(l);
    }
  }

  /** The round listener of the followed run {@code key}, or null. */
  public RoundListener roundListener(String key) {
    Followed f = runs.get(key);
    return f == null ? null : f.run.roundListener();
  }

  /** Runs being followed (for tests and the operator's own metrics). */
  public int followed() {
    return runs.size();
  }

  private Followed start(Followed f) {
    long every = f.interval.toMillis();
    f.ticks = scheduler.scheduleAtFixedRate(() -> {
      if (f.busy.compareAndSet(false, true)) {
        rounds.execute(() -> {
          try {
            puller.round(f.run, f.targets);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            f.run.failed("operator", "bug", "live pull round failed: " + e);
          } finally {
            f.busy.set(false);
          }
        });
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return f;
  }

  private void dropForgotten() {
    long now = System.nanoTime();
    runs.forEach((key, f) -> {
      long quiet = Math.max(3 * progressEvery.toNanos(), 3 * f.interval.toNanos());
      if (now - f.touchedNanos > Math.max(quiet, TimeUnit.MINUTES.toNanos(1))) {
        forget(key);
      }
    });
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    rounds.shutdownNow();
    puller.close();
    runs.clear();
  }
}
