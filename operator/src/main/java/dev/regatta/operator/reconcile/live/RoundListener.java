package dev.regatta.operator.reconcile.live;

import java.util.Collection;

/**
 * Told at the end of each pull round of a run, on the round's thread, with the run's points so far (the latest
 * few). The points are read only, and only during the call: the run's lock is held, so a listener is quick and
 * never blocks.
 */
public interface RoundListener {
  void roundEnded(Collection<PointSoFar> points);
}
