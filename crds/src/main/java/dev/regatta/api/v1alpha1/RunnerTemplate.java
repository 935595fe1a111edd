package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runner container and the pod around it. Everything here is optional. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RunnerTemplate {
  public static final String DEFAULT_IMAGE = "ghcr.io/regatta-dev/regatta-runner:0.1.0";

  @Default(DEFAULT_IMAGE)
  @Size(min = 1, max = Limits.MAX_IMAGE)
  @JsonPropertyDescription("Runner image.")
  private String image = DEFAULT_IMAGE;

  @Pattern("^(Always|IfNotPresent|Never)$")
  @Size(max = 12)
  @JsonPropertyDescription("Always, IfNotPresent or Never.")
  private String imagePullPolicy;

  @Size(max = Limits.MAX_LIST_ITEMS)
  private List<LocalObjectReference> imagePullSecrets = new ArrayList<>();

  @JsonPropertyDescription("CPU and memory for the runner container. Size it like the client machine you want to emulate.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Extra environment for the runner container.")
  @Size(max = Limits.MAX_LIST_ITEMS)
  private List<EnvVar> env = new ArrayList<>();

  @Size(max = Limits.MAX_JVM_OPTIONS)
  @JsonPropertyDescription("Extra JVM options for the runner, e.g. -Xmx2g.")
  private String jvmOptions;

  @Size(max = Limits.MAX_LIST_ITEMS)
  private List<Toleration> tolerations = new ArrayList<>();

  @Size(max = Limits.MAX_MAP_ENTRIES)
  @JsonPropertyDescription("Node selector applied to every runner pod, in addition to each placement's own.")
  private Map<String, @Size(max = Limits.MAX_LABEL_VALUE) @Pattern(Placement.LABEL_VALUE) String> nodeSelector = new LinkedHashMap<>();

  @Pattern(SecretKeyPair.OBJECT_NAME)
  @Size(max = Limits.MAX_OBJECT_NAME)
  @JsonPropertyDescription("Use this service account instead of the least-privilege one the operator creates per run.")
  private String serviceAccountName;

  @JsonPropertyDescription("Container security context. Default: non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp.")
  private SecurityContext securityContext;

  @JsonPropertyDescription("Pod security context.")
  private PodSecurityContext podSecurityContext;

  @Size(max = Limits.MAX_MAP_ENTRIES)
  @JsonPropertyDescription("Labels added to every runner pod.")
  private Map<String, @Size(max = Limits.MAX_LABEL_VALUE) @Pattern(Placement.LABEL_VALUE) String> podLabels = new LinkedHashMap<>();

  @Size(max = Limits.MAX_MAP_ENTRIES)
  @JsonPropertyDescription("Annotations added to every runner pod.")
  private Map<String, @Size(max = Limits.MAX_ANNOTATION_VALUE) String> podAnnotations = new LinkedHashMap<>();

  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public String getImagePullPolicy() { return imagePullPolicy; }
  public void setImagePullPolicy(String imagePullPolicy) { this.imagePullPolicy = imagePullPolicy; }
  public List<LocalObjectReference> getImagePullSecrets() { return imagePullSecrets; }
  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) { this.imagePullSecrets = imagePullSecrets; }
  public ResourceRequirements getResources() { return resources; }
  public void setResources(ResourceRequirements resources) { this.resources = resources; }
  public List<EnvVar> getEnv() { return env; }
  public void setEnv(List<EnvVar> env) { this.env = env; }
  public String getJvmOptions() { return jvmOptions; }
  public void setJvmOptions(String jvmOptions) { this.jvmOptions = jvmOptions; }
  public List<Toleration> getTolerations() { return tolerations; }
  public void setTolerations(List<Toleration> tolerations) { this.tolerations = tolerations; }
  public Map<String, String> getNodeSelector() { return nodeSelector; }
  public void setNodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; }
  public String getServiceAccountName() { return serviceAccountName; }
  public void setServiceAccountName(String serviceAccountName) { this.serviceAccountName = serviceAccountName; }
  public SecurityContext getSecurityContext() { return securityContext; }
  public void setSecurityContext(SecurityContext securityContext) { this.securityContext = securityContext; }
  public PodSecurityContext getPodSecurityContext() { return podSecurityContext; }
  public void setPodSecurityContext(PodSecurityContext podSecurityContext) { this.podSecurityContext = podSecurityContext; }
  public Map<String, String> getPodLabels() { return podLabels; }
  public void setPodLabels(Map<String, String> podLabels) { this.podLabels = podLabels; }
  public Map<String, String> getPodAnnotations() { return podAnnotations; }
  public void setPodAnnotations(Map<String, String> podAnnotations) { this.podAnnotations = podAnnotations; }
}
