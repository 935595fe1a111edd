package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret holding an S3 access key pair; the runner gets it as environment, never inline in the run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyPair {
  /** A Kubernetes object name (DNS subdomain). */
  public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
  /** A key in a Secret's data. */
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  @Required
  @Pattern(SecretKeyPair.OBJECT_NAME)
  @Size(max = Limits.MAX_OBJECT_NAME)
  private String name;
  @Default("AWS_ACCESS_KEY_ID")
  @Pattern(SecretKeyPair.SECRET_KEY)
  @Size(max = Limits.MAX_OBJECT_NAME)
  private String accessKeyIdKey = "AWS_ACCESS_KEY_ID";
  @Default("AWS_SECRET_ACCESS_KEY")
  @Pattern(SecretKeyPair.SECRET_KEY)
  @Size(max = Limits.MAX_OBJECT_NAME)
  private String secretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getAccessKeyIdKey() { return accessKeyIdKey; }
  public void setAccessKeyIdKey(String accessKeyIdKey) { this.accessKeyIdKey = accessKeyIdKey; }
  public String getSecretAccessKeyKey() { return secretAccessKeyKey; }
  public void setSecretAccessKeyKey(String secretAccessKeyKey) { this.secretAccessKeyKey = secretAccessKeyKey; }
}
