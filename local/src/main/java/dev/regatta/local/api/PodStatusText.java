package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;

/** The READY, STATUS and RESTARTS cells of kubectl get pods, derived from pod status as kubectl does. */
final class PodStatusText {
  private PodStatusText() {}

  static String ready(JsonNode pod) {
    int total = pod.path("spec").path("containers").size();
    int ready = 0;
    for (JsonNode c : pod.path("status").path("containerStatuses")) {
      if (c.path("ready").asBoolean(false)) {
        ready++;
      }
    }
    // native sidecars (restartable init containers) count, as kubectl 1.29+ shows them
    for (JsonNode c : pod.path("spec").path("initContainers")) {
      if ("Always".equals(c.path("restartPolicy").asText())) {
        total++;
      }
    }
    for (JsonNode c : pod.path("status").path("initContainerStatuses")) {
      if (c.path("ready").asBoolean(false)) {
        ready++;
      }
    }
    return ready + "/" + total;
  }

  static String status(JsonNode pod) {
    if (pod.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    }
    JsonNode status = pod.path("status");
    String reason = status.path("reason").asText(status.path("phase").asText("Pending"));
    for (JsonNode c : status.path("containerStatuses")) {
      JsonNode state = c.path("state");
      if (state.has("waiting") && state.path("waiting").has("reason")) {
        reason = state.path("waiting").path("reason").asText();
      } else if (state.has("terminated")) {
        JsonNode t = state.path("terminated");
        reason = t.has("reason") ? t.path("reason").asText() : "ExitCode:" + t.path("exitCode").asInt();
      }
    }
    if ("Pending".equals(reason)) {
      for (JsonNode c : status.path("conditions")) {
        if ("PodScheduled".equals(c.path("type").asText()) && "False".equals(c.path("status").asText())) {
          return "Pending";
        }
      }
    }
    return reason;
  }

  static int restarts(JsonNode pod) {
    int n = 0;
    for (JsonNode c : pod.path("status").path("containerStatuses")) {
      n += c.path("restartCount").asInt(0);
    }
    return n;
  }
}
