package dev.regatta.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.AbstractHistogram;

/** Latency percentiles in microseconds, always read from one (possibly merged) histogram. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LatencySummary {
  private Long min;
  private Double mean;
  private Long p50;
  private Long p75;
  private Long p90;
  private Long p95;
  private Long p99;
  private Long p999;
  private Long max;
  @JsonPropertyDescription("Percentiles the run asked for (defaults.percentiles) beyond the fixed ones, keyed by the "
      + "percentile as written, e.g. \"99.99\".")
  private Map<String, Long> percentiles;

  public LatencySummary() {}

  /** Reads the summary from a histogram; an empty histogram gives all zeros. */
  public static LatencySummary of(AbstractHistogram h) {
    return of(h, null);
  }

  /**
   * As {@link #of(AbstractHistogram)}, plus every percentile of {@code wanted} that is not a fixed field, in
   * {@link #percentiles()}.
   */
  public static LatencySummary of(AbstractHistogram h, Collection<Double> wanted) {
    LatencySummary s = new LatencySummary();
    boolean empty = h.getTotalCount() == 0;
    s.min = empty ? 0 : h.getMinValue();
    s.mean = empty ? 0.0 : Math.round(h.getMean() * 10.0) / 10.0;
    s.p50 = h.getValueAtPercentile(50);
    s.p75 = h.getValueAtPercentile(75);
    s.p90 = h.getValueAtPercentile(90);
    s.p95 = h.getValueAtPercentile(95);
    s.p99 = h.getValueAtPercentile(99);
    s.p999 = h.getValueAtPercentile(99.9);
    s.max = empty ? 0 : h.getMaxValue();
    if (wanted != null) {
      for (Double p : wanted) {
        if (p != null && s.fixed(p) == null) {
          if (s.percentiles == null) {
            s.percentiles = new LinkedHashMap<>();
          }
          s.percentiles.put(key(p), h.getValueAtPercentile(p));
        }
      }
    }
    return s;
  }

  /** A percentile as it is named in maps and columns: 95 -> "95", 99.9 -> "99.9", 99.990 -> "99.99". */
  public static String key(double percentile) {
    return new BigDecimal(Double.toString(percentile)).stripTrailingZeros().toPlainString();
  }

  /** The column name of a percentile in CSV and tables: "p95", "p99.9". */
  public static String column(double percentile) {
    return "p" + key(percentile);
  }

  /** The value at a percentile: a fixed field, or one the run asked for; null when the summary does not hold it. */
  public Long at(double percentile) {
    Long v = fixed(percentile);
    return v != null || percentiles == null ? v : percentiles.get(key(percentile));
  }

  private Long fixed(double p) {
    if (p == 50) {
      return p50;
    } else if (p == 75) {
      return p75;
    } else if (p == 90) {
      return p90;
    } else if (p == 95) {
      return p95;
    } else if (p == 99) {
      return p99;
    } else if (p == 99.9) {
      return p999;
    }
    return null;
  }

  public Long getMin() { return min; }
  public void setMin(Long min) { this.min = min; }
  public Double getMean() { return mean; }
  public void setMean(Double mean) { this.mean = mean; }
  public Long getP50() { return p50; }
  public void setP50(Long p50) { this.p50 = p50; }
  public Long getP75() { return p75; }
  public void setP75(Long p75) { this.p75 = p75; }
  public Long getP90() { return p90; }
  public void setP90(Long p90) { this.p90 = p90; }
  public Long getP95() { return p95; }
  public void setP95(Long p95) { this.p95 = p95; }
  public Long getP99() { return p99; }
  public void setP99(Long p99) { this.p99 = p99; }
  public Long getP999() { return p999; }
  public void setP999(Long p999) { this.p999 = p999; }
  public Long getMax() { return max; }
  public void setMax(Long max) { this.max = max; }
  public Map<String, Long> getPercentiles() { return percentiles; }
  public void setPercentiles(Map<String, Long> percentiles) { this.percentiles = percentiles; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LatencySummary that)) {
      return false;
    }
    return Objects.equals(min, that.min) && Objects.equals(mean, that.mean) && Objects.equals(p50, that.p50)
        && Objects.equals(p75, that.p75) && Objects.equals(p90, that.p90) && Objects.equals(p95, that.p95)
        && Objects.equals(p99, that.p99) && Objects.equals(p999, that.p999) && Objects.equals(max, that.max)
        && Objects.equals(percentiles, that.percentiles);
  }

  @Override
  public int hashCode() {
    return Objects.hash(min, mean, p50, p75, p90, p95, p99, p999, max, percentiles);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "p50=%dus p90=%dus p95=%dus p99=%dus p99.9=%dus max=%dus", p50, p90, p95, p99,
        p999, max);
  }
}
