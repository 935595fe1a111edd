package dev.regatta.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.testing.Harness;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The objects a run creates, as a cluster admin would read them; deletion and TTL clean-up. */
class ObjectsTest {
  private static Harness h;

  @BeforeAll
  static void start() {
    h = new Harness();
    h.cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void jobsPodsConfigMapsAndRbacAreWhatTheProtocolSays() {
    String yaml = Harness.threeGroups("objs").replace("  startDelay: 100ms",
        "  results:\n    s3: {bucket: results, endpoint: \"http://s3.local:9000\", credentialsSecret: {name: s3-creds}}\n  startDelay: 100ms");
    BenchmarkRun run = h.create(yaml);
    assertNotNull(run.getSpec().getResults(), "test spec has an S3 sink");
    h.awaitPhase("objs", Phase.Starting);
    String uid = h.get("objs").getMetadata().getUid();

    Job euA = h.job("objs-eu-a");
    assertEquals("Indexed", euA.getSpec().getCompletionMode());
    assertEquals(2, euA.getSpec().getCompletions());
    assertEquals(2, euA.getSpec().getParallelism());
    assertEquals(2, euA.getSpec().getBackoffLimitPerIndex());
    assertEquals(600L, euA.getSpec().getActiveDeadlineSeconds());
    List<PodFailurePolicyRule> rules = euA.getSpec().getPodFailurePolicy().getRules();
    assertEquals("FailJob", rules.get(0).getAction());
    assertEquals(Protocol.RUNNER_CONTAINER, rules.get(0).getOnExitCodes().getContainerName());
    assertEquals(List.of(2), rules.get(0).getOnExitCodes().getValues());
    assertEquals("Ignore", rules.get(1).getAction());
    assertEquals("DisruptionTarget", rules.get(1).getOnPodConditions().get(0).getType());

    PodSpec pod = euA.getSpec().getTemplate().getSpec();
    assertEquals("Never", pod.getRestartPolicy());
    assertEquals("objs-runner", pod.getServiceAccountName());
    Map<String, List<String>> affinity = pod.getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0).getMatchExpressions()
        .stream().collect(Collectors.toMap(NodeSelectorRequirement::getKey, NodeSelectorRequirement::getValues));
    assertEquals(Map.of("topology.kubernetes.io/region", List.of("eu-west-1"),
        "topology.kubernetes.io/zone", List.of("eu-west-1a")), affinity);
    assertEquals(Map.of("pool", "bench"), pod.getNodeSelector());
    assertEquals(1, h.job("objs-us").getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0).getMatchExpressions().size(),
        "a group pinned to a region only has no zone term");
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());

    Container runner = pod.getContainers().get(0);
    assertEquals(Protocol.RUNNER_CONTAINER, runner.getName());
    assertTrue(runner.getSecurityContext().getRunAsNonRoot());
    assertTrue(runner.getSecurityContext().getReadOnlyRootFilesystem());
    assertFalse(runner.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), runner.getSecurityContext().getCapabilities().getDrop());
    assertEquals("RuntimeDefault", runner.getSecurityContext().getSeccompProfile().getType());
    assertEquals("FallbackToLogsOnError", runner.getTerminationMessagePolicy());
    Map<String, EnvVar> env = runner.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertEquals("objs", env.get(Protocol.ENV_RUN).getValue());
    assertEquals("eu-a", env.get(Protocol.ENV_PLACEMENT).getValue());
    assertEquals("eu-west-1", env.get(Protocol.ENV_REGION).getValue());
    assertEquals("eu-west-1a", env.get(Protocol.ENV_ZONE).getValue());
    assertEquals(Protocol.RUN_FILE_PATH, env.get(Protocol.ENV_RUN_FILE).getValue());
    assertEquals("metadata.namespace", env.get(Protocol.ENV_NAMESPACE).getValueFrom().getFieldRef().getFieldPath());
    assertEquals("metadata.name", env.get(Protocol.ENV_POD_NAME).getValueFrom().getFieldRef().getFieldPath());
    assertEquals("spec.nodeName", env.get(Protocol.ENV_NODE_NAME).getValueFrom().getFieldRef().getFieldPath());
    EnvVar key = env.get(Protocol.secretEnvName("s3-creds", "AWS_ACCESS_KEY_ID"));
    assertEquals("REGATTA_SECRET_S3_CREDS__AWS_ACCESS_KEY_ID", key.getName());
    assertEquals("s3-creds", key.getValueFrom().getSecretKeyRef().getName());
    assertEquals("AWS_ACCESS_KEY_ID", key.getValueFrom().getSecretKeyRef().getKey());
    assertNotNull(env.get(Protocol.secretEnvName("s3-creds", "AWS_SECRET_ACCESS_KEY")).getValueFrom().getSecretKeyRef());
    assertTrue(runner.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")));
    assertTrue(runner.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(Protocol.RUN_FILE_DIR)
        && m.getReadOnly()));
    assertEquals("objs-spec", pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst()
        .orElseThrow().getConfigMap().getName());

    Container redis = pod.getInitContainers().get(0);
    assertEquals("redis", redis.getName());
    assertEquals("Always", redis.getRestartPolicy(), "a native sidecar");
    // Listens on loopback only, so the kubelet cannot probe it over TCP: an exec probe inside the pod.
    assertEquals(List.of("redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"),
        redis.getReadinessProbe().getExec().getCommand());
    assertEquals(List.of("--port", "6379", "--bind", "127.0.0.1", "--protected-mode", "yes"),
        redis.getArgs().subList(redis.getArgs().size() - 6, redis.getArgs().size()));
    assertTrue(redis.getSecurityContext().getRunAsNonRoot());
    assertTrue(redis.getSecurityContext().getReadOnlyRootFilesystem());

    // Least privilege: update only this run's result ConfigMaps, read only its start ConfigMap.
    Role role = h.client.rbac().roles().inNamespace(Harness.NS).withName("objs-runner").get();
    assertEquals(2, role.getRules().size());
    PolicyRule results = role.getRules().get(0);
    assertEquals(List.of("configmaps"), results.getResources());
    assertEquals(List.of("get", "update", "patch"), results.getVerbs());
    assertEquals(List.of("objs-result-eu-a-0", "objs-result-eu-a-1", "objs-result-eu-b-0", "objs-result-us-0",
        "objs-result-us-1"), results.getResourceNames());
    PolicyRule start = role.getRules().get(1);
    assertEquals(List.of("get", "list", "watch"), start.getVerbs());
    assertEquals(List.of("objs-start"), start.getResourceNames());
    assertTrue(role.getRules().stream().noneMatch(r -> r.getVerbs().contains("create") || r.getVerbs().contains("delete")
        || r.getResources().contains("secrets")));
    RoleBinding rb = h.client.rbac().roleBindings().inNamespace(Harness.NS).withName("objs-runner").get();
    assertEquals("objs-runner", rb.getRoleRef().getName());
    assertEquals("ServiceAccount", rb.getSubjects().get(0).getKind());
    assertEquals("objs-runner", rb.getSubjects().get(0).getName());
    assertNotNull(h.client.serviceAccounts().inNamespace(Harness.NS).withName("objs-runner").get());

    ConfigMap result = h.client.configMaps().inNamespace(Harness.NS).withName("objs-result-us-1").get();
    assertEquals(Protocol.STATE_PENDING, result.getData().get(Protocol.STATE_KEY));
    assertEquals("us", result.getMetadata().getLabels().get(Protocol.LABEL_PLACEMENT));
    assertEquals("1", result.getMetadata().getLabels().get(Protocol.LABEL_INDEX));
    assertEquals(Protocol.COMPONENT_RESULT, result.getMetadata().getLabels().get(Protocol.LABEL_COMPONENT));
    ConfigMap startMap = h.client.configMaps().inNamespace(Harness.NS).withName("objs-start").get();
    assertNull(startMap.getData() == null ? null : startMap.getData().get(Protocol.START_AT_KEY));
    String runFile = h.client.configMaps().inNamespace(Harness.NS).withName("objs-spec").get().getData()
        .get(Protocol.RUN_FILE_KEY);
    BenchmarkRun fromFile = RunFiles.parse(runFile, "run.yaml").get(0);
    assertEquals("objs", fromFile.getMetadata().getName());
    assertEquals(3, fromFile.getSpec().getPlacements().size());
    assertFalse(runFile.contains("status"), "the run file carries the spec only");
    assertTrue(h.get("objs").getStatus().getResultsLocation().startsWith("s3://results/regatta/bench/objs/"));

    // Every object points at the run, so the garbage collector removes them with it.
    for (HasMetadata o : owned("objs")) {
      OwnerReference ref = o.getMetadata().getOwnerReferences().get(0);
      assertEquals(uid, ref.getUid(), o.getKind() + " " + o.getMetadata().getName());
      assertEquals(BenchmarkRun.KIND, ref.getKind());
      assertTrue(ref.getController());
    }
    assertEquals(3 + 2 + 5 + 3, owned("objs").size(), "SA, Role, RoleBinding; spec, start, 5 result maps; 3 Jobs");
  }

  private static List<HasMetadata> owned(String run) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(h.client.configMaps().inNamespace(Harness.NS).withLabel(Protocol.LABEL_RUN, run).list().getItems());
    all.addAll(h.jobs(run));
    all.addAll(h.client.serviceAccounts().inNamespace(Harness.NS).withLabel(Protocol.LABEL_RUN, run).list().getItems());
    all.addAll(h.client.rbac().roles().inNamespace(Harness.NS).withLabel(Protocol.LABEL_RUN, run).list().getItems());
    all.addAll(h.client.rbac().roleBindings().inNamespace(Harness.NS).withLabel(Protocol.LABEL_RUN, run).list().getItems());
    return all;
  }

  @Test
  void deletingTheRunDeletesEverythingItOwns() {
    h.create(Harness.threeGroups("gone"));
    h.awaitPhase("gone", Phase.Starting);
    List<Pod> pods = h.startAll("gone");
    assertEquals(5, pods.size());
    assertEquals(13, owned("gone").size());
    h.runs().withName("gone").delete();
    Harness.await("run deleted").until(() -> h.get("gone") == null);
    // the garbage collector deletes what the run owned; the Jobs it deletes own their pods in turn
    Harness.await("the run's objects and pods collected").until(() -> owned("gone").isEmpty()
        && h.client.pods().inNamespace(Harness.NS).withLabel(Protocol.LABEL_RUN, "gone").list().getItems().isEmpty());
    List<String> deleted = h.controlPlane.garbageCollector().deleted().stream()
        .filter(d -> d.contains(" " + Harness.NS + "/gone-")).toList();
    assertEquals(13 + 5, deleted.size(), "everything the run owned, and the Jobs' pods: " + deleted);
    assertTrue(owned("gone").isEmpty());
    assertTrue(h.client.pods().inNamespace(Harness.NS).withLabel(Protocol.LABEL_RUN, "gone").list().getItems().isEmpty());
    // the kubelet stops a deleted pod's containers after the API has let the pod go, as on a cluster
    Harness.await("the runners stopped with their pods").until(() -> pods.stream().allMatch(h.runners::killed));
  }

  @Test
  void afterTheTtlJobsAndPodsGoButStatusAndResultsStay() {
    h.create(Harness.threeGroups("ttl").replace("ttlAfterFinished: 1h", "ttlAfterFinished: 1s"));
    h.awaitPhase("ttl", Phase.Starting);
    List<Pod> pods = h.startAll("ttl");
    h.awaitPhase("ttl", Phase.Running);
    h.finishAll("ttl", pods);
    BenchmarkRun done = h.awaitPhase("ttl", Phase.Succeeded);
    Harness.await("Jobs deleted after the TTL").until(() -> h.jobs("ttl").isEmpty());
    Harness.await("pods deleted after the TTL").until(() -> h.client.pods().inNamespace(Harness.NS)
        .withLabel(Protocol.LABEL_RUN, "ttl").list().getItems().isEmpty());
    assertEquals(5, h.client.configMaps().inNamespace(Harness.NS).withLabel(Protocol.LABEL_RUN, "ttl")
        .withLabel(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT).list().getItems().size());
    BenchmarkRun after = h.get("ttl");
    assertEquals(Phase.Succeeded, after.getStatus().getPhase());
    assertEquals(done.getStatus().getResults().size(), after.getStatus().getResults().size());
    Harness.await("a Cleaned Event").until(() -> h.events("ttl").stream().anyMatch(e -> "Cleaned".equals(e.getReason())));
  }
}
