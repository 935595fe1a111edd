package dev.regatta.operator.reconcile.live;

import dev.regatta.live.LiveInterval;
import dev.regatta.result.Histograms;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The fleet's interval of one {@link IntervalKey}: the pods' intervals added up as they arrive, histograms
 * included, so its percentiles are those of every operation of the fleet in that interval; and each region's.
 */
final class FleetInterval {
  final IntervalKey key;
  final Histogram histogram = Histograms.newHistogram();
  final Set<String> pods = new HashSet<>();
  long count;
  long errors;
  long dropped;
  long bytes;
  long startMillis = Long.MAX_VALUE;
  long endMillis = Long.MIN_VALUE;
  /** Pull rounds that ended with this interval still waiting for some pod. */
  int roundsWaited;
  /** Each region's share (pods of no region are in the fleet's figures only). */
  final Map<String, RegionPart> byRegion = new TreeMap<>();
  /** Every part is its window's final interval (the stub from the last tick to the window's end). */
  boolean allLast = true;

  FleetInterval(IntervalKey key) {
    this.key = key;
  }

  /** Adds one pod's interval; false when that pod's is in already (a repeated answer is not counted twice). */
  boolean add(String pod, LiveInterval i, Histogram h, String region) {
    if (!pods.add(pod)) {
      return false;
    }
    histogram.add(h);
    if (region != null) {
      byRegion.computeIfAbsent(region, r -> new RegionPart()).add(i, h);
    }
    allLast &= i.last();
    count += i.count();
    errors += i.errors();
    dropped += i.dropped();
    bytes += i.bytes();
    startMillis = Math.min(startMillis, i.startMillis());
    endMillis = Math.max(endMillis, i.endMillis());
    return true;
  }

  /**
   * A window's final stub of under {@link #STUB_MILLIS}: its operations count in the run so far, but a rate or a
   * percentile over a few milliseconds says nothing, so it is not shown as the fleet's last interval.
   */
  boolean isStub() {
    return allLast && endMillis - startMillis < STUB_MILLIS;
  }

  static final long STUB_MILLIS = 200;

  /** The interval's length: from the earliest pod's start to the latest pod's end (at least 1 ms). */
  double seconds() {
    return Math.max(1, endMillis - startMillis) / 1000.0;
  }
}
