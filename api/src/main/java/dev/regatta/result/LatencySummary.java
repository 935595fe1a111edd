package dev.regatta.result;

import com.fasterxml.jackson.annotation.JsonInclude;
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
  private Long p99;
  private Long p999;
  private Long max;

  public LatencySummary() {}

  /** Reads the summary from a histogram; an empty histogram gives all zeros. */
  public static LatencySummary of(AbstractHistogram h) {
    LatencySummary s = new LatencySummary();
    boolean empty = h.getTotalCount() == 0;
    s.min = empty ? 0 : h.getMinValue();
    s.mean = empty ? 0.0 : Math.round(h.getMean() * 10.0) / 10.0;
    s.p50 = h.getValueAtPercentile(50);
    s.p75 = h.getValueAtPercentile(75);
    s.p90 = h.getValueAtPercentile(90);
    s.p99 = h.getValueAtPercentile(99);
    s.p999 = h.getValueAtPercentile(99.9);
    s.max = empty ? 0 : h.getMaxValue();
    return s;
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
  public Long getP99() { return p99; }
  public void setP99(Long p99) { this.p99 = p99; }
  public Long getP999() { return p999; }
  public void setP999(Long p999) { this.p999 = p999; }
  public Long getMax() { return max; }
  public void setMax(Long max) { this.max = max; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LatencySummary that)) {
      return false;
    }
    return Objects.equals(min, that.min) && Objects.equals(mean, that.mean) && Objects.equals(p50, that.p50)
        && Objects.equals(p75, that.p75) && Objects.equals(p90, that.p90) && Objects.equals(p99, that.p99)
        && Objects.equals(p999, that.p999) && Objects.equals(max, that.max);
  }

  @Override
  public int hashCode() {
    return Objects.hash(min, mean, p50, p75, p90, p99, p999, max);
  }

  @Override
  public String toString() {
    return "p50=" + p50 + "us p90=" + p90 + "us p99=" + p99 + "us p99.9=" + p999 + "us max=" + max + "us";
  }
}
