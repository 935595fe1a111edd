package dev.regatta.operator.reconcile.abort;

import dev.regatta.operator.reconcile.live.RoundListener;
import dev.regatta.operator.reconcile.live.PointSoFar;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one run's live rounds for a breach of its abortOnFail criteria. It judges at the end of each pull round,
 * on the round's thread, the moment a fleet interval is complete, and wakes the run's reconcile at once: the abort
 * does not wait for the next status.progress renewal. The first breach is kept; the reconcile acts on it.
 */
final class BreachWatch implements RoundListener {
  private static final Logger LOG = LoggerFactory.getLogger(BreachWatch.class);

  private final List<AbortOnFail.Watched> watched;
  private final Runnable wake;
  private volatile LiveBreach breach;

  BreachWatch(List<AbortOnFail.Watched> watched, Runnable wake) {
    this.watched = List.copyOf(watched);
    this.wake = wake;
  }

  @Override
  public void roundEnded(Collection<PointSoFar> points) {
    if (breach != null) {
      return;
    }
    Optional<LiveBreach> b;
    try {
      b = AbortOnFail.breach(watched, points);
    } catch (RuntimeException e) {
      LOG.warn("abortOnFail: judging the live figures failed: {}", e.toString());
      return;
    }
    if (b.isPresent()) {
      breach = b.get();
      try {
        wake.run();
      } catch (RuntimeException e) {
        // the reconcile sees the breach at its next look anyway
        LOG.warn("abortOnFail: waking the run failed: {}", e.toString());
      }
    }
  }

  /** The breach seen, or null. */
  LiveBreach breach() {
    return breach;
  }

  List<AbortOnFail.Watched> watched() {
    return watched;
  }
}
