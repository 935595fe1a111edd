package dev.regatta.validation;

import dev.regatta.api.v1alpha1.DescriptorSetSource;
import dev.regatta.api.v1alpha1.GrpcWorkload;
import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.units.Humanize;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A grpc scenario: target and method, TLS settings that only mean something together, where the descriptor set
 * comes from, and metadata, which travels as HTTP/2 headers and so follows {@link HeaderRules} and gRPC's keys.
 */
final class GrpcRules {
  private static final Pattern TARGET = Pattern.compile(GrpcWorkload.TARGET);
  private static final Pattern METHOD = Pattern.compile(GrpcWorkload.METHOD);
  private static final Pattern METADATA_KEY = Pattern.compile(GrpcWorkload.METADATA_KEY);

  private GrpcRules() {}

  static void check(Checks c, String f, GrpcWorkload g) {
    c.required(f + ".target", g.getTarget());
    c.matches(f + ".target", g.getTarget(), TARGET, "must be host:port, e.g. model-server.ml.svc:8001");
    c.required(f + ".method", g.getMethod());
    c.matches(f + ".method", g.getMethod(), METHOD, "must be package.Service/Method, e.g. helloworld.Greeter/SayHello");
    c.positiveDuration(f + ".deadline", g.getDeadline());
    if (g.getChannels() != null) {
      c.range(f + ".channels", g.getChannels(), 1, 1024);
    }
    if (!Boolean.TRUE.equals(g.getTls()) && (Boolean.TRUE.equals(g.getInsecure()) || g.getCaSecret() != null)) {
      c.fail(f + ".tls", "insecure and caSecret go with tls: true");
    }
    if (g.getData() != null && g.getData().length() > Limits.MAX_BODY) {
      c.fail(f + ".data", "at most " + Limits.MAX_BODY + " characters");
    }
    if (g.getDescriptorSet() != null) {
      descriptorSet(c, f + ".descriptorSet", g.getDescriptorSet());
    }
    if (g.getMetadata() != null) {
      metadata(c, f + ".metadata", g.getMetadata());
    }
  }

  private static void descriptorSet(Checks c, String f, DescriptorSetSource d) {
    if ((d.getConfigMapKeyRef() != null) == (d.getSecretKeyRef() != null)) {
      c.fail(f, "set exactly one of configMapKeyRef and secretKeyRef");
    } else if (d.getConfigMapKeyRef() != null) {
      c.required(f + ".configMapKeyRef.name", d.getConfigMapKeyRef().getName());
      c.required(f + ".configMapKeyRef.key", d.getConfigMapKeyRef().getKey());
    } else {
      c.required(f + ".secretKeyRef.name", d.getSecretKeyRef().getName());
      c.required(f + ".secretKeyRef.key", d.getSecretKeyRef().getKey());
    }
  }

  private static void metadata(Checks c, String f, Map<String, String> metadata) {
    if (metadata.size() > Limits.MAX_HEADERS) {
      c.fail(f, "at most " + Limits.MAX_HEADERS + " entries, got " + metadata.size());
      return;
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String problem = HeaderRules.problem(e.getKey(), e.getValue());
      if (problem == null && !METADATA_KEY.matcher(e.getKey()).matches()) {
        problem = Humanize.quote(e.getKey()) + " is not a gRPC metadata key: lower-case letters, digits, '-', '_', '.'";
      }
      if (problem != null) {
        c.fail(f + "." + Checks.shortKey(e.getKey()), problem);
      }
    }
  }
}
