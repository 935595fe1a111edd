package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.Map;

/** One placement group: N runner pods pinned to a region and/or zone. Becomes one Indexed Job. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Placement {
  /** A Kubernetes label value: what region, zone and node selector values must be. */
  public static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?$")
  @Size(max = Limits.MAX_PLACEMENT_NAME) // for the CEL cost estimate of the uniqueness rule, which reads maxLength, not the pattern
  @JsonPropertyDescription("Group name (DNS label, at most 30 characters); part of Job, pod and result names.")
  private String name;

  @Required
  @Min(1)
  @Max(Limits.MAX_PODS)
  @JsonPropertyDescription("Runner pods in this group (Job parallelism and completions).")
  private Integer pods;

  @Pattern(Placement.LABEL_VALUE)
  @Size(max = Limits.MAX_LABEL_VALUE)
  @JsonPropertyDescription("Pin to nodes labelled topology.kubernetes.io/region=<region>.")
  private String region;

  @Pattern(Placement.LABEL_VALUE)
  @Size(max = Limits.MAX_LABEL_VALUE)
  @JsonPropertyDescription("Pin to nodes labelled topology.kubernetes.io/zone=<zone>.")
  private String zone;

  @Size(max = Limits.MAX_MAP_ENTRIES)
  @JsonPropertyDescription("Extra node selector for this group only.")
  private Map<String, @Size(max = Limits.MAX_LABEL_VALUE) @Pattern(Placement.LABEL_VALUE) String> nodeSelector = new LinkedHashMap<>();

  public Placement() {}

  public Placement(String name, int pods, String region, String zone) {
    this.name = name;
    this.pods = pods;
    this.region = region;
    this.zone = zone;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Integer getPods() { return pods; }
  public void setPods(Integer pods) { this.pods = pods; }
  public String getRegion() { return region; }
  public void setRegion(String region) { this.region = region; }
  public String getZone() { return zone; }
  public void setZone(String zone) { this.zone = zone; }
  public Map<String, String> getNodeSelector() { return nodeSelector; }
  public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
}
