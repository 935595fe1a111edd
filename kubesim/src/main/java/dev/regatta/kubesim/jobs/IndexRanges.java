package dev.regatta.kubesim.jobs;

import java.util.SortedSet;

/** Indexes as a Job's status lists them (completedIndexes, failedIndexes): 0,1,2,5,6 → "0-2,5,6". */
public final class IndexRanges {
  private IndexRanges() {}

  public static String format(SortedSet<Integer> indexes) {
    StringBuilder sb = new StringBuilder();
    Integer first = null;
    Integer last = null;
    for (int i : indexes) {
      if (last != null && i == last + 1) {
        last = i;
        continue;
      }
      if (first != null) {
        append(sb, first, last);
      }
      first = i;
      last = i;
    }
    if (first != null) {
      append(sb, first, last);
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, int first, int last) {
    if (sb.length() > 0) {
      sb.append(',');
    }
    sb.append(first);
    if (last > first) {
      // two neighbours are listed, three or more are a range
      sb.append(last == first + 1 ? "," : "-").append(last);
    }
  }
}
