package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How one criterion of spec.thresholds came out: judged on every merged row it selects, reported with the worst
 * of them (the one furthest on the wrong side of the bound, or nearest to it when all pass).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThresholdResult {
  @JsonPropertyDescription("The criterion as written in spec.thresholds[].expr.")
  private String criterion;
  @JsonPropertyDescription("The rows it selects, e.g. 'scenario=get region=eu-west-1' or 'every row'.")
  private String selection;
  @JsonPropertyDescription("The row reported: scenario, params, region (the worst selected row); none when no row matched.")
  private String row;
  @JsonPropertyDescription("The worst selected row's figure, humanised (e.g. 1.24ms); none when no row matched.")
  private String observed;
  @JsonPropertyDescription("The same in the figure's base unit (unit): exactly the merged row's figure.")
  private Double observedValue;
  @JsonPropertyDescription("The bound, humanised, with its comparison, e.g. '< 5ms'; for a bound relative to a "
      + "baseline, the reported row's: the factor times the baseline's figure.")
  private String bound;
  @JsonPropertyDescription("The bound in the base unit.")
  private Double boundValue;
  @JsonPropertyDescription("A bound relative to a baseline: the baseline run compared with.")
  private String baseline;
  @JsonPropertyDescription("A bound relative to a baseline: the reported row's figure in the baseline run (base unit); "
      + "boundValue is the factor times it.")
  private Double baselineValue;
  @JsonPropertyDescription("The base unit of observedValue and boundValue: us, ops/s, B/s or ratio.")
  private String unit;
  private Boolean passed;
  @JsonPropertyDescription("Rows judged, and how many of them failed.")
  private Integer rows;
  private Integer failedRows;
  @JsonPropertyDescription("Why it failed when no figure could be judged (no matching row, a row that measured nothing).")
  private String reason;

  public String getCriterion() { return criterion; }
  public void setCriterion(String criterion) { this.criterion = criterion; }
  public String getSelection() { return selection; }
  public void setSelection(String selection) { this.selection = selection; }
  public String getRow() { return row; }
  public void setRow(String row) { this.row = row; }
  public String getObserved() { return observed; }
  public void setObserved(String observed) { this.observed = observed; }
  public Double getObservedValue() { return observedValue; }
  public void setObservedValue(Double observedValue) { this.observedValue = observedValue; }
  public String getBound() { return bound; }
  public void setBound(String bound) { this.bound = bound; }
  public Double getBoundValue() { return boundValue; }
  public void setBoundValue(Double boundValue) { this.boundValue = boundValue; }
  public String getBaseline() { return baseline; }
  public void setBaseline(String baseline) { this.baseline = baseline; }
  public Double getBaselineValue() { return baselineValue; }
  public void setBaselineValue(Double baselineValue) { this.baselineValue = baselineValue; }
  public String getUnit() { return unit; }
  public void setUnit(String unit) { this.unit = unit; }
  public Boolean getPassed() { return passed; }
  public void setPassed(Boolean passed) { this.passed = passed; }
  public Integer getRows() { return rows; }
  public void setRows(Integer rows) { this.rows = rows; }
  public Integer getFailedRows() { return failedRows; }
  public void setFailedRows(Integer failedRows) { this.failedRows = failedRows; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }

  /** One line for a person: "p99 < 5ms: 7.31ms on get {size=64Ki}" or the reason. */
  public String describe() {
    String what = criterion + (selection == null || "every row".equals(selection) ? "" : " [" + selection + "]");
    if (observed == null) {
      return what + ": " + reason;
    }
    return what + ": " + observed + " on " + row + (baseline != null && bound != null ? " (bound " + bound
        + " from baseline " + baseline + ")" : "") + (failedRows != null && failedRows > 1
        ? " (" + failedRows + " of " + rows + " rows failed)" : "");
  }
}
