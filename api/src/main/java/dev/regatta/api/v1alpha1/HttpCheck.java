package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One check on every HTTP response, as k6's {@code check()}: the status is one of a list, the body contains a
 * text, or a JSON field of the body equals a value. A response that fails a check counts as an error of type
 * {@code check:NAME}; each row reports each check's pass rate.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "[has(self.status), has(self.bodyContains), has(self.json)].filter(x, x).size() == 1",
    message = "a check takes exactly one of status, bodyContains or json")
public class HttpCheck {
  public static final String NAME = "^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$";

  @Required
  @Pattern(NAME)
  @Size(max = Limits.MAX_SCENARIO_NAME)
  @JsonPropertyDescription("Check name, as in the error type check:NAME and the pass rates; a-z, 0-9, '-', '_', '.'.")
  private String name;

  @Size(min = 1, max = Limits.MAX_CHECK_STATUSES)
  @JsonPropertyDescription("The response status must be one of these, e.g. [200, 201]. A status check also decides "
      + "which statuses are errors: without one, 400 and above are (http_4xx, http_5xx).")
  private List<@Min(100) @Max(599) Integer> status;

  @Size(min = 1, max = Limits.MAX_CHECK_TEXT)
  @JsonPropertyDescription("The body must contain this text (UTF-8, case-sensitive).")
  private String bodyContains;

  @JsonPropertyDescription("A field of the JSON body must equal a value.")
  private JsonField json;

  public HttpCheck() {}

  public static HttpCheck status(String name, Integer... codes) {
    HttpCheck c = new HttpCheck();
    c.name = name;
    c.status = new ArrayList<>(List.of(codes));
    return c;
  }

  public static HttpCheck bodyContains(String name, String text) {
    HttpCheck c = new HttpCheck();
    c.name = name;
    c.bodyContains = text;
    return c;
  }

  public static HttpCheck json(String name, String path, String equals) {
    HttpCheck c = new HttpCheck();
    c.name = name;
    c.json = new JsonField(path, equals);
    return c;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public List<Integer> getStatus() { return status; }
  public void setStatus(List<Integer> status) { this.status = status; }
  public String getBodyContains() { return bodyContains; }
  public void setBodyContains(String bodyContains) { this.bodyContains = bodyContains; }
  public JsonField getJson() { return json; }
  public void setJson(JsonField json) { this.json = json; }

  /** A JSON field and the value it must have. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class JsonField {
    @Required
    @Size(min = 1, max = Limits.MAX_CHECK_PATH)
    @JsonPropertyDescription("The field: names separated by dots, array elements by [n] or .n, e.g. "
        + "predictions[0].label or $.data.items.0.id.")
    private String path;

    @Required
    @Size(max = Limits.MAX_CHECK_TEXT)
    @JsonPropertyDescription("The value, as JSON writes it: a string's text, a number (1.5 equals 1.50), true, "
        + "false or null.")
    private String equals;

    public JsonField() {}

    public JsonField(String path, String equals) {
      this.path = path;
      this.equals = equals;
    }

    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public String getEquals() { return equals; }
    public void setEquals(String equals) { this.equals = equals; }
  }
}
