package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** One object in an S3-compatible store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Object extends S3Endpoint {
  @Required
  private String bucket;
  @Required
  private String key;

  public String getBucket() { return bucket; }
  public void setBucket(String bucket) { this.bucket = bucket; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
}
