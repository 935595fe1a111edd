package dev.regatta.operator.reconcile.live;

import dev.regatta.live.LiveInterval;
import java.util.Map;

/**
 * Which fleet interval a pod's interval belongs to: the same point, repeat and place in its window. Every pod starts
 * a window at the same instant and closes intervals at the same offsets from it, so the pods' intervals with the
 * same key cover the same stretch of time and add up to the fleet's.
 */
public record IntervalKey(String scenario, Map<String, String> params, int repeat, long index) {
  public static IntervalKey of(LiveInterval i) {
    return new IntervalKey(i.scenario(), i.params() == null ? Map.of() : i.params(), i.repeat(), i.index());
  }
}
