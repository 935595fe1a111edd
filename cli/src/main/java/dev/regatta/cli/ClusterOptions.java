package dev.regatta.cli;

import dev.regatta.units.Durations;
import dev.regatta.units.Humanize;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every command that talks to a cluster takes ({@code -n}, {@code --kubeconfig}) and does with it, as kubectl
 * does: the kubeconfig file or the default chain, the context's namespace unless one is named.
 */
final class ClusterOptions {
  @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the kubeconfig context's).")
  String namespace;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  KubernetesClient client() throws IOException {
    // "unstable version v1alpha1" on every read says nothing to a CI log
    System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "error");
    Config config = kubeconfig != null ? Config.fromKubeconfig(Files.readString(kubeconfig)) : Config.autoConfigure(null);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  String namespace(KubernetesClient client) {
    return namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
  }

  /** A --timeout value: a positive Go-style duration, or a usage error (exit 2) naming it. */
  static Duration timeout(CommandLine.Model.CommandSpec spec, String text) {
    if (!Durations.isValid(text) || Durations.parse(text).isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout: " + Humanize.quote(text)
          + " is not a positive Go-style duration such as 30m or 1h30m");
    }
    return Durations.parse(text);
  }
}
