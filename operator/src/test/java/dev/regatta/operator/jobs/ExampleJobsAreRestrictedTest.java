package dev.regatta.operator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.policy.PodSecurityStandards;
import dev.regatta.operator.policy.PodSecurityStandards.Level;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the operator would really create for every example: each Job's pod meets the Pod Security Standards
 * "restricted" profile (runner, native sidecars, volumes, pod level), runs under the per-run account, and its
 * Redis sidecars listen on loopback only. The checker is the same one the operator runs before every create.
 */
class ExampleJobsAreRestrictedTest {
  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertFalse(list.isEmpty(), "no examples found");
      return list.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyPodOfEveryExampleMeetsRestricted(Path file) {
    List<BenchmarkRun> runs = RunFiles.read(file);
    assertFalse(runs.isEmpty(), file.toString());
    for (BenchmarkRun run : runs) {
      String name = run.getMetadata().getName();
      assertEquals(List.of(), PodPolicy.restricted().check(run, run.getSpec()), name + ": the default policy accepts it");
      for (Placement p : run.getSpec().getPlacements()) {
        Job job = JobFactory.job(run, run.getSpec(), p);
        String where = file.getFileName() + " Job " + job.getMetadata().getName();
        assertEquals(List.of(), PodSecurityStandards.check(job.getSpec().getTemplate(), Level.RESTRICTED), where);
        assertEquals(List.of(), PodPolicy.restricted().check(job, name), where + ": the create guard passes");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals(Protocol.runnerAccountName(name), pod.getServiceAccountName(), where);
        List<Container> all = new ArrayList<>(pod.getContainers());
        all.addAll(pod.getInitContainers() == null ? List.of() : pod.getInitContainers());
        for (Container c : all) {
          // Stated per container, not only inherited from the pod: what a reviewer reading one container sees.
          assertTrue(c.getSecurityContext().getRunAsNonRoot(), where + " " + c.getName());
          assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation(), where + " " + c.getName());
          assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), where + " " + c.getName());
          assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), where + " " + c.getName());
        }
        for (Container sidecar : pod.getInitContainers() == null ? List.<Container>of() : pod.getInitContainers()) {
          List<String> args = sidecar.getArgs();
          assertEquals(JobFactory.loopbackOnly(), args.subList(args.size() - 4, args.size()),
              where + " " + sidecar.getName() + ": listens on loopback, protected mode, whatever came before: " + args);
          assertTrue(sidecar.getReadinessProbe().getExec() != null, "probed from inside the pod");
        }
      }
    }
  }
}
