package dev.regatta.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.regatta.api.v1alpha1.MatrixAxis;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixExpanderTest {

  @Test
  void noMatrixIsOnePointWithoutParameters() {
    assertEquals(List.of(Map.of()), MatrixExpander.expand(null));
    assertEquals(List.of(Map.of()), MatrixExpander.expand(Map.of()));
    assertEquals(1, MatrixExpander.size(null));
  }

  @Test
  void listValuesKeepTheirOrderAndForm() {
    assertEquals(List.of("8", "1", "crt", "64Ki"), MatrixExpander.values(MatrixAxis.of(8, 1, "crt", "64Ki")));
  }

  @Test
  void powersOfTwoFrom12To22AreTheReadSizeSweep() {
    List<String> values = MatrixExpander.values(MatrixAxis.powersOfTwo(12, 22));
    assertEquals(11, values.size());
    assertEquals("4096", values.get(0));
    assertEquals("8192", values.get(1));
    assertEquals("4194304", values.get(10));
    assertEquals(List.of("1099511627776"), MatrixExpander.values(MatrixAxis.powersOfTwo(40, 40)), "2^40 does not overflow");
  }

  @Test
  void cartesianProductWithTheFirstKeyOutermost() {
    Map<String, MatrixAxis> m = new LinkedHashMap<>();
    m.put("client", MatrixAxis.of("apache", "crt"));
    m.put("connections", MatrixAxis.of(1, 8));
    m.put("bufferSize", MatrixAxis.powersOfTwo(12, 13));
    List<Map<String, String>> points = MatrixExpander.expand(m);
    assertEquals(8, points.size());
    assertEquals(8, MatrixExpander.size(m));
    assertEquals(Map.of("client", "apache", "connections", "1", "bufferSize", "4096"), points.get(0));
    assertEquals(Map.of("client", "apache", "connections", "1", "bufferSize", "8192"), points.get(1));
    assertEquals(Map.of("client", "apache", "connections", "8", "bufferSize", "4096"), points.get(2));
    assertEquals(Map.of("client", "crt", "connections", "1", "bufferSize", "4096"), points.get(4));
    assertEquals(Map.of("client", "crt", "connections", "8", "bufferSize", "8192"), points.get(7));
    // Parameters in each point keep the matrix's key order, for stable labels and CSV columns.
    assertEquals(List.of("client", "connections", "bufferSize"), List.copyOf(points.get(5).keySet()));
  }

  @Test
  void refusesMatricesBeyondTheLimitWithoutBuildingThem() {
    Map<String, MatrixAxis> m = new LinkedHashMap<>();
    m.put("a", MatrixAxis.powersOfTwo(0, 40));
    m.put("b", MatrixAxis.powersOfTwo(0, 40));
    m.put("c", MatrixAxis.powersOfTwo(0, 40));
    assertEquals(41L * 41 * 41, MatrixExpander.size(m));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixExpander.expand(m));
    assertEquals("the matrix has more than 10000 points", e.getMessage());
  }
}
