package dev.regatta.operator.events;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events on a run, so `kubectl describe benchmarkrun` tells the story. An Event that cannot
 * be written is logged, never fatal: Events are for humans, status is the record.
 */
public class EventRecorder implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "regatta-operator";
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void record(BenchmarkRun run, EventReason reason, String message) {
    String now = Instant.now().toString();
    String ns = run.getMetadata().getNamespace();
    String msg = message == null ? "" : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    try {
      client.v1().events().inNamespace(ns).resource(new EventBuilder()
          .withNewMetadata()
            .withName(run.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
            .withNamespace(ns)
          .endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(BenchmarkRun.API_VERSION).withKind(BenchmarkRun.KIND)
              .withName(run.getMetadata().getName()).withNamespace(ns).withUid(run.getMetadata().getUid())
              .withResourceVersion(run.getMetadata().getResourceVersion()).build())
          .withType(reason.type().name())
          .withReason(reason.name())
          .withMessage(msg)
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withCount(1)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.warn("run={}/{} could not record Event {}: {}", ns, run.getMetadata().getName(), reason, e.getMessage());
    }
  }
}
