package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A Secret holding an S3 access key pair; the runner gets it as environment, never inline in the run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyPair {
  @Required
  private String name;
  @Default("AWS_ACCESS_KEY_ID")
  private String accessKeyIdKey = "AWS_ACCESS_KEY_ID";
  @Default("AWS_SECRET_ACCESS_KEY")
  private String secretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getAccessKeyIdKey() { return accessKeyIdKey; }
  public void setAccessKeyIdKey(String accessKeyIdKey) { this.accessKeyIdKey = accessKeyIdKey; }
  public String getSecretAccessKeyKey() { return secretAccessKeyKey; }
  public void setSecretAccessKeyKey(String secretAccessKeyKey) { this.secretAccessKeyKey = secretAccessKeyKey; }
}
