package dev.regatta.kubesim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread every simulated component runs on, in the order things happened: watch events, reports from
 * pod runtimes and timers are queued here, so the components need no locks and see one history.
 *
 * <p>A component can be paused, as a cluster's controller can be slow or down: what it is handed meanwhile waits,
 * in order, and runs when it is resumed. The other components go on.
 */
public final class ControlLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);
  private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

  private final ScheduledExecutorService loop;
  private final Thread thread;
  /** Touched on the loop thread only. */
  private final Set<Component> paused = EnumSet.noneOf(Component.class);
  private final Map<Component, List<Runnable>> deferred = new EnumMap<>(Component.class);
  private volatile boolean closed;

  public ControlLoop(String name) {
    Thread[] created = new Thread[1];
    loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      created[0] = t;
      return t;
    });
    try {
      loop.submit(() -> { }).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    thread = created[0];
  }

  /** Queues a task of the component; it runs after everything queued before it (later, if the component is paused). */
  public void submit(Component component, Runnable task) {
    if (closed) {
      return;
    }
    try {
      loop.execute(() -> run(component, task));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: nothing more runs
    }
  }

  /** The component's timers: their tasks run on this loop, and wait while the component is paused. */
  public Timers timers(Component component) {
    return (delay, task) -> {
      if (closed) {
        return () -> { };
      }
      ScheduledFuture<?> f = loop.schedule(() -> run(component, task), Math.max(0, delay.toNanos()),
          TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }

  /** From now on, the component's tasks wait until {@link #resume}. */
  public void pause(Component component) {
    onLoopAndWait(() -> paused.add(component));
  }

  /** Runs what the component was handed while paused, in order, and lets its tasks run again. */
  public void resume(Component component) {
    onLoopAndWait(() -> {
      paused.remove(component);
      List<Runnable> waiting = deferred.remove(component);
      if (waiting != null) {
        waiting.forEach(t -> run(component, t));
      }
    });
  }

  /** How many tasks wait for the (paused) component. */
  public int waiting(Component component) {
    int[] n = new int[1];
    onLoopAndWait(() -> n[0] = deferred.getOrDefault(component, List.of()).size());
    return n[0];
  }

  /** Returns once every task queued before this call has run (or waits, its component being paused). */
  public void sync() {
    onLoopAndWait(() -> { });
  }

  private void run(Component component, Runnable task) {
    if (paused.contains(component)) {
      deferred.computeIfAbsent(component, c -> new ArrayList<>()).add(task);
      return;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("{}: {}", component.sourceName(), e.toString(), e);
      }
    }
  }

  private void onLoopAndWait(Runnable r) {
    if (Thread.currentThread() == thread) {
      r.run();
      return;
    }
    try {
      loop.submit(r).get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the control loop", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the control loop did not get to this within " + SYNC_TIMEOUT, e);
    }
  }

  /** Stops the loop; queued and deferred tasks are dropped. */
  @Override
  public void close() {
    closed = true;
    loop.shutdownNow();
  }
}
