package dev.regatta.result;

import dev.regatta.api.v1alpha1.ResultRow;
import dev.regatta.api.v1alpha1.RowFigures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The rows of a baseline run, found by {@link RowKey}: what a current row is compared with. Remembers which rows
 * were asked for, so that what is only in the baseline can be listed too (a changed matrix is not a slowdown, but
 * it is not silently dropped either). The first row of a key wins, should a run hold two.
 *
 * @param <T> a row as its holder has it: a status row, a report row
 */
public final class RowMatch<T> {
  private final Map<RowKey, T> rows = new LinkedHashMap<>();
  private final Set<RowKey> found = new HashSet<>();

  private RowMatch() {}

  /** The rows, each by the key {@code key} reads from it. */
  public static <T> RowMatch<T> of(List<? extends T> rows, Function<? super T, RowKey> key) {
    RowMatch<T> m = new RowMatch<>();
    for (T r : rows) {
      m.rows.putIfAbsent(key.apply(r), r);
    }
    return m;
  }

  /** The rows of a run's status.results: every fleet row and every region row. */
  public static RowMatch<RowFigures> ofStatus(List<ResultRow> results) {
    RowMatch<RowFigures> m = new RowMatch<>();
    for (ResultRow r : results == null ? List.<ResultRow>of() : results) {
      m.rows.putIfAbsent(RowKey.fleet(r.getScenario(), r.getParams()), r);
      for (ResultRow.RegionRow rr : r.getByRegion() == null ? List.<ResultRow.RegionRow>of() : r.getByRegion()) {
        m.rows.putIfAbsent(new RowKey(r.getScenario(), r.getParams(), rr.getRegion()), rr);
      }
    }
    return m;
  }

  /** The row with this key, if the run has one. */
  public Optional<T> find(RowKey key) {
    T r = rows.get(key);
    if (r != null) {
      found.add(key);
    }
    return Optional.ofNullable(r);
  }

  /** The rows never found, in the run's order. */
  public List<T> unmatched() {
    List<T> out = new ArrayList<>();
    rows.forEach((k, r) -> {
      if (!found.contains(k)) {
        out.add(r);
      }
    });
    return out;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  public int size() {
    return rows.size();
  }
}
