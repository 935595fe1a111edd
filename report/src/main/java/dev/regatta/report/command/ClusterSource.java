package dev.regatta.report.command;

import dev.regatta.api.AddressMap;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.operator.results.S3ObjectStore;
import dev.regatta.protocol.Protocol;
import dev.regatta.report.model.RunData;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A run read from the API (a cluster, or local mode through the kubeconfig it writes): the BenchmarkRun and
 * every result ConfigMap labelled with the run. Results stored in S3 are fetched through {@link ObjectFetcher}.
 */
public final class ClusterSource {
  /** Reads one object by its s3:// URL. */
  @FunctionalInterface
  public interface ObjectFetcher {
    String get(String s3Url, BenchmarkRun run);
  }

  /**
   * Reads S3 results the way the operator does: the run's bucket settings and its credentials Secret, and the
   * same address mapping (local mode publishes its stand-ins' in the API; a cluster has none, so the endpoint is
   * used as the run writes it).
   */
  public static ObjectFetcher s3(KubernetesClient client) {
    AddressMap addresses = addressMap(client);
    S3ObjectStore store = new S3ObjectStore(client, addresses::rewrite);
    return (url, run) -> {
      try {
        return store.read(run.getSpec(), run.getMetadata().getNamespace(), url);
      } catch (Exception e) {
        String dir = url.substring(0, url.lastIndexOf('/') + 1);
        throw new IllegalStateException("cannot read " + url + ": " + e.getMessage() + ". With the bucket's "
            + "credentials at hand: aws s3 cp --recursive " + dir + " ./" + run.getMetadata().getName()
            + "/ and report --from-files ./" + run.getMetadata().getName(), e);
      }
    };
  }

  private ClusterSource() {}

  /** Local mode's address map, read from its ConfigMap; empty where there is none (a cluster) or it is unreadable. */
  static AddressMap addressMap(KubernetesClient client) {
    try {
      ConfigMap cm = client.configMaps().inNamespace(AddressMap.CONFIG_MAP_NAMESPACE)
          .withName(AddressMap.CONFIG_MAP_NAME).get();
      return cm == null || cm.getData() == null ? AddressMap.empty()
          : AddressMap.fromJson(cm.getData().get(AddressMap.CONFIG_MAP_KEY));
    } catch (RuntimeException e) {
      return AddressMap.empty(); // no right to read kube-public on this cluster: nothing to map there either
    }
  }

  /** Names of the BenchmarkRuns matching a label selector, sorted. */
  public static List<String> select(KubernetesClient client, String namespace, String selector) {
    String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
    return client.resources(BenchmarkRun.class).inNamespace(ns).withLabelSelector(selector).list().getItems().stream()
        .map(r -> r.getMetadata().getName()).sorted().toList();
  }

  public static RunData read(KubernetesClient client, String namespace, String name, ObjectFetcher s3) {
    String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
    BenchmarkRun run = client.resources(BenchmarkRun.class).inNamespace(ns).withName(name).get();
    if (run == null) {
      throw new IllegalArgumentException("no BenchmarkRun '" + name + "' in namespace " + ns
          + " (kubectl get benchmarkruns -n " + ns + ")");
    }
    List<ConfigMap> cms = new ArrayList<>(client.configMaps().inNamespace(ns)
        .withLabel(Protocol.LABEL_RUN, name)
        .withLabel(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT)
        .list().getItems());
    cms.sort(Comparator.comparing(cm -> cm.getMetadata().getName()));
    List<ResultDocument> docs = new ArrayList<>();
    for (ConfigMap cm : cms) {
      Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
      String json = data.get(Protocol.RESULT_KEY);
      String location = data.get(Protocol.RESULT_LOCATION_KEY);
      if (json == null && location != null && !location.isBlank()) {
        json = s3.get(location, run);
      }
      if (json != null && !json.isBlank()) {
        docs.add(ResultJson.read(json));
      }
    }
    return new RunData(name, ns, run, docs, "cluster " + ns + "/" + name);
  }
}
