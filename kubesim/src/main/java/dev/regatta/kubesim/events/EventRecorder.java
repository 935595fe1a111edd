package dev.regatta.kubesim.events;

import dev.regatta.kubesim.Component;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** core/v1 Events from the simulated components, as `kubectl describe` shows a cluster's. */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private final KubernetesClient client;
  private final String reportingInstance;
  private final Clock clock;

  /**
   * @param reportingInstance the Events' reportingInstance (a cluster names the node or the controller's pod)
   */
  public EventRecorder(KubernetesClient client, String reportingInstance, Clock clock) {
    this.client = client;
    this.reportingInstance = reportingInstance;
    this.clock = clock;
  }

  public void record(HasMetadata about, Component source, EventReason reason, String message) {
    String now = clock.instant().toString();
    String ns = about.getMetadata().getNamespace();
    try {
      client.v1().events().inNamespace(ns).resource(new EventBuilder()
          .withNewMetadata()
          .withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
          .withNamespace(ns)
          .endMetadata()
          .withNewInvolvedObject()
          .withApiVersion(about.getApiVersion()).withKind(about.getKind())
          .withName(about.getMetadata().getName()).withNamespace(ns)
          .withUid(about.getMetadata().getUid())
          .endInvolvedObject()
          .withType(reason.type()).withReason(reason.reason()).withMessage(message)
          .withNewSource().withComponent(source.sourceName()).endSource()
          .withReportingComponent(source.sourceName()).withReportingInstance(reportingInstance)
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .build()).create();
    } catch (RuntimeException e) {
      // an Event that cannot be written must not stop a pod; the object's status says the same
      LOG.debug("event {} on {}: {}", reason, about.getMetadata().getName(), e.toString());
    }
  }
}
