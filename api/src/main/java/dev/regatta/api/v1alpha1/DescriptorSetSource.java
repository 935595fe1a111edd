package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/**
 * A FileDescriptorSet, base64-encoded, in a key of a ConfigMap or a Secret of the run's namespace. It reaches
 * the runner as an environment variable (docs/PROTOCOL.md), so it must stay under Linux's 128 KiB per
 * variable: about 96 KiB of descriptor set (the well-known google/protobuf types need not be included).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "has(self.configMapKeyRef) != has(self.secretKeyRef)",
    message = "set exactly one of configMapKeyRef and secretKeyRef")
public class DescriptorSetSource {
  @JsonPropertyDescription("A ConfigMap key holding the base64 FileDescriptorSet.")
  private ConfigMapKeySelector configMapKeyRef;

  @JsonPropertyDescription("A Secret key holding the base64 FileDescriptorSet.")
  private SecretKeySelector secretKeyRef;

  public ConfigMapKeySelector getConfigMapKeyRef() { return configMapKeyRef; }
  public void setConfigMapKeyRef(ConfigMapKeySelector configMapKeyRef) { this.configMapKeyRef = configMapKeyRef; }
  public SecretKeySelector getSecretKeyRef() { return secretKeyRef; }
  public void setSecretKeyRef(SecretKeySelector secretKeyRef) { this.secretKeyRef = secretKeyRef; }
}
