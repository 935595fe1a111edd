package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A bucket and key prefix in an S3-compatible store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Bucket extends S3Endpoint {
  @Required
  private String bucket;

  @Default("regatta")
  private String prefix = "regatta";

  public String getBucket() { return bucket; }
  public void setBucket(String bucket) { this.bucket = bucket; }
  public String getPrefix() { return prefix; }
  public void setPrefix(String prefix) { this.prefix = prefix; }
}
