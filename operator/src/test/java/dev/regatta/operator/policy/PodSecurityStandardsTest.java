package dev.regatta.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.operator.policy.PodSecurityStandards.Finding;
import dev.regatta.operator.policy.PodSecurityStandards.Level;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The checker against pods written the way the Kubernetes Pod Security Standards page describes each control: a
 * pod that meets restricted passes every level, and each single change below breaks exactly the levels it should,
 * at the path a reader would look for.
 */
class PodSecurityStandardsTest {

  /** Meets restricted: what the docs' "restricted" example pod sets, plus a native sidecar. */
  static PodTemplateSpec compliant() {
    return new PodTemplateSpecBuilder()
        .withNewMetadata().endMetadata()
        .withNewSpec()
          .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
            .endSeccompProfile().endSecurityContext()
          .withInitContainers(new ContainerBuilder().withName("redis").withRestartPolicy("Always")
              .withSecurityContext(tight()).build())
          .withContainers(new ContainerBuilder().withName("runner").withSecurityContext(tight()).build())
          .withVolumes(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build(),
              new VolumeBuilder().withName("run").withNewConfigMap().withName("x").endConfigMap().build())
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.SecurityContext tight() {
    return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL")
        .endCapabilities().build();
  }

  private static PodTemplateSpec with(Consumer<PodTemplateSpec> change) {
    PodTemplateSpec p = compliant();
    change.accept(p);
    return p;
  }

  private static List<String> paths(PodTemplateSpec p, Level l) {
    return PodSecurityStandards.check(p, l).stream().map(Finding::path).toList();
  }

  /** The change breaks baseline (and so restricted) at exactly this path. */
  private static void breaksBaseline(String path, Consumer<PodTemplateSpec> change) {
    PodTemplateSpec p = with(change);
    assertEquals(List.of(path), paths(p, Level.BASELINE), "baseline");
    assertTrue(paths(p, Level.RESTRICTED).contains(path), "restricted: " + paths(p, Level.RESTRICTED));
    assertEquals(List.of(), paths(p, Level.PRIVILEGED), "privileged allows anything");
  }

  /** The change is fine for baseline and breaks restricted at exactly this path. */
  private static void breaksRestrictedOnly(String path, Consumer<PodTemplateSpec> change) {
    PodTemplateSpec p = with(change);
    assertEquals(List.of(), paths(p, Level.BASELINE), "baseline");
    assertEquals(List.of(path), paths(p, Level.RESTRICTED), "restricted");
  }

  private static io.fabric8.kubernetes.api.model.SecurityContext runner(PodTemplateSpec p) {
    return p.getSpec().getContainers().get(0).getSecurityContext();
  }

  @Test
  void aRestrictedPodPassesEveryLevel() {
    for (Level l : Level.values()) {
      assertEquals(List.of(), PodSecurityStandards.check(compliant(), l), l.label());
    }
  }

  @Test
  void baselineControls() {
    breaksBaseline("spec.hostNetwork", p -> p.getSpec().setHostNetwork(true));
    breaksBaseline("spec.hostPID", p -> p.getSpec().setHostPID(true));
    breaksBaseline("spec.hostIPC", p -> p.getSpec().setHostIPC(true));
    breaksBaseline("spec.containers[runner].securityContext.privileged", p -> runner(p).setPrivileged(true));
    breaksBaseline("spec.initContainers[redis].securityContext.privileged",
        p -> p.getSpec().getInitContainers().get(0).getSecurityContext().setPrivileged(true));
    breaksBaseline("spec.containers[runner].securityContext.capabilities.add",
        p -> runner(p).getCapabilities().setAdd(List.of("SYS_ADMIN")));
    breaksBaseline("spec.volumes[root].hostPath", p -> p.getSpec().getVolumes().add(new VolumeBuilder()
        .withName("root").withNewHostPath().withPath("/").endHostPath().build()));
    breaksBaseline("spec.containers[runner].ports[80].hostPort", p -> p.getSpec().getContainers().get(0)
        .setPorts(List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withContainerPort(80)
            .withHostPort(80).build())));
    breaksBaseline("spec.securityContext.seccompProfile.type",
        p -> p.getSpec().getSecurityContext().getSeccompProfile().setType("Unconfined"));
    breaksBaseline("spec.containers[runner].securityContext.seccompProfile.type",
        p -> runner(p).setSeccompProfile(new io.fabric8.kubernetes.api.model.SeccompProfile(null, "Unconfined")));
    breaksBaseline("spec.containers[runner].securityContext.appArmorProfile.type",
        p -> runner(p).setAppArmorProfile(new io.fabric8.kubernetes.api.model.AppArmorProfile(null, "Unconfined")));
    breaksBaseline("metadata.annotations[container.apparmor.security.beta.kubernetes.io/runner]",
        p -> p.getMetadata().setAnnotations(java.util.Map.of(
            "container.apparmor.security.beta.kubernetes.io/runner", "unconfined")));
    breaksBaseline("spec.containers[runner].securityContext.seLinuxOptions.type",
        p -> runner(p).setSeLinuxOptions(new io.fabric8.kubernetes.api.model.SELinuxOptions(null, null, "spc_t", null)));
    breaksBaseline("spec.containers[runner].securityContext.procMount", p -> runner(p).setProcMount("Unmasked"));
    breaksBaseline("spec.securityContext.sysctls[kernel.msgmax]",
        p -> p.getSpec().getSecurityContext().setSysctls(List.of(new Sysctl("kernel.msgmax", "1"))));
    breaksBaseline("spec.containers[runner].securityContext.windowsOptions.hostProcess",
        p -> runner(p).setWindowsOptions(new io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions(
            null, null, true, null)));
    breaksBaseline("spec.containers[runner].securityContext", p -> runner(p).setAdditionalProperty("privilegedd", true));
  }

