package dev.regatta.thresholds;

import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.RowFigures;
import dev.regatta.api.v1alpha1.Threshold;
import dev.regatta.api.v1alpha1.ThresholdResult;
import dev.regatta.result.LatencySummary;
import dev.regatta.result.ResultMerger;
import dev.regatta.result.RowKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Judges spec.thresholds on the merged rows of a run ({@link ResultMerger}: the rows status.results and the
 * report hold), never on a pod's own figures. Each criterion is judged on every row it selects; it passes when
 * every one of them meets the bound. A selection that matches no row, or a row that measured nothing, fails the
 * criterion with the reason: nothing is ever passed for want of a number.
 */
public final class ThresholdJudge {
  private ThresholdJudge() {}

  /** Every criterion's outcome, in spec order. */
  public record Verdict(List<ThresholdResult> results) {
    public boolean passed() {
      return results.stream().allMatch(r -> Boolean.TRUE.equals(r.getPassed()));
    }

    public List<ThresholdResult> failed() {
      return results.stream().filter(r -> !Boolean.TRUE.equals(r.getPassed())).toList();
    }

    /** For status.verdict and the VERDICT column: "Passed 3/3", "Failed 2/3" (criteria that held / all). */
    public String summary() {
      long held = results.size() - failed().size();
      return (passed() ? "Passed " : "Failed ") + held + "/" + results.size();
    }
  }

  /** One row (or one region of a row) a criterion is judged on. */
  record Candidate(String label, RowKey key, RowFigures figures, Histogram histogram) {}

  public static Verdict judge(List<Threshold> thresholds, ResultMerger.Merged merged) {
    return judge(thresholds, merged, null);
  }

  /**
   * @param baseline what relative criteria compare with; null when the run names no baseline
   */
  public static Verdict judge(List<Threshold> thresholds, ResultMerger.Merged merged, BaselineRows baseline) {
    List<ThresholdResult> out = new ArrayList<>();
    for (Threshold t : thresholds) {
      out.add(judge(t, merged, baseline));
    }
    return new Verdict(out);
  }

  static ThresholdResult judge(Threshold t, ResultMerger.Merged merged, BaselineRows baseline) {
    ThresholdResult r = new ThresholdResult();
    r.setCriterion(t.getExpr() == null ? null : t.getExpr().trim());
    r.setSelection(cut(t.selection()));
    ThresholdExpr expr;
    try {
      expr = ThresholdExpr.parse(t.getExpr());
    } catch (ThresholdExpr.Invalid e) {
      // validated when the run was accepted; an operator of another version may read it otherwise
      r.setPassed(false);
      r.setReason("cannot be judged: " + e.getMessage());
      return r;
    }
    r.setBound(expr.op().symbol() + " " + expr.boundText());
    r.setBoundValue(expr.bound());
    r.setUnit(expr.figure().kind().baseUnit());
    List<Candidate> rows = select(t, merged);
    r.setRows(rows.size());
    if (rows.isEmpty()) {
      r.setPassed(false);
      r.setFailedRows(0);
      r.setReason("no merged row matches " + cut(t.selection()) + " (no result arrived for it)");
      return r;
    }
    if (expr.relative()) {
      return relative(r, expr, rows, baseline);
    }
    int failed = 0;
    Candidate worst = null;
    Double worstValue = null;
    String nothing = null;
    for (Candidate c : rows) {
      Reading v = read(expr, c);
      if (v.value() == null) {
        failed++;
        nothing = nothing == null ? cut(c.label()) + " " + v.missing() : nothing;
        continue;
      }
      if (!expr.holds(v.value())) {
        failed++;
      }
      if (worstValue == null || worse(expr, v.value(), worstValue)) {
        worst = c;
        worstValue = v.value();
      }
    }
    r.setFailedRows(failed);
    r.setPassed(failed == 0);
    if (nothing != null) {
      // a row without the figure is the worst of all: say so rather than show a figure that passed
      r.setReason(nothing + ": " + expr.subject() + " cannot be judged");
      return r;
    }
    r.setRow(cut(worst.label()));
    r.setObservedValue(worstValue);
    r.setObserved(ThresholdExpr.describe(expr.figure(), worstValue));
    return r;
  }

