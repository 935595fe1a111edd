package dev.regatta.kubesim.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.TreeSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexRangesTest {
  @Test
  void indexesAreListedAsTheJobStatusListsThem() {
    assertEquals("", IndexRanges.format(new TreeSet<>()));
    assertEquals("0", IndexRanges.format(new TreeSet<>(List.of(0))));
    assertEquals("0,1", IndexRanges.format(new TreeSet<>(List.of(0, 1))));
    assertEquals("0-2", IndexRanges.format(new TreeSet<>(List.of(0, 1, 2))));
    assertEquals("1,3-5,7", IndexRanges.format(new TreeSet<>(List.of(1, 3, 4, 5, 7))));
  }
}
