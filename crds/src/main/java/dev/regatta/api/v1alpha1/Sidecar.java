package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

/** A service started next to each runner (a native sidecar), reachable on localhost. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Sidecar {
  public enum Type {
    @JsonProperty("redis") REDIS
  }

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?$")
  @Size(max = Limits.MAX_SIDECAR_NAME)
  private String name;

  @Default("redis")
  @JsonPropertyDescription("What the sidecar is. Only redis today.")
  private Type type = Type.REDIS;

  @Default("redis:7.4")
  @Size(max = Limits.MAX_IMAGE)
  private String image = "redis:7.4";

  @Default("6379")
  @Min(1)
  @Max(Limits.MAX_PORT)
  private Integer port = 6379;

  @JsonPropertyDescription("Extra arguments for the server, e.g. [--save, '', --appendonly, 'no'].")
  @Size(max = Limits.MAX_SIDECAR_ARGS)
  private List<@Size(max = Limits.MAX_ARG) String> args = new ArrayList<>();

  private ResourceRequirements resources;

  @JsonPropertyDescription("Data to load into the sidecar before the runner reports ready (outside the measured window).")
  private Preload preload;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Type getType() { return type; }
  public void setType(Type type) { this.type = type; }
  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public Integer getPort() { return port; }
  public void setPort(Integer port) { this.port = port; }
  public List<String> getArgs() { return args; }
  public void setArgs(List<String> args) { this.args = args; }
  public ResourceRequirements getResources() { return resources; }
  public void setResources(ResourceRequirements resources) { this.resources = resources; }
  public Preload getPreload() { return preload; }
  public void setPreload(Preload preload) { this.preload = preload; }
}
