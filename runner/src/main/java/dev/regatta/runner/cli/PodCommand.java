package dev.regatta.runner.cli;

import dev.regatta.runner.pod.PodMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "pod", mixinStandardHelpOptions = true,
    description = {"Pod mode under the Regatta operator (docs/PROTOCOL.md): reads the run file ($REGATTA_RUN_FILE) and "
        + "its identity from the environment, prepares, reports ready, starts at the published instant and "
        + "stores its result document."})
public final class PodCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    // In a pod: the service account (in-cluster config). Local mode: KUBERNETES_MASTER and a token from the env.
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      return new PodMode(client, System.getenv(), System.out).run();
    }
  }
}
