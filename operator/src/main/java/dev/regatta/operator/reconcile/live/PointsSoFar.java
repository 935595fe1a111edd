package dev.regatta.operator.reconcile.live;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest points' {@link PointSoFar}, at most {@link #MAX_POINTS}: a runner measures one point's repeats one
 * after the other, so a point whose intervals stopped coming is done and its final figures are the results', not
 * these. Memory stays a few histograms per run whatever the matrix.
 */
final class PointsSoFar {
  static final int MAX_POINTS = 4;

  private record Key(String scenario, Map<String, String> params) {}

  private final LinkedHashMap<Key, PointSoFar> points = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, PointSoFar> eldest) {
      return size() > MAX_POINTS;
    }
  };

  PointSoFar of(String scenario, Map<String, String> params) {
    Map<String, String> p = params == null ? Map.of() : params;
    return points.computeIfAbsent(new Key(scenario, p), k -> new PointSoFar(scenario, p));
  }

  Collection<PointSoFar> view() {
    return Collections.unmodifiableCollection(List.copyOf(points.values()));
  }
}
