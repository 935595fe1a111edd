package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A bucket and key prefix in an S3-compatible store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Bucket extends S3Endpoint {
  @Required
  @Size(min = 1, max = Limits.MAX_BUCKET)
  private String bucket;

  @Default("regatta")
  @Size(max = Limits.MAX_KEY)
  private String prefix = "regatta";

  public String getBucket() { return bucket; }
  public void setBucket(String bucket) { this.bucket = bucket; }
  public String getPrefix() { return prefix; }
  public void setPrefix(String prefix) { this.prefix = prefix; }
}
