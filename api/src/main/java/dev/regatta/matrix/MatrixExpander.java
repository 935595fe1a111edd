package dev.regatta.matrix;

import dev.regatta.api.v1alpha1.MatrixAxis;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Expands a parameter matrix into its points: the cartesian product, first key outermost, values in order. */
public final class MatrixExpander {
  /** Beyond this many points a run is almost certainly a typo (and its status would not fit). */
  public static final int MAX_POINTS = 10_000;

  private MatrixExpander() {}

  /** The values of one axis, as strings; none for an axis that is not a valid range. */
  public static List<String> values(MatrixAxis axis) {
    List<String> out = new ArrayList<>();
    if (axis.getPowersOfTwo() != null) {
      Integer from = axis.getPowersOfTwo().getFrom();
      Integer to = axis.getPowersOfTwo().getTo();
      if (from == null || to == null || from < 0 || to > 62) {
        return out; // not a range (SpecValidator says why); counted as no values, never expanded
      }
      for (int e = from; e <= to; e++) {
        out.add(Long.toString(1L << e));
      }
    } else if (axis.getValues() != null) {
      for (IntOrString v : axis.getValues()) {
        out.add(v.getIntVal() != null ? v.getIntVal().toString() : v.getStrVal());
      }
    }
    return out;
  }

  /**
   * The labels of a point's values, for the axes that have labels (param → label), in matrix order; empty when no
   * axis is labelled. An axis whose labels do not match its values (validation says so) gives none.
   */
  public static Map<String, String> labels(Map<String, MatrixAxis> matrix, Map<String, String> point) {
    Map<String, String> out = new LinkedHashMap<>();
    if (matrix == null) {
      return out;
    }
    for (Map.Entry<String, MatrixAxis> axis : matrix.entrySet()) {
      MatrixAxis a = axis.getValue();
      if (a == null || a.getLabels() == null || a.getLabels().isEmpty() || !point.containsKey(axis.getKey())) {
        continue;
      }
      List<String> values = values(a);
      int i = values.indexOf(point.get(axis.getKey()));
      if (values.size() == a.getLabels().size() && i >= 0) {
        out.put(axis.getKey(), a.getLabels().get(i));
      }
    }
    return out;
  }

  /** Every point of the matrix; one empty point when there is no matrix. */
  public static List<Map<String, String>> expand(Map<String, MatrixAxis> matrix) {
    List<Map<String, String>> points = new ArrayList<>();
    points.add(Collections.emptyMap());
    if (matrix == null) {
      return points;
    }
    for (Map.Entry<String, MatrixAxis> axis : matrix.entrySet()) {
      List<String> values = values(axis.getValue());
      if ((long) points.size() * values.size() > MAX_POINTS) {
        throw new IllegalArgumentException("the matrix has more than " + MAX_POINTS + " points");
      }
      List<Map<String, String>> next = new ArrayList<>(points.size() * values.size());
      for (Map<String, String> p : points) {
        for (String v : values) {
          Map<String, String> q = new LinkedHashMap<>(p);
          q.put(axis.getKey(), v);
          next.add(q);
        }
      }
      points = next;
    }
    return points;
  }

  /** Number of points without building them; Long.MAX_VALUE when that overflows (eight axes of 512 values wrap to 0). */
  public static long size(Map<String, MatrixAxis> matrix) {
    long n = 1;
    if (matrix != null) {
      for (MatrixAxis a : matrix.values()) {
        try {
          n = Math.multiplyExact(n, (long) (a == null ? 0 : values(a).size()));
        } catch (ArithmeticException e) {
          return Long.MAX_VALUE;
        }
      }
    }
    return n;
  }
}
