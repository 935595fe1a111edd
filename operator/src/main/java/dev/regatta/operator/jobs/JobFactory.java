package dev.regatta.operator.jobs;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.RunnerTemplate;
import dev.regatta.api.v1alpha1.Sidecar;
import dev.regatta.protocol.Protocol;
import dev.regatta.protocol.ConfigMapRefs;
import dev.regatta.protocol.SecretRefs;
import dev.regatta.units.Durations;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Indexed Job per placement group. Every choice here is one a user would otherwise get wrong by hand:
 * the pods land in the group's region/zone, the runner is locked down by default, sidecars are native
 * (started before and stopped after the runner), a bad config fails the Job at once instead of retrying.
 */
public final class JobFactory {
  public static final String REGION_LABEL = "topology.kubernetes.io/region";
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  /** Retries of one index (a crashed pod) before that index, and so the run, fails. */
  public static final int BACKOFF_LIMIT_PER_INDEX = 2;
  static final String RUN_FILE_VOLUME = "run-file";
  static final String TMP_VOLUME = "tmp";

  private JobFactory() {}

  public static Job job(BenchmarkRun run, BenchmarkRunSpec spec, Placement p) {
    String name = run.getMetadata().getName();
    RunnerTemplate rt = spec.getRunner() == null ? new RunnerTemplate() : spec.getRunner();
    var meta = RunObjects.meta(run, Protocol.jobName(name, p.getName()), Protocol.COMPONENT_RUNNER);
    meta.getLabels().put(Protocol.LABEL_PLACEMENT, p.getName());

    Map<String, String> podLabels = new LinkedHashMap<>(rt.getPodLabels() == null ? Map.of() : rt.getPodLabels());
    podLabels.putAll(meta.getLabels());
    Map<String, String> nodeSelector = new LinkedHashMap<>();
    if (rt.getNodeSelector() != null) {
      nodeSelector.putAll(rt.getNodeSelector());
    }
    if (p.getNodeSelector() != null) {
      nodeSelector.putAll(p.getNodeSelector());
    }
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName(RUN_FILE_VOLUME).withNewConfigMap()
        .withName(Protocol.specConfigMapName(name)).endConfigMap().build());
    volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
    List<Container> sidecars = new ArrayList<>();
    for (Sidecar s : spec.getSidecars() == null ? List.<Sidecar>of() : spec.getSidecars()) {
      volumes.add(new VolumeBuilder().withName(s.getName() + "-data").withNewEmptyDir().endEmptyDir().build());
      sidecars.add(sidecar(s));
    }

    return new JobBuilder()
        .withMetadata(meta)
        .withNewSpec()
          .withCompletionMode("Indexed")
          .withCompletions(p.getPods())
          .withParallelism(p.getPods())
          .withBackoffLimitPerIndex(BACKOFF_LIMIT_PER_INDEX)
          .withActiveDeadlineSeconds(Math.max(1, Durations.parse(spec.getTimeout()).toSeconds()))
          .withNewPodFailurePolicy().withRules(failurePolicy()).endPodFailurePolicy()
          .withNewTemplate()
            .withNewMetadata().withLabels(podLabels).withAnnotations(rt.getPodAnnotations()).endMetadata()
            .withNewSpec()
              .withRestartPolicy("Never")
              .withServiceAccountName(serviceAccount(name, rt))
              .withAffinity(affinity(p))
              .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
              .withTolerations(rt.getTolerations())
              .withImagePullSecrets(rt.getImagePullSecrets())
              .withSecurityContext(podSecurity(rt))
              .withInitContainers(sidecars)
              .withContainers(runner(run, spec, p, rt))
              .withVolumes(volumes)
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  public static String serviceAccount(String run, RunnerTemplate rt) {
    return usesRunAccount(run, rt) ? Protocol.runnerAccountName(run) : rt.getServiceAccountName();
  }

  /** The pods run under the per-run account the operator creates (also when the run names that account). */
  public static boolean usesRunAccount(String run, RunnerTemplate rt) {
    return rt == null || rt.getServiceAccountName() == null || rt.getServiceAccountName().isBlank()
        || rt.getServiceAccountName().equals(Protocol.runnerAccountName(run));
  }

