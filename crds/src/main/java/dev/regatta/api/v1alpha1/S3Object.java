package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One object in an S3-compatible store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Object extends S3Endpoint {
  @Required
  @Size(min = 1, max = Limits.MAX_BUCKET)
  private String bucket;
  @Required
  @Size(min = 1, max = Limits.MAX_KEY)
  private String key;

  public String getBucket() { return bucket; }
  public void setBucket(String bucket) { this.bucket = bucket; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
}
