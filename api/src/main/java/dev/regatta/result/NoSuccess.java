package dev.regatta.result;

import dev.regatta.api.v1alpha1.ResultRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule for "failure never looks like success": a scenario point (scenario and params, pooled over
 * repeats and pods) in which no operation succeeded. Two kinds: a <b>failed</b> point, where operations were
 * attempted and every one failed (or, in the open model, every due one was dropped), and an <b>empty</b> point,
 * where nothing at all completed in the measured window (a window shorter than one operation). The runner CLI
 * exits 1 on a failed point and the operator fails the run with it; an empty point is named as a warning by
 * both (it measured nothing, which is not the target failing). Both use this class.
 */
public final class NoSuccess {
  /** Texts quote at most this many points; the rest are counted. */
  private static final int LISTED = 5;

  private NoSuccess() {}

  /** A point and its pooled figures. */
  public record Point(String scenario, Map<String, String> params, long count, long errors, long dropped) {
    public String label() {
      return params == null || params.isEmpty() ? scenario : scenario + " " + params;
    }

    /** Nothing completed and nothing was due and dropped: the window measured nothing. */
    public boolean empty() {
      return count == 0 && dropped == 0;
    }

    /** e.g. "get {bufferSize=4096}: 1370 of 1370 operations failed". */
    public String describe() {
      if (count == 0) {
        return dropped > 0 ? label() + ": all " + dropped + " due operations were dropped (none could be sent in time)"
            : label() + ": no operation completed in the measured window";
      }
      return label() + ": " + errors + " of " + count + " operations failed";
    }
  }

  /** Points of one runner's results without a success, in the order they first appear. */
  public static List<Point> of(Collection<ScenarioResult> results) {
    Map<List<Object>, long[]> sums = new LinkedHashMap<>();
    Map<List<Object>, ScenarioResult> first = new LinkedHashMap<>();
    for (ScenarioResult r : results) {
      List<Object> key = List.of(r.name(), r.params() == null ? Map.of() : r.params());
      long[] s = sums.computeIfAbsent(key, k -> new long[3]);
      first.putIfAbsent(key, r);
      s[0] += r.count();
      s[1] += r.errors();
      s[2] += r.dropped();
    }
    List<Point> out = new ArrayList<>();
    sums.forEach((key, s) -> {
      if (s[0] - s[1] <= 0) {
        ScenarioResult r = first.get(key);
        out.add(new Point(r.name(), r.params() == null ? Map.of() : r.params(), s[0], s[1], s[2]));
      }
    });
    return out;
  }

  /** Merged rows without a success. */
  public static List<Point> ofRows(Collection<ResultRow> rows) {
    List<Point> out = new ArrayList<>();
    for (ResultRow r : rows) {
      long count = r.getCount() == null ? 0 : r.getCount();
      long errors = r.getErrors() == null ? 0 : r.getErrors();
      if (count - errors <= 0) {
        out.add(new Point(r.getScenario(), r.getParams(), count, errors, r.getDropped() == null ? 0 : r.getDropped()));
      }
    }
    return out;
  }

  /** The failed points of these (operations were attempted; none succeeded). */
  public static List<Point> failed(List<Point> points) {
    return points.stream().filter(p -> !p.empty()).toList();
  }

  /** The empty points of these (nothing completed in the window). */
  public static List<Point> empty(List<Point> points) {
    return points.stream().filter(Point::empty).toList();
  }

  /** The points, one clause each, at most {@value #LISTED} of them and a count of the rest. */
  public static String describe(List<Point> points) {
    List<String> parts = points.stream().limit(LISTED).map(Point::describe).toList();
    String text = String.join("; ", parts);
    return points.size() > LISTED ? text + "; and " + (points.size() - LISTED) + " more point(s)" : text;
  }
}
