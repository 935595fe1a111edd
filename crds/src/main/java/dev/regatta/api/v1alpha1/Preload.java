package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** One key loaded into a sidecar before the start: from S3, from HTTP, or generated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.s3), has(self.http), has(self.generate)].filter(x, x).size() == 1",
    message = "preload needs exactly one source: s3, http or generate")
public class Preload {
  public static final String HTTP_URL = "^https?://[^\\s]+$";

  @Required
  @Size(min = 1, max = Limits.MAX_KEY)
  @JsonPropertyDescription("The Redis key to SET.")
  private String key;

  @JsonPropertyDescription("Fetch the value from this S3 object.")
  private S3Object s3;

  @JsonPropertyDescription("Fetch the value with an HTTP GET.")
  private HttpSource http;

  @JsonPropertyDescription("Generate a value of this many bytes (e.g. 64Mi) instead of fetching one.")
  private Generate generate;

  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public S3Object getS3() { return s3; }
  public void setS3(S3Object s3) { this.s3 = s3; }
  public HttpSource getHttp() { return http; }
  public void setHttp(HttpSource http) { this.http = http; }
  public Generate getGenerate() { return generate; }
  public void setGenerate(Generate generate) { this.generate = generate; }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HttpSource {
    @Required
    @Pattern(Preload.HTTP_URL)
    @Size(max = Limits.MAX_URL)
    private String url;
    private Boolean insecure;

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public Boolean getInsecure() { return insecure; }
    public void setInsecure(Boolean insecure) { this.insecure = insecure; }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Generate {
    @Required
    @ByteSize(max = Limits.MAX_VALUE_SIZE)
    @JsonPropertyDescription("Size in bytes: a number or a string such as 64Mi, 1Gi, 512k.")
    private IntOrString size;

    public IntOrString getSize() { return size; }
    public void setSize(IntOrString size) { this.size = size; }
  }
}