  @Test
  void whatBaselineAllows() {
    PodTemplateSpec p = with(x -> {
      runner(x).getCapabilities().setAdd(List.of("NET_BIND_SERVICE", "CHOWN"));
      x.getSpec().getSecurityContext().setSysctls(List.of(new Sysctl("net.ipv4.ip_local_port_range", "1024 65535")));
      x.getMetadata().setAnnotations(java.util.Map.of("container.apparmor.security.beta.kubernetes.io/runner",
          "runtime/default"));
      runner(x).setSeLinuxOptions(new io.fabric8.kubernetes.api.model.SELinuxOptions("s0:c1", null, "container_t", null));
    });
    assertEquals(List.of(), paths(p, Level.BASELINE));
    assertEquals(List.of("spec.containers[runner].securityContext.capabilities.add"), paths(p, Level.RESTRICTED),
        "CHOWN is baseline, not restricted");
  }

  @Test
  void restrictedControls() {
    breaksRestrictedOnly("spec.containers[runner].securityContext.allowPrivilegeEscalation",
        p -> runner(p).setAllowPrivilegeEscalation(null));
    breaksRestrictedOnly("spec.containers[runner].securityContext.allowPrivilegeEscalation",
        p -> runner(p).setAllowPrivilegeEscalation(true));
    // false for the pod: wrong in itself, and the containers that inherit it are wrong too (as admission says)
    assertEquals(List.of("spec.securityContext.runAsNonRoot", "spec.initContainers[redis].securityContext.runAsNonRoot",
        "spec.containers[runner].securityContext.runAsNonRoot"),
        paths(with(p -> p.getSpec().getSecurityContext().setRunAsNonRoot(false)), Level.RESTRICTED));
    breaksRestrictedOnly("spec.containers[runner].securityContext.runAsNonRoot", p -> runner(p).setRunAsNonRoot(false));
    breaksRestrictedOnly("spec.securityContext.runAsUser", p -> p.getSpec().getSecurityContext().setRunAsUser(0L));
    breaksRestrictedOnly("spec.containers[runner].securityContext.runAsUser", p -> runner(p).setRunAsUser(0L));
    breaksRestrictedOnly("spec.containers[runner].securityContext.capabilities.drop",
        p -> runner(p).getCapabilities().setDrop(List.of("NET_RAW")));
    breaksRestrictedOnly("spec.containers[runner].securityContext.capabilities.add",
        p -> runner(p).getCapabilities().setAdd(List.of("KILL")));
    breaksRestrictedOnly("spec.volumes[nfs].nfs", p -> p.getSpec().getVolumes().add(new VolumeBuilder()
        .withName("nfs").withNewNfs().withServer("nfs.example").withPath("/").endNfs().build()));
    // Without the pod-level settings, every container must carry them itself.
    PodTemplateSpec bare = with(p -> p.getSpec().setSecurityContext(null));
    assertEquals(List.of("spec.initContainers[redis].securityContext.runAsNonRoot",
        "spec.initContainers[redis].securityContext.seccompProfile",
        "spec.containers[runner].securityContext.runAsNonRoot",
        "spec.containers[runner].securityContext.seccompProfile"), paths(bare, Level.RESTRICTED));
    PodTemplateSpec perContainer = with(p -> {
      p.getSpec().setSecurityContext(null);
      for (var c : List.of(runner(p), p.getSpec().getInitContainers().get(0).getSecurityContext())) {
        c.setRunAsNonRoot(true);
        c.setSeccompProfile(new io.fabric8.kubernetes.api.model.SeccompProfile("profiles/x.json", "Localhost"));
      }
    });
    assertEquals(List.of(), paths(perContainer, Level.RESTRICTED), "set per container is as good as per pod");
  }

  @Test
  void aPodThatBreaksManyRulesGetsOneFindingEach() {
    PodTemplateSpec p = with(x -> {
      x.getSpec().setHostPID(true);
      runner(x).setPrivileged(true);
      runner(x).setRunAsUser(0L);
      runner(x).setRunAsNonRoot(false);
      runner(x).setAllowPrivilegeEscalation(true);
    });
    assertEquals(List.of("spec.hostPID", "spec.containers[runner].securityContext.privileged",
        "spec.containers[runner].securityContext.allowPrivilegeEscalation",
        "spec.containers[runner].securityContext.runAsNonRoot",
        "spec.containers[runner].securityContext.runAsUser"), paths(p, Level.RESTRICTED));
    assertTrue(PodSecurityStandards.check(p, Level.RESTRICTED).get(1).message().contains("privileged"));
  }

  @Test
  void levelsParseAsKubernetesNamesThem() {
    assertEquals(Level.RESTRICTED, Level.parse("restricted"));
    assertEquals(Level.BASELINE, Level.parse(" Baseline "));
    assertEquals(Level.PRIVILEGED, Level.parse("privileged"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Level.parse("strict"));
    assertTrue(e.getMessage().contains("'strict' is not one of restricted, baseline, privileged"), e.getMessage());
  }
}