  /** Exit code 2 (bad run file) fails the Job at once; an evicted or preempted pod does not count as a failure. */
  static List<PodFailurePolicyRule> failurePolicy() {
    return List.of(
        new PodFailurePolicyRuleBuilder().withAction("FailJob")
            .withNewOnExitCodes().withContainerName(Protocol.RUNNER_CONTAINER).withOperator("In")
            .withValues(Protocol.EXIT_CONFIG).endOnExitCodes().build(),
        new PodFailurePolicyRuleBuilder().withAction("Ignore")
            .addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition().build());
  }

  static Affinity affinity(Placement p) {
    List<NodeSelectorRequirement> terms = new ArrayList<>();
    if (p.getRegion() != null && !p.getRegion().isBlank()) {
      terms.add(new NodeSelectorRequirementBuilder().withKey(REGION_LABEL).withOperator("In")
          .withValues(p.getRegion()).build());
    }
    if (p.getZone() != null && !p.getZone().isBlank()) {
      terms.add(new NodeSelectorRequirementBuilder().withKey(ZONE_LABEL).withOperator("In")
          .withValues(p.getZone()).build());
    }
    if (terms.isEmpty()) {
      return null;
    }
    return new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().withMatchExpressions(terms).endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build();
  }

  /**
   * The restricted default with the run's own podSecurityContext laid over it, field by field: a run that sets
   * fsGroup keeps runAsNonRoot and seccomp. Whether what it sets is allowed is the pod policy's call.
   */
  static PodSecurityContext podSecurity(RunnerTemplate rt) {
    PodSecurityContext base = new PodSecurityContextBuilder().withRunAsNonRoot(true)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build();
    return rt.getPodSecurityContext() == null ? base : Overlay.over(base, rt.getPodSecurityContext(), PodSecurityContext.class);
  }

  /**
   * The runner container's context: {@link #restricted} with the run's securityContext laid over it field by field
   * (capabilities.add keeps drop: [ALL]). Where the run makes the container privileged or adds SYS_ADMIN and says
   * nothing of privilege escalation, the default false is left out: the API refuses that combination.
   */
  static SecurityContext runnerSecurity(RunnerTemplate rt) {
    if (rt.getSecurityContext() == null) {
      return restricted(null);
    }
    SecurityContext merged = Overlay.over(restricted(null), rt.getSecurityContext(), SecurityContext.class);
    boolean sysAdmin = merged.getCapabilities() != null && merged.getCapabilities().getAdd() != null
        && merged.getCapabilities().getAdd().stream().anyMatch(c -> c.equals("SYS_ADMIN") || c.equals("CAP_SYS_ADMIN"));
    if (rt.getSecurityContext().getAllowPrivilegeEscalation() == null
        && (Boolean.TRUE.equals(merged.getPrivileged()) || sysAdmin)) {
      merged.setAllowPrivilegeEscalation(null);
    }
    return merged;
  }

