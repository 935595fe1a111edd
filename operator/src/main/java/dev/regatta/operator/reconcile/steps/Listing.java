package dev.regatta.operator.reconcile.steps;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** How messages list problems and read labels: five items at most, then how many more. */
public final class Listing {
  static final int MAX_LISTED = 5;

  private Listing() {}

  /** "a; b; c; d; e; and 3 more" */
  public static String of(List<String> items) {
    if (items.size() <= MAX_LISTED) {
      return String.join("; ", items);
    }
    return String.join("; ", items.subList(0, MAX_LISTED)) + "; and " + (items.size() - MAX_LISTED) + " more";
  }

  /** A label's value, or null. */
  public static String label(HasMetadata o, String key) {
    return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
  }

  /** Rounded to milliseconds, for seconds in status. */
  public static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
