package dev.regatta.validation;

import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.Preload;
import dev.regatta.api.v1alpha1.ResultSink;
import dev.regatta.api.v1alpha1.RunnerTemplate;
import dev.regatta.api.v1alpha1.S3Bucket;
import dev.regatta.api.v1alpha1.Sidecar;
import dev.regatta.protocol.Protocol;
import dev.regatta.units.Humanize;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the run adds to every runner pod (spec.runner, spec.sidecars) and where the pods' results go. */
final class PodTemplateRules {
  private PodTemplateRules() {}

  static void runner(Checks c, String f, RunnerTemplate r) {
    if (r == null) {
      return;
    }
    KubernetesFieldRules.labels(c, f + ".nodeSelector", r.getNodeSelector(), true);
    KubernetesFieldRules.labels(c, f + ".podLabels", r.getPodLabels(), true);
    KubernetesFieldRules.labels(c, f + ".podAnnotations", r.getPodAnnotations(), false);
    KubernetesFieldRules.resources(c, f + ".resources", r.getResources());
    if (r.getEnv() != null) {
      for (int i = 0; i < r.getEnv().size(); i++) {
        EnvVar e = r.getEnv().get(i);
        if (e != null && e.getValueFrom() != null && e.getValueFrom().getResourceFieldRef() != null
            && e.getValueFrom().getResourceFieldRef().getDivisor() != null) {
          KubernetesFieldRules.quantities(c, f + ".env[" + i + "].valueFrom.resourceFieldRef",
              Map.of("divisor", e.getValueFrom().getResourceFieldRef().getDivisor()));
        }
      }
    }
  }

  static void sidecars(Checks c, List<Sidecar> sidecars) {
    if (sidecars == null) {
      return;
    }
    if (sidecars.size() > Limits.MAX_SIDECARS) {
      c.fail("spec.sidecars", "at most " + Limits.MAX_SIDECARS + " sidecars, got " + sidecars.size());
      return;
    }
    Set<String> names = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < sidecars.size(); i++) {
      Sidecar s = sidecars.get(i);
      String f = "spec.sidecars[" + i + "]";
      if (s.getName() == null || !Checks.DNS_LABEL.matcher(s.getName()).matches()) {
        c.fail(f + ".name", Humanize.quote(s.getName()) + " must be a DNS label of at most 30 characters");
      } else if (!names.add(s.getName()) || s.getName().equals(Protocol.RUNNER_CONTAINER)) {
        c.fail(f + ".name", Humanize.quote(s.getName()) + " is already a container name in the pod");
      }
      if (s.getPort() != null && c.range(f + ".port", s.getPort(), 1, Limits.MAX_PORT) && !ports.add(s.getPort())) {
        c.fail(f + ".port", s.getPort() + " is used by another sidecar");
      }
      KubernetesFieldRules.resources(c, f + ".resources", s.getResources());
      if (s.getPreload() != null) {
        preload(c, f + ".preload", s.getPreload());
      }
    }
  }

  private static void preload(Checks c, String f, Preload p) {
    c.required(f + ".key", p.getKey());
    int sources = (p.getS3() != null ? 1 : 0) + (p.getHttp() != null ? 1 : 0) + (p.getGenerate() != null ? 1 : 0);
    if (sources != 1) {
      c.fail(f, "needs exactly one source: s3, http or generate (got " + sources + ")");
    }
    if (p.getS3() != null) {
      c.required(f + ".s3.bucket", p.getS3().getBucket());
      c.required(f + ".s3.key", p.getS3().getKey());
      c.endpoint(f + ".s3", p.getS3());
    }
    if (p.getHttp() != null) {
      c.url(f + ".http.url", p.getHttp().getUrl(), "http", true, "");
    }
    if (p.getGenerate() != null) {
      if (p.getGenerate().getSize() == null) {
        c.fail(f + ".generate.size", "is required");
      } else {
        c.size(f + ".generate.size", p.getGenerate().getSize(), 0, Limits.MAX_VALUE_SIZE);
      }
    }
  }

  static void results(Checks c, ResultSink results) {
    if (results != null && results.getS3() != null) {
      S3Bucket s3 = results.getS3();
      c.required("spec.results.s3.bucket", s3.getBucket());
      c.endpoint("spec.results.s3", s3);
    }
  }
}
