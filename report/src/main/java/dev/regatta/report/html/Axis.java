package dev.regatta.report.html;

import dev.regatta.units.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * One plot axis: maps data values to pixels and chooses ticks. The scales are the ones benchmark plots
 * need: linear, log10 (latency), log2 (power-of-two sweeps), "nines" (percentiles: 0%, 90%, 99%, 99.9%
 * equally spaced, as HdrHistogram's plotter draws them) and categories (client names).
 */
final class Axis {
  enum Scale { LINEAR, LOG10, LOG2, NINES, CATEGORY }

  record Tick(double value, String label) {}

  final Scale scale;
  private final double lo;
  private final double hi;
  private final double p0;
  private final double p1;
  private final DoubleFunction<String> labels;
  private final List<String> categories;

  private Axis(Scale scale, double lo, double hi, double p0, double p1, DoubleFunction<String> labels,
      List<String> categories) {
    this.scale = scale;
    this.lo = lo;
    this.hi = hi;
    this.p0 = p0;
    this.p1 = p1;
    this.labels = labels;
    this.categories = categories;
  }

  /** A linear axis from 0 (or below, for negative data) to a round number above max. */
  static Axis linear(double min, double max, double p0, double p1, DoubleFunction<String> labels) {
    double lo = Math.min(0, min);
    double hi = max <= lo ? lo + 1 : max;
    double step = niceStep((hi - lo) / 5);
    return new Axis(Scale.LINEAR, Math.floor(lo / step) * step, Math.ceil(hi / step) * step, p0, p1, labels, null);
  }

  static Axis log10(double min, double max, double p0, double p1, DoubleFunction<String> labels) {
    double lo = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-9))));
    double hi = Math.pow(10, Math.ceil(Math.log10(Math.max(max, lo * 10))));
    if (hi <= lo) {
      hi = lo * 10;
    }
    return new Axis(Scale.LOG10, lo, hi, p0, p1, labels, null);
  }

  static Axis log2(double min, double max, double p0, double p1, DoubleFunction<String> labels) {
    double lo = Math.pow(2, Math.floor(log2(Math.max(min, 1e-9))));
    double hi = Math.pow(2, Math.ceil(log2(Math.max(max, lo * 2))));
    return new Axis(Scale.LOG2, lo, hi, p0, p1, labels, null);
  }

  /** Percentiles 0..100 (exclusive): position is log10(1 / (1 - p)), so each "nine" gets the same width. */
  static Axis nines(double maxPercentile, double p0, double p1) {
    double n = Math.max(2, Math.ceil(nines(maxPercentile) - 1e-9));
    return new Axis(Scale.NINES, 0, n, p0, p1, null, null);
  }

  static Axis categories(List<String> names, double p0, double p1) {
    return new Axis(Scale.CATEGORY, -0.5, names.size() - 0.5, p0, p1, null, List.copyOf(names));
  }

  static double nines(double percentile) {
    return Math.log10(1.0 / (1.0 - Math.min(percentile, 99.9999999) / 100.0));
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }

  /** Pixel position of a data value (for categories: of the index). */
  double px(double v) {
    double f = switch (scale) {
      case LINEAR, CATEGORY -> (v - lo) / (hi - lo);
      case LOG10 -> (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
      case LOG2 -> (log2(Math.max(v, lo)) - log2(lo)) / (log2(hi) - log2(lo));
      case NINES -> nines(v) / hi;
    };
    return p0 + f * (p1 - p0);
  }

  double bandWidth() {
    return Math.abs(p1 - p0) / Math.max(1, categories == null ? 1 : categories.size());
  }

  List<Tick> ticks() {
    List<Tick> ticks = new ArrayList<>();
    switch (scale) {
      case LINEAR -> {
        double step = niceStep((hi - lo) / 5);
        for (double v = lo; v <= hi + step / 1000; v += step) {
          ticks.add(new Tick(v, labels.apply(v)));
        }
      }
      case LOG10 -> {
        boolean fine = Math.log10(hi / lo) <= 2;
        for (double d = lo; d <= hi * 1.0001; d *= 10) {
          ticks.add(new Tick(d, labels.apply(d)));
          if (fine && d * 10 <= hi * 1.0001) {
            ticks.add(new Tick(2 * d, labels.apply(2 * d)));
            ticks.add(new Tick(5 * d, labels.apply(5 * d)));
          }
        }
      }
      case LOG2 -> {
        int n = (int) Math.round(log2(hi / lo));
        int every = Math.max(1, (n + 11) / 12);
        for (int i = 0; i <= n; i += every) {
          double v = lo * Math.pow(2, i);
          ticks.add(new Tick(v, labels.apply(v)));
        }
      }
      case NINES -> {
        for (int i = 0; i <= (int) hi; i++) {
          double p = 100.0 * (1.0 - Math.pow(10, -i));
          ticks.add(new Tick(p, ninesLabel(i)));
        }
      }
      case CATEGORY -> {
        for (int i = 0; i < categories.size(); i++) {
          ticks.add(new Tick(i, categories.get(i)));
        }
      }
    }
    return ticks;
  }

  /** 0 -> "0%", 1 -> "90%", 2 -> "99%", 3 -> "99.9%". */
  static String ninesLabel(int nines) {
    if (nines == 0) {
      return "0%";
    }
    if (nines <= 2) {
      return nines == 1 ? "90%" : "99%";
    }
    return "99." + "9".repeat(nines - 2) + "%";
  }

  static double niceStep(double raw) {
    if (raw <= 0 || Double.isNaN(raw)) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / mag;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * mag;
  }

  /** Plain numbers, shortened: 1500 -> 1.5k, 2000000 -> 2M. */
  static String number(double v) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return trim(v / 1e9) + "G";
    }
    if (a >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e3) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  /** Byte sizes, for size-like parameters: 4096 -> 4Ki. */
  static String size(double v) {
    return v == Math.rint(v) ? Sizes.format((long) v) : trim(v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
