package dev.regatta.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

/** The merge's fast path must sum exactly what the library's decode + add sums, bucket for bucket. */
class EncodedHistogramReaderTest {
  private static final long HOUR = Histograms.HIGHEST_MICROS;

  /** One random histogram of a random kind; {@code shape} chooses the encoding layout. */
  private static Histogram random(Random rnd, Histogram h) {
    switch (rnd.nextInt(8)) {
      case 0: // empty
        break;
      case 1: // a single value, anywhere in the range, the ends included
        record(h, rnd.nextBoolean() ? (rnd.nextBoolean() ? 1 : HOUR) : 1 + (long) (rnd.nextDouble() * HOUR), 1);
        break;
      case 2: // a narrow body: every bucket filled, no zero runs inside it
        for (int i = 0, n = 1 + rnd.nextInt(5_000); i < n; i++) {
          record(h, 100 + rnd.nextInt(200), 1);
        }
        break;
      case 3: // log-uniform over 1 µs .. 1 h: long runs of empty buckets
        for (int i = 0, n = 1 + rnd.nextInt(3_000); i < n; i++) {
          record(h, (long) Math.exp(rnd.nextDouble() * Math.log(HOUR)), 1);
        }
        break;
      case 4: // values near 1 h, and some at the top of the range
        for (int i = 0, n = 1 + rnd.nextInt(200); i < n; i++) {
          record(h, HOUR - rnd.nextInt(100_000_000), 1 + rnd.nextInt(3));
        }
        record(h, HOUR, 1);
        break;
      case 5: // a few far-apart spikes with large counts (multi-byte LEB128 words)
        for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
          record(h, 1 + (long) (rnd.nextDouble() * HOUR), 1 + (long) (rnd.nextDouble() * 1e12));
        }
        break;
      case 6: // a realistic latency shape: 200 µs body, 3% tail to 50 ms
        for (int i = 0; i < 5_000; i++) {
          record(h, rnd.nextInt(100) < 3 ? 2_000 + rnd.nextInt(48_000) : 100 + (long) Math.abs(rnd.nextGaussian() * 30 + 100), 1);
        }
        break;
      default: // isolated values one bucket apart: alternating single zeros and counts
        for (long v = 1 + rnd.nextInt(50); v < 5_000; v += 2) {
          record(h, v, 1 + rnd.nextInt(4));
        }
    }
    return h;
  }

  private static void record(Histogram h, long v, long count) {
    h.recordValueWithCount(Math.max(1, Math.min(HOUR, v)), count);
  }

  /** The library's way: a full histogram per document, added into the sum. */
  private static Histogram librarySum(List<String> wires) {
    Histogram sum = Histograms.newHistogram();
    for (String w : wires) {
      sum.add(Histograms.decode(w));
    }
    return sum;
  }

  private static Histogram fastSum(List<String> wires) {
    Histogram sum = Histograms.newHistogram();
    try (EncodedHistogramReader reader = new EncodedHistogramReader()) {
      for (String w : wires) {
        reader.read(w);
        reader.addTo(sum);
      }
    }
    return sum;
  }

  private static void assertSameBuckets(Histogram expected, Histogram actual, String what) {
    assertEquals(expected.getTotalCount(), actual.getTotalCount(), what + ": total count");
    assertEquals(expected.getMaxValue(), actual.getMaxValue(), what + ": max");
    assertEquals(expected.getMinNonZeroValue(), actual.getMinNonZeroValue(), what + ": min non-zero");
    List<long[]> e = new ArrayList<>();
    for (HistogramIterationValue v : expected.recordedValues()) {
      e.add(new long[] {v.getValueIteratedTo(), v.getCountAtValueIteratedTo()});
    }
    List<long[]> a = new ArrayList<>();
    for (HistogramIterationValue v : actual.recordedValues()) {
      a.add(new long[] {v.getValueIteratedTo(), v.getCountAtValueIteratedTo()});
    }
    assertEquals(e.size(), a.size(), what + ": non-empty buckets");
    for (int i = 0; i < e.size(); i++) {
      assertTrue(Arrays.equals(e.get(i), a.get(i)), what + ": bucket " + i + " " + Arrays.toString(e.get(i)) + " vs "
          + Arrays.toString(a.get(i)));
    }
    assertEquals(expected, actual, what + ": Histogram.equals");
  }

  @Test
  void sumsEqualTheLibrarysDecodeAndAddForRandomHistograms() {
    Random rnd = new Random(20261126);
    for (int trial = 0; trial < 60; trial++) {
      List<String> wires = new ArrayList<>();
      for (int i = 0, n = 1 + rnd.nextInt(12); i < n; i++) {
        wires.add(Histograms.encode(random(rnd, Histograms.newHistogram())));
      }
      if (trial % 5 == 0) {
        wires.add(null);
        wires.add("");
      }
      assertSameBuckets(librarySum(wires), fastSum(wires), "trial " + trial);
    }
  }

  @Test
  void histogramsEncodedWithOtherLayoutsAreMappedLikeTheLibraryMapsThem() {
    Random rnd = new Random(42);
    // other precisions and unit sizes than the sum's (1 µs, 3 digits): bucket values must come from the
    // encoded layout, not the sum's; an auto-resizing histogram writes its own highest trackable value
    List<java.util.function.Supplier<Histogram>> shapes = List.of(
        () -> new Histogram(1, HOUR, 2),
        () -> new Histogram(1, HOUR, 5),
        () -> new Histogram(1, HOUR, 0),
        () -> new Histogram(1_000, HOUR, 3),
        () -> new Histogram(3, HOUR, 1),
        () -> new Histogram(3));
    for (int trial = 0; trial < 48; trial++) {
      List<String> wires = new ArrayList<>();
      for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
        wires.add(Histograms.encode(random(rnd, shapes.get((trial + i) % shapes.size()).get())));
        wires.add(Histograms.encode(random(rnd, Histograms.newHistogram())));
      }
      assertSameBuckets(librarySum(wires), fastSum(wires), "trial " + trial);
    }
  }

  @Test
  void nineByteCountsAndOneValueAndEmpty() {
    Histogram huge = Histograms.newHistogram();
    huge.recordValueWithCount(777, (1L << 60) + 12345); // ZigZag needs all 64 bits: a nine-byte word
    huge.recordValueWithCount(HOUR, 3);
    Histogram one = Histograms.newHistogram();
    one.recordValue(1);
    List<String> wires = List.of(Histograms.encode(huge), Histograms.encode(one),
        Histograms.encode(Histograms.newHistogram()));
    assertSameBuckets(librarySum(wires), fastSum(wires), "nine-byte counts");
    try (EncodedHistogramReader reader = new EncodedHistogramReader()) {
      assertEquals(2, reader.read(wires.get(0)));
      assertEquals((1L << 60) + 12348, reader.totalCount());
      assertEquals(1, reader.read(wires.get(1)));
      assertEquals(0, reader.read(wires.get(2)));
      assertEquals(0, reader.read(null));
    }
  }

  @Test
  void mergeUsesTheFastPathAndMatchesTheLibrarySumPerRowAndRegion() {
    Random rnd = new Random(3);
    List<ResultDocument> docs = new ArrayList<>();
    Map<String, List<String>> fleetWires = new LinkedHashMap<>();
    Map<String, List<String>> regionWires = new LinkedHashMap<>();
    for (int pod = 0; pod < 12; pod++) {
      List<ScenarioResult> results = new ArrayList<>();
      String region = "r" + pod % 3;
      for (int p = 0; p < 4; p++) {
        String wire = Histograms.encode(random(rnd, Histograms.newHistogram()));
        Histogram h = Histograms.decode(wire);
        results.add(new ScenarioResult("s", Map.of("p", "" + p), 0, h.getTotalCount(), 0, null, 0, 1.0,
            h.getTotalCount(), 0, 0, LatencySummary.of(h), wire, null, null, null));
        fleetWires.computeIfAbsent("" + p, k -> new ArrayList<>()).add(wire);
        regionWires.computeIfAbsent(p + "/" + region, k -> new ArrayList<>()).add(wire);
      }
      docs.add(new ResultDocument(ResultDocument.FORMAT_VERSION, "run", "ns", "pod-" + pod, "g", region, null, 0,
          "node", null, 0L, null, results, null));
    }
    ResultMerger.Merged merged = ResultMerger.merge(docs);
    assertEquals(4, merged.rows().size());
    for (int p = 0; p < 4; p++) {
      Histogram expected = librarySum(fleetWires.get("" + p));
      assertSameBuckets(expected, merged.histograms().get(new ResultMerger.Key("s", Map.of("p", "" + p))), "row " + p);
      assertEquals(LatencySummary.of(expected), merged.rows().get(p).getLatencyMicros());
      for (var rr : merged.rows().get(p).getByRegion()) {
        assertEquals(LatencySummary.of(librarySum(regionWires.get(p + "/" + rr.getRegion()))), rr.getLatencyMicros(),
            "row " + p + " region " + rr.getRegion());
      }
    }
  }

  @Test
  void garbageIsRejectedWithAClearMessageAndOutOfRangeLeavesTheSumUntouched() {
    try (EncodedHistogramReader reader = new EncodedHistogramReader()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.read("%%% not base64"));
      assertTrue(e.getMessage().startsWith("not a base64 HdrHistogram"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> reader.read("bm90IGEgaGlzdG9ncmFt"));
      assertTrue(e.getMessage().startsWith("not a base64 HdrHistogram"), e.getMessage());

      // a valid histogram with its deflate stream cut short
      Histogram h = random(new Random(5), Histograms.newHistogram());
      h.recordValue(123);
      byte[] whole = Base64.getDecoder().decode(Histograms.encode(h));
      byte[] cut = Arrays.copyOf(whole, whole.length - 6);
      ByteBuffer.wrap(cut).putInt(4, cut.length - 8);
      e = assertThrows(IllegalArgumentException.class, () -> reader.read(Base64.getEncoder().encodeToString(cut)));
      assertTrue(e.getMessage().startsWith("not a base64 HdrHistogram"), e.getMessage());

      // a histogram from a wider range holding a value the sum cannot track
      Histogram wide = new Histogram(1, 1L << 40, 3);
      wide.recordValue(100);
      wide.recordValue(1L << 39);
      String wire = Histograms.encode(wide);
      assertThrows(IllegalArgumentException.class, () -> Histograms.decode(wire));
      Histogram sum = Histograms.newHistogram();
      sum.recordValue(5);
      Histogram before = sum.copy();
      reader.read(wire);
      e = assertThrows(IllegalArgumentException.class, () -> reader.addTo(sum));
      assertTrue(e.getMessage().contains("beyond the trackable range"), e.getMessage());
      assertEquals(before, sum);
    }
  }
}
