package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How to reach an S3-compatible store. Credentials only ever come from a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.endpoint) || !self.endpoint.matches('" + Urls.USER_INFO_RULE + "')",
    message = "the endpoint must not hold credentials: put them in a Secret and name it in credentialsSecret")
public class S3Endpoint {
  public static final String ENDPOINT = "^https?://[^\\s]+$";

  @JsonPropertyDescription("Endpoint URL for S3-compatible stores (MinIO, Ceph, s3proxy). Empty: AWS S3.")
  @Pattern(ENDPOINT)
  @Size(max = Limits.MAX_URL)
  private String endpoint;

  @Default("us-east-1")
  @Size(min = 1, max = Limits.MAX_REGION)
  private String region = "us-east-1";

  @Default("true")
  @JsonPropertyDescription("Path-style addressing (bucket in the path). Most S3-compatible stores need it.")
  private Boolean pathStyle = true;

  @JsonPropertyDescription("Secret with the access key pair. Empty: the default AWS credential chain (e.g. IRSA).")
  private SecretKeyPair credentialsSecret;

  public String getEndpoint() { return endpoint; }
  public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
  public String getRegion() { return region; }
  public void setRegion(String region) { this.region = region; }
  public Boolean getPathStyle() { return pathStyle; }
  public void setPathStyle(Boolean pathStyle) { this.pathStyle = pathStyle; }
  public SecretKeyPair getCredentialsSecret() { return credentialsSecret; }
  public void setCredentialsSecret(SecretKeyPair credentialsSecret) { this.credentialsSecret = credentialsSecret; }
}
