package dev.regatta.operator.reconcile.live;

import dev.regatta.live.LiveInterval;
import dev.regatta.result.Histograms;
import org.HdrHistogram.Histogram;

/**
 * One region's share of a fleet interval: its pods' intervals added up, so a region's percentiles are those of
 * every operation its pods measured. Its histogram grows only as far as the slowest latency seen, to keep a
 * many-region run's memory small.
 */
final class RegionPart {
  final Histogram histogram = Histograms.newGrowingHistogram();
  int pods;
  long count;
  long errors;
  long dropped;
  long bytes;

  void add(LiveInterval i, Histogram h) {
    histogram.add(h);
    pods++;
    count += i.count();
    errors += i.errors();
    dropped += i.dropped();
    bytes += i.bytes();
  }
}