  /**
   * Each row against factor × the same row of the baseline (scenario, params, region: {@link RowKey}). The row
   * reported is the one furthest past (or nearest to) its own bound, relative to that bound.
   */
  private static ThresholdResult relative(ThresholdResult r, ThresholdExpr expr, List<Candidate> rows,
      BaselineRows baseline) {
    r.setBoundValue(null);
    if (baseline == null || baseline.unusable() != null) {
      r.setPassed(false);
      r.setFailedRows(rows.size());
      r.setBaseline(baseline == null ? null : baseline.run());
      r.setReason(baseline == null ? "relative to a baseline, but the run names none (spec.baseline)"
          : "no baseline: " + baseline.unusable());
      return r;
    }
    r.setBaseline(baseline.run());
    int failed = 0;
    String nothing = null;
    Candidate worst = null;
    double worstScore = 0;
    double worstValue = 0;
    double worstBase = 0;
    for (Candidate c : rows) {
      Optional<RowFigures> b = baseline.rows().find(c.key());
      Reading v = read(expr, c);
      Reading bv = b.isEmpty() ? null : read(expr, new Candidate(c.label(), c.key(), b.get(), null));
      String missing = b.isEmpty() ? "has no row in baseline run " + baseline.run() + " (scenario, params and region "
          + "must match)" : v.value() == null ? v.missing() : bv.value() == null ? "in baseline run " + baseline.run()
          + ": " + bv.missing() : null;
      if (missing != null) {
        failed++;
        nothing = nothing == null ? cut(c.label()) + " " + missing : nothing;
        continue;
      }
      double bound = expr.boundFor(bv.value());
      if (!expr.op().holds(v.value(), bound)) {
        failed++;
      }
      double score = score(expr.op(), v.value(), bound);
      if (worst == null || score > worstScore) {
        worst = c;
        worstScore = score;
        worstValue = v.value();
        worstBase = bv.value();
      }
    }
    r.setFailedRows(failed);
    r.setPassed(failed == 0);
    if (nothing != null) {
      r.setReason(nothing + ": " + expr.subject() + " cannot be compared");
      return r;
    }
    double bound = expr.boundFor(worstBase);
    r.setRow(cut(worst.label()));
    r.setObservedValue(worstValue);
    r.setObserved(ThresholdExpr.describe(expr.figure(), worstValue));
    r.setBaselineValue(worstBase);
    r.setBoundValue(bound);
    r.setBound(expr.op().symbol() + " " + ThresholdExpr.describe(expr.figure(), bound));
    return r;
  }

  /** How far a value is to the failing side of its bound, as a ratio: above 1 fails (at 1, a strict bound fails). */
  private static double score(ThresholdExpr.Op op, double v, double bound) {
    return switch (op) {
      case LT, LE -> bound > 0 ? v / bound : v > 0 ? Double.POSITIVE_INFINITY : 1;
      case GT, GE -> v > 0 ? bound / v : bound > 0 ? Double.POSITIVE_INFINITY : 1;
    };
  }

  /** A row's figure in its base unit, or why the row has none ({@code missing}: "measured no latency"). */
  record Reading(Double value, String missing) {
    static Reading of(Double value, String missing) {
      return new Reading(value, value == null ? missing : null);
    }
  }

  static Reading read(ThresholdExpr expr, Candidate c) {
    Figure f = expr.figure();
    if (f == Figure.CHECKS) {
      return checks(expr.check(), c);
    }
    return Reading.of(value(f, c), "measured no " + (f.kind() == Figure.Kind.LATENCY ? "latency" : "operation"));
  }

  /**
   * passes / (passes + fails) from the row's summed counts (every pod, every repeat; over every check, or the one
   * named), exactly: never an average of pass rates, never the rounded passRate status shows.
   */
  private static Reading checks(String name, Candidate c) {
    if (!(c.figures() instanceof ResultRow row)) {
      return new Reading(null, "has no check counts: checks are merged for the fleet, not per region");
    }
    List<ResultRow.CheckRate> checks = row.getChecks() == null ? List.of() : row.getChecks();
    if (checks.isEmpty()) {
      return new Reading(null, "has no checks (http.expect)");
    }
    long passes = 0;
    long all = 0;
    boolean found = false;
    for (ResultRow.CheckRate k : checks) {
      if (name == null || name.equals(k.getName())) {
        found = true;
        long p = k.getPasses() == null ? 0 : k.getPasses();
        long fl = k.getFails() == null ? 0 : k.getFails();
        passes += p;
        all += p + fl;
      }
    }
    if (!found) {
      return new Reading(null, "has no check named " + dev.regatta.units.Humanize.quote(name) + "; its checks: "
          + checks.stream().map(ResultRow.CheckRate::getName).toList());
    }
    if (all == 0) {
      return new Reading(null, "checked no response");
    }
    return new Reading((double) passes / all, null);
  }

