package dev.regatta.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.operator.jobs.JobFactory;
import dev.regatta.operator.policy.PodSecurityStandards.Level;
import dev.regatta.validation.Violation;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a run author may ask of the pods, per policy, with messages that name the run's own fields. */
class PodPolicyTest {
  private static final PodPolicy RESTRICTED = PodPolicy.restricted();
  private static final PodPolicy BASELINE = new PodPolicy(Level.BASELINE, Set.of());
  private static final PodPolicy PRIVILEGED = new PodPolicy(Level.PRIVILEGED, Set.of());

  /** A valid run with the given YAML under spec.runner (indented for it), and one redis sidecar. */
  static BenchmarkRun run(String runner, String sidecarArgs) {
    return RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: web, namespace: bench}
        spec:
          runner:
            image: example/runner:1
        %s
          placements:
            - {name: eu, pods: 2}
          sidecars:
            - {name: redis, args: %s}
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:6379", key: k}
        """.formatted(runner.indent(4).stripTrailing(), sidecarArgs), "test").get(0);
  }

  private static List<String> fields(PodPolicy policy, BenchmarkRun run) {
    return policy.check(run, run.getSpec()).stream().map(Violation::field).toList();
  }

  @Test
  void theDefaultRunIsAllowedEverywhere() {
    BenchmarkRun r = run("", "[]");
    for (PodPolicy p : List.of(RESTRICTED, BASELINE, PRIVILEGED)) {
      assertEquals(List.of(), p.check(r, r.getSpec()), p.describe());
    }
  }

  @Test
  void thePodFromTheIssueIsRefusedByDefaultNamingEachField() {
    BenchmarkRun r = run("""
        serviceAccountName: regatta-operator
        securityContext: {privileged: true, runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: true,
          capabilities: {add: [SYS_ADMIN, NET_ADMIN]}}
        podSecurityContext: {runAsUser: 0, runAsNonRoot: false}
        """, "[]");
    List<Violation> v = RESTRICTED.check(r, r.getSpec());
    assertEquals(List.of("spec.runner.serviceAccountName",
        "spec.runner.securityContext.privileged", "spec.runner.securityContext.capabilities.add",
        "spec.runner.securityContext.capabilities.add", "spec.runner.podSecurityContext.runAsNonRoot",
        "spec.runner.podSecurityContext.runAsUser", "spec.runner.securityContext.allowPrivilegeEscalation",
        "spec.runner.securityContext.runAsNonRoot", "spec.runner.securityContext.runAsUser"),
        v.stream().map(Violation::field).toList(), v.toString());
    assertEquals("spec.runner.serviceAccountName: the run asks for service account \"regatta-operator\"; this "
        + "operator allows only the per-run account (an administrator can allow more with "
        + "REGATTA_ALLOWED_SERVICE_ACCOUNTS)", v.get(0).toString());
  }

  @Test
  void baselineAllowsRootButNotPrivilegeAndPrivilegedAllowsAllButTheAccount() {
    BenchmarkRun root = run("securityContext: {runAsUser: 0, runAsNonRoot: false}", "[]");
    assertEquals(List.of("spec.runner.securityContext.runAsNonRoot", "spec.runner.securityContext.runAsUser"),
        fields(RESTRICTED, root));
    assertEquals(List.of(), fields(BASELINE, root));

    BenchmarkRun privileged = run("securityContext: {privileged: true}", "[]");
    assertEquals(List.of("spec.runner.securityContext.privileged"), fields(BASELINE, privileged));
    assertEquals(List.of(), fields(PRIVILEGED, privileged));
    // The API refuses privileged with allowPrivilegeEscalation false: the default false is left out for it.
    SecurityContext built = JobFactory.job(privileged, privileged.getSpec(), privileged.getSpec().getPlacements().get(0))
        .getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext();
    assertNull(built.getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), built.getCapabilities().getDrop(), "what the run did not say keeps its default");

    BenchmarkRun foreign = run("serviceAccountName: ci-deployer", "[]");
    assertEquals(List.of("spec.runner.serviceAccountName"), fields(PRIVILEGED, foreign),
        "the account is its own setting, not part of the level");
    assertEquals(List.of(), fields(new PodPolicy(Level.RESTRICTED, Set.of("ci-deployer")), foreign));
    assertEquals(List.of(), fields(new PodPolicy(Level.RESTRICTED, Set.of("*")), foreign));
    assertEquals(List.of(), fields(RESTRICTED, run("serviceAccountName: web-runner", "[]")),
        "naming the per-run account is the default");
  }

  @Test
  void hostLevelAndUnknownFieldsAreRefusedAtTheRunsField() {
    assertEquals(List.of("spec.runner.podAnnotations[container.apparmor.security.beta.kubernetes.io/runner]"),
        fields(BASELINE, run("podAnnotations: {container.apparmor.security.beta.kubernetes.io/runner: unconfined}",
            "[]")));
    assertEquals(List.of("spec.runner.podSecurityContext.sysctls[kernel.core_pattern]"),
        fields(BASELINE, run("podSecurityContext: {sysctls: [{name: kernel.core_pattern, value: '|/x'}]}", "[]")));
    assertEquals(List.of("spec.runner.securityContext.seccompProfile.type"),
        fields(BASELINE, run("securityContext: {seccompProfile: {type: Unconfined}}", "[]")));
    // an additive change the restricted profile allows keeps the rest of the default
    assertEquals(List.of(), fields(RESTRICTED, run(
        "securityContext: {readOnlyRootFilesystem: false, capabilities: {add: [NET_BIND_SERVICE]}}", "[]")));
  }

  @Test
  void sidecarArgsCannotMoveTheListeningAddress() {
    BenchmarkRun r = run("", "['--save', '', '--bind', '0.0.0.0', '--PROTECTED-MODE no', '--port', '7000']");
    List<Violation> v = PRIVILEGED.check(r, r.getSpec());
    assertEquals(List.of("spec.sidecars[0].args[2]", "spec.sidecars[0].args[4]", "spec.sidecars[0].args[5]"),
        v.stream().map(Violation::field).toList());
    assertTrue(v.get(0).message().contains("listens on 127.0.0.1 only"), v.get(0).message());
    // Even if they got through: the operator's own options come last, and Redis takes the last value.
    List<String> args = JobFactory.job(r, r.getSpec(), r.getSpec().getPlacements().get(0)).getSpec().getTemplate()
        .getSpec().getInitContainers().get(0).getArgs();
    assertEquals(List.of("--bind", "127.0.0.1", "--protected-mode", "yes"), args.subList(args.size() - 4, args.size()));
  }

  @Test
  void theGuardJudgesTheJobAsBuiltWhateverTheSpecSaid() {
    BenchmarkRun r = run("", "[]");
    var job = JobFactory.job(r, r.getSpec(), r.getSpec().getPlacements().get(0));
    assertEquals(List.of(), RESTRICTED.check(job, "web"));
    // What a bug in the operator could produce: the guard sees it, with the pod's own paths.
    job.getSpec().getTemplate().getSpec().setHostNetwork(true);
    job.getSpec().getTemplate().getSpec().getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder()
        .withName("docker").withNewHostPath().withPath("/var/run/docker.sock").endHostPath().build());
    job.getSpec().getTemplate().getSpec().setServiceAccountName("default");
    assertEquals(List.of("spec.hostNetwork", "spec.volumes[docker].hostPath", "spec.serviceAccountName"),
        RESTRICTED.check(job, "web").stream().map(PodSecurityStandards.Finding::path).toList());
    assertEquals(List.of("spec.serviceAccountName"), PRIVILEGED.check(job, "web").stream()
        .map(PodSecurityStandards.Finding::path).toList());
  }

  @Test
  void withLabelledSecretsOnlySecretsAnAdministratorMarkedCanBeNamed() {
    BenchmarkRun r = RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: web, namespace: bench}
        spec:
          runner:
            env:
              - {name: PLAIN, value: x}
              - name: DB
                valueFrom: {secretKeyRef: {name: db-admin, key: password}}
          placements:
            - {name: eu, pods: 1}
          scenarios:
            - name: get
              redis: {url: "redis://127.0.0.1:6379", key: k, passwordSecret: {name: redis-pw, key: p}}
            - name: put
              s3: {bucket: b, key: k, credentialsSecret: {name: gone}}
        """, "test").get(0);
    Map<String, io.fabric8.kubernetes.api.model.Secret> store = Map.of(
        "db-admin", secret("db-admin", Map.of()),
        "redis-pw", secret("redis-pw", Map.of(PodPolicy.USABLE_LABEL, "true")));
    PodPolicy labelled = new PodPolicy(Level.RESTRICTED, Set.of(), PodPolicy.Secrets.LABELLED);
    List<Violation> v = labelled.checkSecrets(r.getSpec(), store::get);
    assertEquals(List.of("spec.runner.env[1].valueFrom.secretKeyRef.name", "spec.scenarios[1].s3.credentialsSecret.name"),
        v.stream().map(Violation::field).toList());
    assertEquals("Secret \"db-admin\" is not labelled regatta.dev/usable-by-runs=true; this operator lets runs use "
        + "only Secrets so labelled (REGATTA_RUN_SECRETS=labelled)", v.get(0).message());
    assertTrue(v.get(1).message().startsWith("Secret \"gone\" does not exist"), v.get(1).message());
    assertEquals(List.of(), RESTRICTED.checkSecrets(r.getSpec(), name -> {
      throw new AssertionError("the default reads no Secret");
    }));
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(String name, Map<String, String> labels) {
    return new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName(name).withLabels(labels)
        .endMetadata().build();
  }

  @Test
  void theSettingComesFromTheOperatorsEnvironmentAndFailsClosed() {
    assertEquals(RESTRICTED, PodPolicy.fromEnvironment(Map.of()));
    assertEquals(RESTRICTED, PodPolicy.fromEnvironment(Map.of("REGATTA_POD_POLICY", "", "REGATTA_ALLOWED_SERVICE_ACCOUNTS", " ")));
    PodPolicy p = PodPolicy.fromEnvironment(Map.of("REGATTA_POD_POLICY", "baseline",
        "REGATTA_ALLOWED_SERVICE_ACCOUNTS", "bench-reader, s3-writer"));
    assertEquals(new PodPolicy(Level.BASELINE, Set.of("bench-reader", "s3-writer")), p);
    assertEquals("baseline pods, service accounts: the per-run account or [bench-reader, s3-writer]", p.describe());
    assertEquals(PodPolicy.Secrets.LABELLED, PodPolicy.fromEnvironment(Map.of("REGATTA_RUN_SECRETS", "labelled")).secrets());
    assertThrows(IllegalArgumentException.class, () -> PodPolicy.fromEnvironment(Map.of("REGATTA_RUN_SECRETS", "some")));
    assertThrows(IllegalArgumentException.class, () -> PodPolicy.fromEnvironment(Map.of("REGATTA_POD_POLICY", "none")));
    assertThrows(IllegalArgumentException.class,
        () -> PodPolicy.fromEnvironment(Map.of("REGATTA_ALLOWED_SERVICE_ACCOUNTS", "Not_An/Account")));
  }
}
