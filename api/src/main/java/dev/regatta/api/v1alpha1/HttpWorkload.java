package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.regatta.units.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP/1.1 requests against one URL, HTTP or HTTPS. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "!self.url.matches('" + Urls.USER_INFO_RULE + "')",
    message = "the url must not hold credentials: send them in a header, e.g. Authorization")
public class HttpWorkload {
  public static final String URL = "^https?://[^\\s]+$";
  /** A header value: no CR, LF or NUL, which would end the header and let a run write its own request lines. */
  public static final String HEADER_VALUE = "^[^\\x00\\r\\n]*$";

  @Required
  @Pattern(URL)
  @Size(max = Limits.MAX_URL)
  @JsonPropertyDescription("Target URL, e.g. http://model-server.ml.svc:8080/v1/predict.")
  private String url;

  @Default("GET")
  @Pattern("^(GET|POST|PUT|DELETE|HEAD|PATCH)$")
  @Size(max = 6)
  private String method = "GET";

  @Size(max = Limits.MAX_HEADERS)
  @JsonPropertyDescription("Request headers. Names are HTTP tokens; values hold no CR, LF or NUL.")
  private Map<String, @Size(max = Limits.MAX_HEADER_VALUE) @Pattern(HEADER_VALUE) String> headers = new LinkedHashMap<>();

  @Size(max = Limits.MAX_BODY)
  @JsonPropertyDescription("Request body, sent as is.")
  private String body;

  @JsonPropertyDescription("Send a generated body of this many bytes instead of body.")
  @ByteSize(max = Limits.MAX_OBJECT_SIZE)
  private IntOrString bodySize;

  @JsonPropertyDescription("Read the response in buffers of this size (the read-size sweep). Default 16384.")
  @ByteSize(min = 1, max = Limits.MAX_BUFFER_SIZE)
  private IntOrString bufferSize;

  @JsonPropertyDescription("Reuse connections. Default true.")
  private Boolean keepAlive;

  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("Per-request timeout. Default 10s.")
  private String timeout;

  @JsonPropertyDescription("HTTPS: skip certificate verification. Only for test targets; say it explicitly.")
  private Boolean insecure;

  @JsonPropertyDescription("HTTPS: Secret key holding the PEM CA bundle that signed the target's certificate.")
  private SecretKeySelector caSecret;

  @Size(max = Limits.MAX_CHECKS)
  @JsonPropertyDescription("Checks on every response (k6 checks): status codes, a text the body contains, a JSON field's "
      + "value. A response that fails one is an error of type check:NAME; rows report each check's pass rate.")
  @ValidationRule(value = "self.all(c, self.exists_one(d, d.name == c.name))", message = "check names must be unique")
  private List<HttpCheck> expect = new ArrayList<>();

  public String getUrl() { return url; }
  public void setUrl(String url) { this.url = url; }
  public String getMethod() { return method; }
  public void setMethod(String method) { this.method = method; }
  public Map<String, String> getHeaders() { return headers; }
  public void setHeaders(Map<String, String> headers) { this.headers = headers; }
  public String getBody() { return body; }
  public void setBody(String body) { this.body = body; }
  public IntOrString getBodySize() { return bodySize; }
  public void setBodySize(IntOrString bodySize) { this.bodySize = bodySize; }
  public IntOrString getBufferSize() { return bufferSize; }
  public void setBufferSize(IntOrString bufferSize) { this.bufferSize = bufferSize; }
  public Boolean getKeepAlive() { return keepAlive; }
  public void setKeepAlive(Boolean keepAlive) { this.keepAlive = keepAlive; }
  public String getTimeout() { return timeout; }
  public void setTimeout(String timeout) { this.timeout = timeout; }
  public Boolean getInsecure() { return insecure; }
  public void setInsecure(Boolean insecure) { this.insecure = insecure; }
  public SecretKeySelector getCaSecret() { return caSecret; }
  public void setCaSecret(SecretKeySelector caSecret) { this.caSecret = caSecret; }
  public List<HttpCheck> getExpect() { return expect; }
  public void setExpect(List<HttpCheck> expect) { this.expect = expect; }
}