  /** Status stays small whatever a matrix value holds: a row's or a selection's name is cut to this length. */
  public static final int MAX_LABEL = 160;

  private static String cut(String s) {
    return s.length() <= MAX_LABEL ? s : s.substring(0, MAX_LABEL - 3) + "...";
  }

  /** Further on the failing side of the bound: higher for an upper bound, lower for a lower one. */
  private static boolean worse(ThresholdExpr expr, double v, double than) {
    return switch (expr.op()) {
      case LT, LE -> v > than;
      case GT, GE -> v < than;
    };
  }

  private static List<Candidate> select(Threshold t, ResultMerger.Merged merged) {
    List<Candidate> out = new ArrayList<>();
    for (ResultRow row : merged.rows()) {
      if (t.getScenario() != null && !t.getScenario().equals(row.getScenario())) {
        continue;
      }
      Map<String, String> params = row.getParams() == null ? Map.of() : row.getParams();
      if (t.getParams() != null && !params.entrySet().containsAll(t.getParams().entrySet())) {
        continue;
      }
      ResultMerger.Key key = new ResultMerger.Key(row.getScenario(), params);
      RowKey fleet = RowKey.fleet(row.getScenario(), params);
      String label = row.getScenario() + (params.isEmpty() ? "" : " " + params.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "{", "}")));
      if (t.getRegion() == null) {
        out.add(new Candidate(label, fleet, row, merged.histograms().get(key)));
        continue;
      }
      Map<String, Histogram> regionHistograms = merged.regionHistograms().getOrDefault(key, Map.of());
      for (ResultRow.RegionRow rr : row.getByRegion() == null ? List.<ResultRow.RegionRow>of() : row.getByRegion()) {
        if (Threshold.EVERY_REGION.equals(t.getRegion()) || t.getRegion().equals(rr.getRegion())) {
          out.add(new Candidate(label + " region=" + rr.getRegion(), new RowKey(row.getScenario(), params,
              rr.getRegion()), rr, regionHistograms.get(rr.getRegion())));
        }
      }
    }
    return out;
  }

  /** The figure of one row in its base unit, or null when the row measured nothing it could be read from. */
  static Double value(Figure f, Candidate c) {
    RowFigures row = c.figures();
    long count = row.getCount() == null ? 0 : row.getCount();
    long errors = row.getErrors() == null ? 0 : row.getErrors();
    long dropped = row.getDropped() == null ? 0 : row.getDropped();
    if (f.kind() == Figure.Kind.LATENCY) {
      LatencySummary l = row.getLatencyMicros();
      if (count == 0 || l == null) {
        return null;
      }
      Number n = switch (f) {
        case P50 -> l.getP50();
        case P75 -> l.getP75();
        case P90 -> l.getP90();
        case P95 -> c.histogram() != null ? Long.valueOf(c.histogram().getValueAtPercentile(95)) : l.getP95();
        case P99 -> l.getP99();
        case P999 -> l.getP999();
        case MIN -> l.getMin();
        case MAX -> l.getMax();
        case MEAN -> l.getMean();
        default -> throw new IllegalStateException(f.name());
      };
      return n == null ? null : n.doubleValue();
    }
    if (count + dropped == 0) {
      return null;
    }
    return switch (f) {
      case THROUGHPUT -> row.getSuccessPerSecond() != null ? row.getSuccessPerSecond()
          : row.getThroughputPerSecond() == null ? null : row.getThroughputPerSecond();
      case MBPS -> row.getBytesPerSecond();
      case ERROR_RATE -> count == 0 ? null : (double) errors / count;
      case DROPPED_RATE -> (double) dropped / (count + dropped);
      case CHECKS -> null;
      default -> throw new IllegalStateException(f.name());
    };
  }
}
