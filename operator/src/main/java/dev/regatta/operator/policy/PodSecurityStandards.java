package dev.regatta.operator.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kubernetes Pod Security Standards (baseline and restricted, as Pod Security Admission enforces them in
 * Kubernetes 1.29+), checked against a pod template. The operator uses it twice: to judge what a run asks for
 * before accepting it, and as a last guard on every Job it is about to create; tests use it as the oracle.
 *
 * <p>Fails closed where admission would not: a security context carrying fields this model does not know
 * (fabric8 keeps them as additional properties and would send them on) is a finding, since nothing here can
 * say they are harmless.
 */
public final class PodSecurityStandards {
  /** The three profiles, from least to most constrained. */
  public enum Level {
    PRIVILEGED, BASELINE, RESTRICTED;

    /** The name Kubernetes uses (pod-security.kubernetes.io/enforce: restricted). */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Level parse(String s) {
      for (Level l : values()) {
        if (l.label().equals(s == null ? "" : s.trim().toLowerCase(Locale.ROOT))) {
          return l;
        }
      }
      throw new IllegalArgumentException("pod policy level '" + s + "' is not one of restricted, baseline, privileged");
    }
  }

  /** One rule broken: the path of the offending field in the pod template and what is wrong with it. */
  public record Finding(String path, String message) {
    @Override
    public String toString() {
      return path + ": " + message;
    }
  }

