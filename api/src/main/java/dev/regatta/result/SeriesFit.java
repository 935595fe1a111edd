package dev.regatta.result;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a result document fit a size (a ConfigMap's) by coarsening its time series: every window's series is
 * merged two neighbours at a time, exactly ({@link IntervalSeries#coarsened}), until the document fits. A document
 * still too large once every series is a single interval loses its series (what is left is the window rows, as
 * before series existed); one too large without any series is returned as it is, for the caller to refuse.
 */
public final class SeriesFit {
  private SeriesFit() {}

  /** {@code doc}, its series coarsened as little as needed for its JSON to be at most {@code maxBytes}. */
  public static ResultDocument toFit(ResultDocument doc, int maxBytes) {
    ResultDocument d = doc;
    while (size(d) > maxBytes) {
      if (!hasSeriesLongerThanOne(d)) {
        return withSeries(d, 0);
      }
      d = withSeries(d, 2);
    }
    return d;
  }

  static int size(ResultDocument d) {
    return ResultJson.write(d).getBytes(StandardCharsets.UTF_8).length;
  }

  private static boolean hasSeriesLongerThanOne(ResultDocument d) {
    return d.scenarios() != null && d.scenarios().stream()
        .anyMatch(r -> r.series() != null && r.series().intervals().size() > 1);
  }

  /** Every window's series coarsened by {@code factor}; 0 drops them. */
  private static ResultDocument withSeries(ResultDocument d, int factor) {
    if (d.scenarios() == null) {
      return d;
    }
    List<ScenarioResult> out = new ArrayList<>(d.scenarios().size());
    for (ScenarioResult r : d.scenarios()) {
      out.add(r.series() == null ? r : r.withSeries(factor == 0 ? null : r.series().coarsened(factor)));
    }
    return new ResultDocument(d.version(), d.run(), d.namespace(), d.pod(), d.placement(), d.region(), d.zone(),
        d.index(), d.node(), d.startAt(), d.measuredStartEpochMicros(), d.finishedAt(), out, d.failure(),
        d.attempt(), d.replaced(), d.stopped());
  }
}