  /** Non-root, read-only root filesystem, no capabilities, no privilege escalation, RuntimeDefault seccomp. */
  public static SecurityContext restricted(Long runAsUser) {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(runAsUser)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  static Container runner(BenchmarkRun run, BenchmarkRunSpec spec, Placement p, RunnerTemplate rt) {
    List<VolumeMount> mounts = List.of(
        new VolumeMountBuilder().withName(RUN_FILE_VOLUME).withMountPath(Protocol.RUN_FILE_DIR).withReadOnly(true).build(),
        // The JVM and the runner need a writable /tmp; the root filesystem is read-only.
        new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
    return new ContainerBuilder()
        .withName(Protocol.RUNNER_CONTAINER)
        .withImage(rt.getImage() == null ? RunnerTemplate.DEFAULT_IMAGE : rt.getImage())
        .withImagePullPolicy(rt.getImagePullPolicy())
        .withArgs("pod")
        .withEnv(env(run, spec, p, rt))
        // the live endpoint the operator pulls intervals from (docs/PROTOCOL.md, "Live intervals")
        .withPorts(new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withName(Protocol.LIVE_PORT_NAME)
            .withContainerPort(Protocol.LIVE_PORT).withProtocol("TCP").build())
        .withResources(rt.getResources())
        .withSecurityContext(runnerSecurity(rt))
        .withVolumeMounts(mounts)
        // The runner writes one line to the termination log; logs are the fallback for a crash before that.
        .withTerminationMessagePath(Protocol.TERMINATION_LOG)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .build();
  }

  static List<EnvVar> env(BenchmarkRun run, BenchmarkRunSpec spec, Placement p, RunnerTemplate rt) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(Protocol.ENV_RUN, run.getMetadata().getName(), null));
    env.add(fieldRef(Protocol.ENV_NAMESPACE, "metadata.namespace"));
    env.add(fieldRef(Protocol.ENV_POD_NAME, "metadata.name"));
    env.add(fieldRef(Protocol.ENV_NODE_NAME, "spec.nodeName"));
    env.add(new EnvVar(Protocol.ENV_PLACEMENT, p.getName(), null));
    env.add(new EnvVar(Protocol.ENV_REGION, p.getRegion() == null ? "" : p.getRegion(), null));
    env.add(new EnvVar(Protocol.ENV_ZONE, p.getZone() == null ? "" : p.getZone(), null));
    env.add(new EnvVar(Protocol.ENV_RUN_FILE, Protocol.RUN_FILE_PATH, null));
    env.add(new EnvVar(Protocol.ENV_LIVE_PORT, Integer.toString(Protocol.LIVE_PORT), null));
    if (rt.getJvmOptions() != null && !rt.getJvmOptions().isBlank()) {
      env.add(new EnvVar(Protocol.ENV_JAVA_OPTS, rt.getJvmOptions(), null));
    }
    for (SecretRefs.Ref ref : SecretRefs.of(spec)) {
      env.add(new EnvVarBuilder().withName(ref.envName()).withNewValueFrom().withNewSecretKeyRef()
          .withName(ref.secretName()).withKey(ref.key()).endSecretKeyRef().endValueFrom().build());
    }
    for (ConfigMapRefs.Ref ref : ConfigMapRefs.of(spec)) {
      env.add(new EnvVarBuilder().withName(ref.envName()).withNewValueFrom().withNewConfigMapKeyRef()
          .withName(ref.configMapName()).withKey(ref.key()).endConfigMapKeyRef().endValueFrom().build());
    }
    if (rt.getEnv() != null) {
      env.addAll(rt.getEnv());
    }
    return env;
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path)
        .endFieldRef().endValueFrom().build();
  }

  /**
   * A native sidecar: an init container with restartPolicy Always starts before the runner, stays up while it
   * runs, and does not keep the pod (and so the Job) alive after the runner exits. Redis runs as the image's
   * redis user (999) so the pod can stay non-root; its data dir is an emptyDir (root filesystem read-only).
   *
   * <p>It listens on loopback only, in protected mode: the runner next to it is its only client, and nothing
   * else in the cluster can reach it. The run's own args come first and the listening options last, so a run
   * cannot widen them (Redis takes the last value of a repeated option; the pod policy refuses such args
   * anyway, with a message). The kubelet probes from outside the pod's loopback, so readiness is an exec probe.
   */
  static Container sidecar(Sidecar s) {
    int port = s.getPort() == null ? 6379 : s.getPort();
    List<String> args = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no"));
    if (s.getArgs() != null) {
      args.addAll(s.getArgs());
    }
    args.addAll(List.of("--dir", "/data", "--port", Integer.toString(port)));
    args.addAll(loopbackOnly());
    return new ContainerBuilder()
        .withName(s.getName())
        .withImage(s.getImage())
        .withRestartPolicy("Always")
        .withArgs(args)
        // Declared for readers and local mode; the bind address, not this list, is what keeps it private.
        .addNewPort().withName("redis").withContainerPort(port).endPort()
        .withResources(s.getResources())
        .withNewReadinessProbe()
          .withNewExec().withCommand("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "ping").endExec()
          .withPeriodSeconds(2).withFailureThreshold(3).withTimeoutSeconds(2)
        .endReadinessProbe()
        .withSecurityContext(restricted(999L))
        .withVolumeMounts(new VolumeMountBuilder().withName(s.getName() + "-data").withMountPath("/data").build())
        .build();
  }

  /** Redis options that keep a sidecar private to its pod: IPv4 loopback, and protected mode on. */
  public static List<String> loopbackOnly() {
    return List.of("--bind", "127.0.0.1", "--protected-mode", "yes");
  }
}
