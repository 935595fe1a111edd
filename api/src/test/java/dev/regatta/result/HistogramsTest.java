package dev.regatta.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramsTest {

  private static Histogram recorded(long seed, int n, int maxMicros) {
    Histogram h = Histograms.newHistogram();
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      Histograms.recordMicros(h, 1 + r.nextInt(maxMicros));
    }
    return h;
  }

  @Test
  void encodeDecodeRoundTripKeepsEveryCount() {
    Histogram h = recorded(1, 50_000, 20_000);
    String wire = Histograms.encode(h);
    Histogram back = Histograms.decode(wire);
    assertEquals(h, back);
    assertEquals(50_000, back.getTotalCount());
    assertEquals(h.getValueAtPercentile(99), back.getValueAtPercentile(99));
    assertTrue(wire.matches("^[A-Za-z0-9+/]+=*$"), "base64");
  }

  @Test
  void decodedHistogramsAddUpToThePooledSamples() {
    Histogram a = recorded(1, 30_000, 1_000);
    Histogram b = recorded(2, 10_000, 100_000);
    Histogram pooled = Histograms.newHistogram();
    pooled.add(a);
    pooled.add(b);

    Histogram merged = Histograms.decode(Histograms.encode(a));
    merged.add(Histograms.decode(Histograms.encode(b)));

    assertEquals(40_000, merged.getTotalCount());
    assertEquals(pooled, merged);
    for (double p : new double[] {50, 90, 99, 99.9}) {
      assertEquals(pooled.getValueAtPercentile(p), merged.getValueAtPercentile(p), "p" + p);
    }
    assertEquals(LatencySummary.of(pooled), LatencySummary.of(merged));
    // The point of merging histograms: the fleet p99 is not the mean of the per-pod p99s.
    double meanOfP99s = (a.getValueAtPercentile(99) + b.getValueAtPercentile(99)) / 2.0;
    assertTrue(Math.abs(meanOfP99s - merged.getValueAtPercentile(99)) > 1000,
        "mean of p99s " + meanOfP99s + " vs merged p99 " + merged.getValueAtPercentile(99));
  }

  @Test
  void outliersAreClampedAndCountedNotThrown() {
    Histogram h = Histograms.newHistogram();
    Histograms.recordMicros(h, 0);
    Histograms.recordMicros(h, Long.MAX_VALUE);
    assertEquals(2, h.getTotalCount());
    assertEquals(Histograms.LOWEST_MICROS, h.getMinValue());
    assertTrue(h.getMaxValue() >= Histograms.HIGHEST_MICROS);
  }

  @Test
  void emptyAndGarbage() {
    assertEquals(0, Histograms.decode(null).getTotalCount());
    assertEquals(0, Histograms.decode("").getTotalCount());
    assertEquals(0, Histograms.decode(Histograms.encode(Histograms.newHistogram())).getTotalCount());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Histograms.decode("bm90IGEgaGlzdG9ncmFt"));
    assertTrue(e.getMessage().startsWith("not a base64 HdrHistogram"), e.getMessage());
    LatencySummary empty = LatencySummary.of(Histograms.newHistogram());
    assertEquals(0L, empty.getP99());
    assertEquals(0.0, empty.getMean());
  }
}
