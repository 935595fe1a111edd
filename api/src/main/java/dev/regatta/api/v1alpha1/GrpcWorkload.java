package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.regatta.units.Durations;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unary gRPC calls to one method of a server (grpc-java). The method's types come from the server's
 * reflection service or from a descriptor set; the request message is written as JSON (protobuf's JSON
 * mapping) and encoded once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "(!has(self.insecure) || !self.insecure) && !has(self.caSecret) || (has(self.tls) && self.tls)",
    message = "insecure and caSecret go with tls: true")
public class GrpcWorkload {
  /** host:port, or [IPv6]:port. */
  public static final String TARGET = "^([A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}$";
  /** package.Service/Method, as grpcurl and ghz write it. */
  public static final String METHOD = "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*/[A-Za-z_][A-Za-z0-9_]*$";
  /** gRPC metadata keys: lower-case HTTP/2 header names, no pseudo-headers. */
  public static final String METADATA_KEY = "^[a-z0-9][-a-z0-9_.]*$";

  @Required
  @Pattern(TARGET)
  @Size(max = 261)
  @JsonPropertyDescription("The server, host:port, e.g. model-server.ml.svc:8001.")
  private String target;

  @Required
  @Pattern(METHOD)
  @Size(max = 512)
  @JsonPropertyDescription("The unary method, package.Service/Method, e.g. inference.GRPCInferenceService/ModelInfer.")
  private String method;

  @Size(max = Limits.MAX_BODY)
  @JsonPropertyDescription("The request message as JSON (protobuf's JSON mapping), sent with every call. Default {} (an empty message).")
  private String data;

  @Size(max = Limits.MAX_HEADERS)
  @JsonPropertyDescription("Metadata sent with every call (lower-case keys; values hold no CR, LF or NUL).")
  private Map<String, @Size(max = Limits.MAX_HEADER_VALUE) @Pattern(HttpWorkload.HEADER_VALUE) String> metadata =
      new LinkedHashMap<>();

  @Pattern(Durations.PATTERN)
  @Size(max = Durations.MAX_LENGTH)
  @JsonPropertyDescription("Deadline of each call; a call past it counts as grpc_deadline_exceeded. Default 10s.")
  private String deadline;

  @Min(1)
  @Max(1024)
  @JsonPropertyDescription("HTTP/2 connections the calls are spread over (each carries many concurrent calls). Default 1.")
  private Integer channels;

  @JsonPropertyDescription("Connect with TLS. Default false (plaintext, h2c).")
  private Boolean tls;

  @JsonPropertyDescription("TLS: skip certificate and host name verification. Only for test targets; say it explicitly.")
  private Boolean insecure;

  @JsonPropertyDescription("TLS: Secret key holding the PEM CA bundle that signed the server's certificate.")
  private SecretKeySelector caSecret;

  @JsonPropertyDescription("Where the method's message types come from when the server has no reflection service: "
      + "a ConfigMap or Secret key holding a FileDescriptorSet (protoc --descriptor_set_out --include_imports), base64-encoded.")
  private DescriptorSetSource descriptorSet;

  public String getTarget() { return target; }
  public void setTarget(String target) { this.target = target; }
  public String getMethod() { return method; }
  public void setMethod(String method) { this.method = method; }
  public String getData() { return data; }
  public void setData(String data) { this.data = data; }
  public Map<String, String> getMetadata() { return metadata; }
  public void setMetadata(Map<String, String> metadata) { this.metadata = metadata; }
  public String getDeadline() { return deadline; }
  public void setDeadline(String deadline) { this.deadline = deadline; }
  public Integer getChannels() { return channels; }
  public void setChannels(Integer channels) { this.channels = channels; }
  public Boolean getTls() { return tls; }
  public void setTls(Boolean tls) { this.tls = tls; }
  public Boolean getInsecure() { return insecure; }
  public void setInsecure(Boolean insecure) { this.insecure = insecure; }
  public SecretKeySelector getCaSecret() { return caSecret; }
  public void setCaSecret(SecretKeySelector caSecret) { this.caSecret = caSecret; }
  public DescriptorSetSource getDescriptorSet() { return descriptorSet; }
  public void setDescriptorSet(DescriptorSetSource descriptorSet) { this.descriptorSet = descriptorSet; }
}
