package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;

/** The values one swept parameter takes: a list, or 2^from .. 2^to. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "(has(self.values) && size(self.values) > 0) != has(self.powersOfTwo)",
    message = "a matrix parameter takes either values or powersOfTwo")
@ValidationRule(value = "!has(self.labels) || (has(self.values) && size(self.labels) == size(self.values)) "
    + "|| (has(self.powersOfTwo) && size(self.labels) == self.powersOfTwo.to - self.powersOfTwo.from + 1)",
    message = "labels needs one label per value, in the same order")
public class MatrixAxis {
  @JsonPropertyDescription("The values, in order, e.g. [1, 8] or [sync, async, crt].")
  @Size(max = Limits.MAX_MATRIX_VALUES)
  private List<@IntOrStringBounds(min = 0, max = Integer.MAX_VALUE, maxLength = Limits.MAX_MATRIX_VALUE) IntOrString> values = new ArrayList<>();

  @JsonPropertyDescription("Every power of two from 2^from to 2^to inclusive, e.g. from 12 to 22 for 4 KiB .. 4 MiB.")
  private PowersOfTwo powersOfTwo;

  @JsonPropertyDescription("A name for each value, in the same order, shown in rows, CSV, HTML and tables beside (or for) "
      + "the value: e.g. the name of the server configuration a URL points at.")
  @Size(max = Limits.MAX_MATRIX_VALUES)
  private List<@Size(min = 1, max = Limits.MAX_MATRIX_LABEL) String> labels = new ArrayList<>();

  public MatrixAxis() {}

  public static MatrixAxis of(Object... values) {
    MatrixAxis a = new MatrixAxis();
    for (Object v : values) {
      a.values.add(v instanceof Integer i ? new IntOrString(i) : new IntOrString(String.valueOf(v)));
    }
    return a;
  }

  public static MatrixAxis powersOfTwo(int from, int to) {
    MatrixAxis a = new MatrixAxis();
    a.powersOfTwo = new PowersOfTwo(from, to);
    return a;
  }

  public List<IntOrString> getValues() { return values; }
  public void setValues(List<IntOrString> values) { this.values = values; }
  public PowersOfTwo getPowersOfTwo() { return powersOfTwo; }
  public void setPowersOfTwo(PowersOfTwo powersOfTwo) { this.powersOfTwo = powersOfTwo; }
  public List<String> getLabels() { return labels; }
  public void setLabels(List<String> labels) { this.labels = labels; }

  /** The same axis with a label for each value. */
  public MatrixAxis labelled(String... labels) {
    this.labels = new ArrayList<>(List.of(labels));
    return this;
  }

  @ValidationRule(value = "self.from <= self.to", message = "powersOfTwo.from must not exceed powersOfTwo.to")
  public static class PowersOfTwo {
    @Required
    @Min(0)
    @Max(Limits.MAX_POWER_OF_TWO)
    private Integer from;
    @Required
    @Min(0)
    @Max(Limits.MAX_POWER_OF_TWO)
    private Integer to;

    public PowersOfTwo() {}

    public PowersOfTwo(int from, int to) {
      this.from = from;
      this.to = to;
    }

    public Integer getFrom() { return from; }
    public void setFrom(Integer from) { this.from = from; }
    public Integer getTo() { return to; }
    public void setTo(Integer to) { this.to = to; }
  }
}
