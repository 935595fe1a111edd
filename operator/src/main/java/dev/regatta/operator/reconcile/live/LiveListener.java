package dev.regatta.operator.reconcile.live;

import dev.regatta.live.LiveInterval;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Hears one run's live merge as it happens, so that other views (the operator's /metrics) are fed from the very
 * parts status.progress is made of, never from a second pull or from rounded figures. Called under the run's lock
 * on a pull thread: an implementation adds up and returns, it never blocks.
 */
public interface LiveListener {
  /**
   * A pod's interval was counted in the run so far (each pod's interval once); {@code inInterval} when it is also a
   * part of the open fleet interval {@link IntervalKey#of key} (false for a part that came after its interval was
   * complete: it counts in the run so far only).
   */
  void counted(String pod, LiveInterval interval, Histogram histogram, boolean inInterval);

  /** The fleet interval {@code key} is complete; {@code shown} when it is one status.progress may show (no stub). */
  void completed(IntervalKey key, boolean shown);

  /** The run's pods and their regions now (pod name to region; a pod of no region is absent). */
  default void regions(Map<String, String> regionOfPod) {}

  /** Hears nothing. */
  LiveListener NONE = new LiveListener() {
    @Override
    public void counted(String pod, LiveInterval interval, Histogram histogram, boolean inInterval) {}

    @Override
    public void completed(IntervalKey key, boolean shown) {}
  };

  /** Gives each run the operator starts following its listener. */
  interface Factory {
    /** The run {@code key} (namespace/name) entered Running and is followed from its first interval on. */
    LiveListener follow(String key);

    Factory NONE = key -> LiveListener.NONE;
  }
}