  static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
      "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
  static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
      "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
      "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
  static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
      "container_engine_t");
  static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
      "persistentVolumeClaim", "projected", "secret");
  static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";
  static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
  static final String SECCOMP_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A container of any kind (regular, init, ephemeral) as the rules see it. */
  private record Box(String path, SecurityContext sc, List<ContainerPort> ports) {}

  private final Level level;
  private final List<Finding> findings = new ArrayList<>();

  private PodSecurityStandards(Level level) {
    this.level = level;
  }

  /** Every rule of {@code level} (and the levels below it) that the pod template breaks; empty when it complies. */
  public static List<Finding> check(PodTemplateSpec template, Level level) {
    return check(template == null ? null : template.getMetadata(), template == null ? null : template.getSpec(), level);
  }

  public static List<Finding> check(ObjectMeta meta, PodSpec spec, Level level) {
    PodSecurityStandards c = new PodSecurityStandards(level);
    if (level != Level.PRIVILEGED && spec != null) {
      c.baseline(meta, spec);
      if (level == Level.RESTRICTED) {
        c.restricted(spec);
      }
    }
    return List.copyOf(c.findings);
  }

  private void find(String path, String message) {
    findings.add(new Finding(path, message));
  }

  private static List<Box> boxes(PodSpec spec) {
    List<Box> out = new ArrayList<>();
    for (var c : nullToEmpty(spec.getInitContainers())) {
      out.add(new Box("spec.initContainers[" + c.getName() + "]", c.getSecurityContext(), c.getPorts()));
    }
    for (var c : nullToEmpty(spec.getContainers())) {
      out.add(new Box("spec.containers[" + c.getName() + "]", c.getSecurityContext(), c.getPorts()));
    }
    for (var c : nullToEmpty(spec.getEphemeralContainers())) {
      out.add(new Box("spec.ephemeralContainers[" + c.getName() + "]", c.getSecurityContext(), c.getPorts()));
    }
    return out;
  }

  // ---- baseline: no known privilege escalation ----

  private void baseline(ObjectMeta meta, PodSpec spec) {
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      find("spec.hostNetwork", "true: the pod would share the node's network namespace");
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      find("spec.hostPID", "true: the pod would see the node's processes");
    }
    if (Boolean.TRUE.equals(spec.getHostIPC())) {
      find("spec.hostIPC", "true: the pod would share the node's IPC namespace");
    }
    PodSecurityContext psc = spec.getSecurityContext();
    if (psc != null) {
      String p = "spec.securityContext";
      unknownFields(p, psc.getAdditionalProperties());
      windows(p, psc.getWindowsOptions());
      seLinux(p, psc.getSeLinuxOptions());
      seccompNotUnconfined(p, psc.getSeccompProfile());
      appArmor(p, psc.getAppArmorProfile());
      for (Sysctl s : nullToEmpty(psc.getSysctls())) {
        if (!SAFE_SYSCTLS.contains(s.getName())) {
          find(p + ".sysctls[" + s.getName() + "]", "not one of the safe sysctls " + new TreeSet<>(SAFE_SYSCTLS));
        }
      }
    }
    for (Box b : boxes(spec)) {
      for (ContainerPort port : nullToEmpty(b.ports())) {
        if (port.getHostPort() != null && port.getHostPort() != 0) {
          find(b.path() + ".ports[" + port.getContainerPort() + "].hostPort", port.getHostPort()
              + ": a host port binds the node's address");
        }
      }
      SecurityContext sc = b.sc();
      if (sc == null) {
        continue;
      }
      String p = b.path() + ".securityContext";
      unknownFields(p, sc.getAdditionalProperties());
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        find(p + ".privileged", "true: a privileged container has every capability and the node's devices");
      }
      Capabilities caps = sc.getCapabilities();
      if (caps != null) {
        unknownFields(p + ".capabilities", caps.getAdditionalProperties());
        for (String add : nullToEmpty(caps.getAdd())) {
          if (!BASELINE_CAPABILITIES.contains(add)) {
            find(p + ".capabilities.add", add + ": not one of the capabilities the baseline profile allows");
          }
        }
      }
      windows(p, sc.getWindowsOptions());
      seLinux(p, sc.getSeLinuxOptions());
      seccompNotUnconfined(p, sc.getSeccompProfile());
      appArmor(p, sc.getAppArmorProfile());
      if (sc.getProcMount() != null && !sc.getProcMount().isEmpty() && !"Default".equals(sc.getProcMount())) {
        find(p + ".procMount", sc.getProcMount() + ": only Default is allowed");
      }
    }
    for (Volume v : nullToEmpty(spec.getVolumes())) {
      if (v.getHostPath() != null) {
        find("spec.volumes[" + v.getName() + "].hostPath", "a hostPath volume exposes the node's file system");
      }
    }
    Map<String, String> annotations = meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    annotations.forEach((k, v) -> {
      String value = v == null ? "" : v;
      if (k.startsWith(APPARMOR_ANNOTATION) && !value.isEmpty() && !"runtime/default".equals(value)
          && !value.startsWith("localhost/")) {
        find("metadata.annotations[" + k + "]", quote(value) + ": only runtime/default or localhost/* is allowed");
      }
      if ((k.equals(SECCOMP_POD_ANNOTATION) || k.startsWith(SECCOMP_CONTAINER_ANNOTATION))
          && "unconfined".equals(value)) {
        find("metadata.annotations[" + k + "]", "unconfined: seccomp must not be disabled");
      }
    });
  }

  private void unknownFields(String path, Map<String, Object> extra) {
    if (extra != null && !extra.isEmpty()) {
      find(path, "unknown field(s) " + new TreeSet<>(extra.keySet()) + ": the pod policy cannot judge them");
    }
  }

  private void windows(String path, WindowsSecurityContextOptions w) {
    if (w != null && Boolean.TRUE.equals(w.getHostProcess())) {
      find(path + ".windowsOptions.hostProcess", "true: a Windows host process has the node's privileges");
    }
  }

  private void seLinux(String path, SELinuxOptions o) {
    if (o == null) {
      return;
    }
    if (o.getType() != null && !o.getType().isEmpty() && !SELINUX_TYPES.contains(o.getType())) {
      find(path + ".seLinuxOptions.type", quote(o.getType()) + ": only " + new TreeSet<>(SELINUX_TYPES) + " are allowed");
    }
    if (o.getUser() != null && !o.getUser().isEmpty()) {
      find(path + ".seLinuxOptions.user", quote(o.getUser()) + ": a custom SELinux user is not allowed");
    }
    if (o.getRole() != null && !o.getRole().isEmpty()) {
      find(path + ".seLinuxOptions.role", quote(o.getRole()) + ": a custom SELinux role is not allowed");
    }
  }

  private void seccompNotUnconfined(String path, SeccompProfile s) {
    if (s != null && "Unconfined".equals(s.getType())) {
      find(path + ".seccompProfile.type", "Unconfined: seccomp must not be disabled");
    }
  }

  private void appArmor(String path, AppArmorProfile a) {
    if (a != null && a.getType() != null && !"RuntimeDefault".equals(a.getType()) && !"Localhost".equals(a.getType())) {
      find(path + ".appArmorProfile.type", quote(a.getType()) + ": only RuntimeDefault or Localhost is allowed");
    }
  }

  // ---- restricted: current pod hardening best practice ----

  private void restricted(PodSpec spec) {
    PodSecurityContext psc = spec.getSecurityContext();
    boolean podNonRoot = false;
    boolean podSeccomp = false;
    if (psc != null) {
      if (psc.getRunAsNonRoot() != null) {
        if (psc.getRunAsNonRoot()) {
          podNonRoot = true;
        } else {
          find("spec.securityContext.runAsNonRoot", "false: containers must not run as root");
        }
      }
      if (psc.getRunAsUser() != null && psc.getRunAsUser() == 0) {
        find("spec.securityContext.runAsUser", "0: containers must not run as root");
      }
      if (psc.getSeccompProfile() != null) {
        if (seccompConfined(psc.getSeccompProfile())) {
          podSeccomp = true;
        } else if (!"Unconfined".equals(psc.getSeccompProfile().getType())) { // Unconfined: found by baseline
          find("spec.securityContext.seccompProfile.type", quote(psc.getSeccompProfile().getType())
              + ": must be RuntimeDefault or Localhost");
        }
      }
    }
    for (Box b : boxes(spec)) {
      SecurityContext sc = b.sc();
      String p = b.path() + ".securityContext";
      if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        find(p + ".allowPrivilegeEscalation", (sc == null || sc.getAllowPrivilegeEscalation() == null ? "not set"
            : "true") + ": must be false");
      }
      if (sc != null && sc.getRunAsNonRoot() != null) {
        if (!sc.getRunAsNonRoot()) {
          find(p + ".runAsNonRoot", "false: containers must not run as root");
        }
      } else if (!podNonRoot) {
        find(p + ".runAsNonRoot", "not set, and not set to true for the pod: containers must not run as root");
      }
      if (sc != null && sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
        find(p + ".runAsUser", "0: containers must not run as root");
      }
      if (sc != null && sc.getSeccompProfile() != null) {
        if (!seccompConfined(sc.getSeccompProfile()) && !"Unconfined".equals(sc.getSeccompProfile().getType())) {
          find(p + ".seccompProfile.type", quote(sc.getSeccompProfile().getType())
              + ": must be RuntimeDefault or Localhost");
        }
      } else if (!podSeccomp) {
        find(p + ".seccompProfile", "not set, and not set for the pod: must be RuntimeDefault or Localhost");
      }
      Capabilities caps = sc == null ? null : sc.getCapabilities();
      if (caps == null || !nullToEmpty(caps.getDrop()).contains("ALL")) {
        find(p + ".capabilities.drop", "must contain ALL");
      }
      for (String add : caps == null ? List.<String>of() : nullToEmpty(caps.getAdd())) {
        if (!"NET_BIND_SERVICE".equals(add) && BASELINE_CAPABILITIES.contains(add)) { // others: found by baseline
          find(p + ".capabilities.add", add + ": only NET_BIND_SERVICE may be added");
        }
      }
    }
    for (Volume v : nullToEmpty(spec.getVolumes())) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = JSON.convertValue(v, Map.class);
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        String source = e.getKey();
        if (e.getValue() != null && !"name".equals(source) && !"hostPath".equals(source)
            && !RESTRICTED_VOLUMES.contains(source)) {
          find("spec.volumes[" + v.getName() + "]." + source, "volume type not allowed; only "
              + new TreeSet<>(RESTRICTED_VOLUMES));
        }
      }
    }
  }

  private static boolean seccompConfined(SeccompProfile s) {
    return "RuntimeDefault".equals(s.getType()) || "Localhost".equals(s.getType());
  }

  /** A value as a message quotes it: at most 64 characters, so an oversized value cannot bloat a status. */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return "\"" + (s.length() <= 64 ? s : s.substring(0, 61) + "...") + "\"";
  }

  private static <T> List<T> nullToEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
