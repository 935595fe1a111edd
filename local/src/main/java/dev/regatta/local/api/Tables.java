package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Server-side printing: the meta.k8s.io/v1 Table that kubectl get asks for
 * ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}). kubectl 1.32 has no client-side
 * printers for most types, so without these it would print names only. Custom resources get their CRD's
 * additionalPrinterColumns; a few built-in types get the columns a cluster shows.
 */
final class Tables {
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  record Column(String name, String type, String format, int priority, String description,
      Function<JsonNode, JsonNode> cell) {}

  private final ResourceCatalog catalog;

  Tables(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * @param body a list or a single object, as the CRUD store answered
   * @param includeObject None, Object or Metadata (the default), as the query asked
   */
  ObjectNode toTable(ResourceType type, JsonNode body, String includeObject) {
    List<Column> columns = columns(type);
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (body.path("metadata").has("resourceVersion")) {
      meta.put("resourceVersion", body.path("metadata").path("resourceVersion").asText());
    }
    ArrayNode defs = table.putArray("columnDefinitions");
    for (Column c : columns) {
      defs.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
          .put("description", c.description()).put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> items = new ArrayList<>();
    if (body.has("items")) {
      body.path("items").forEach(items::add);
    } else {
      items.add(body);
    }
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        JsonNode v = c.cell().apply(item);
        cells.add(v == null || v.isMissingNode() ? JsonNodeFactory.instance.nullNode() : v);
      }
      if ("Object".equalsIgnoreCase(includeObject)) {
        row.set("object", item);
      } else if (!"None".equalsIgnoreCase(includeObject)) {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", item.path("metadata"));
      }
    }
    return table;
  }

  List<Column> columns(ResourceType type) {
    List<Column> cols = new ArrayList<>();
    cols.add(new Column("Name", "string", "name", 0, "Name must be unique within a namespace.",
        o -> text(o.path("metadata").path("name").asText())));
    Optional<JsonNode> crd = catalog.crd(type.group(), type.plural());
    if (crd.isPresent()) {
      for (JsonNode v : crd.get().path("spec").path("versions")) {
        if (v.path("name").asText().equals(type.version())) {
          for (JsonNode c : v.path("additionalPrinterColumns")) {
            String path = c.path("jsonPath").asText();
            String t = c.path("type").asText("string");
            cols.add(new Column(c.path("name").asText(), t, c.path("format").asText(""), c.path("priority").asInt(0),
                c.path("description").asText(""), o -> {
                  JsonNode n = JsonPaths.get(o, path);
                  if ("date".equals(t)) {
                    return n.isTextual() ? text(age(n.asText())) : n;
                  }
                  return n.isMissingNode() || n.isNull() ? null : (n.isValueNode() ? n : text(n.toString()));
                }));
          }
          return cols;
        }
      }
    }
    switch (type.kind()) {
      case "Pod" -> {
        cols.add(col("Ready", 0, o -> text(PodStatusText.ready(o))));
        cols.add(col("Status", 0, o -> text(PodStatusText.status(o))));
        cols.add(new Column("Restarts", "string", "", 0, "", o -> text(String.valueOf(PodStatusText.restarts(o)))));
        cols.add(age());
        cols.add(col("IP", 1, o -> text(o.path("status").path("podIP").asText("<none>"))));
        cols.add(col("Node", 1, o -> text(o.path("spec").path("nodeName").asText("<none>"))));
        cols.add(col("Nominated Node", 1, o -> text("<none>")));
        cols.add(col("Readiness Gates", 1, o -> text("<none>")));
      }
      case "Job" -> {
        cols.add(col("Status", 0, o -> text(jobStatus(o))));
        cols.add(col("Completions", 0, o -> text(o.path("status").path("succeeded").asInt(0) + "/"
            + o.path("spec").path("completions").asInt(1))));
        cols.add(col("Duration", 0, o -> text(jobDuration(o))));
        cols.add(age());
      }
      case "ConfigMap" -> {
        cols.add(new Column("Data", "integer", "", 0, "", o -> JsonNodeFactory.instance.numberNode(
            o.path("data").size() + o.path("binaryData").size())));
        cols.add(age());
      }
      case "Secret" -> {
        cols.add(col("Type", 0, o -> text(o.path("type").asText("Opaque"))));
        cols.add(new Column("Data", "integer", "", 0, "", o -> JsonNodeFactory.instance.numberNode(o.path("data").size())));
        cols.add(age());
      }
      case "Node" -> {
        cols.add(col("Status", 0, o -> text(nodeReady(o))));
        cols.add(col("Roles", 0, o -> text("<none>")));
        cols.add(age());
        cols.add(col("Version", 0, o -> text(o.path("status").path("nodeInfo").path("kubeletVersion").asText(""))));
        cols.add(col("Region", 1, o -> text(o.path("metadata").path("labels").path("topology.kubernetes.io/region").asText(""))));
        cols.add(col("Zone", 1, o -> text(o.path("metadata").path("labels").path("topology.kubernetes.io/zone").asText(""))));
      }
      case "Namespace" -> {
        cols.add(col("Status", 0, o -> text(o.path("status").path("phase").asText("Active"))));
        cols.add(age());
      }
      case "Event" -> {
        cols.removeIf(c -> c.name().equals("Name"));
        cols.add(col("Last Seen", 0, o -> text(age(firstText(o, "lastTimestamp", "eventTime", "metadata.creationTimestamp")))));
        cols.add(col("Type", 0, o -> text(o.path("type").asText(""))));
        cols.add(col("Reason", 0, o -> text(o.path("reason").asText(""))));
        cols.add(col("Object", 0, o -> {
          JsonNode ref = o.has("involvedObject") ? o.path("involvedObject") : o.path("regarding");
          return text(ref.path("kind").asText("").toLowerCase() + "/" + ref.path("name").asText(""));
        }));
        cols.add(col("Message", 0, o -> text(o.has("message") ? o.path("message").asText() : o.path("note").asText(""))));
        cols.add(new Column("Name", "string", "name", 1, "", o -> text(o.path("metadata").path("name").asText())));
      }
      default -> cols.add(age());
    }
    return cols;
  }

  private static Column col(String name, int priority, Function<JsonNode, JsonNode> f) {
    return new Column(name, "string", "", priority, "", f);
  }

  private static Column age() {
    return new Column("Age", "string", "", 0, "CreationTimestamp is a timestamp representing the server time when this object was created.",
        o -> text(age(o.path("metadata").path("creationTimestamp").asText(""))));
  }

  private static String firstText(JsonNode o, String... paths) {
    for (String p : paths) {
      JsonNode n = JsonPaths.get(o, "." + p);
      if (n.isTextual() && !n.asText().isEmpty()) {
        return n.asText();
      }
    }
    return "";
  }

  /** kubectl's order: a Job that has both FailureTarget and Failed reads Failed. */
  private static String jobStatus(JsonNode job) {
    java.util.Set<String> conditions = new java.util.HashSet<>();
    for (JsonNode c : job.path("status").path("conditions")) {
      if ("True".equals(c.path("status").asText())) {
        conditions.add(c.path("type").asText());
      }
    }
    if (conditions.contains("Complete")) {
      return "Complete";
    }
    if (conditions.contains("Failed")) {
      return "Failed";
    }
    if (job.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    }
    for (String c : List.of("Suspended", "FailureTarget", "SuccessCriteriaMet")) {
      if (conditions.contains(c)) {
        return c;
      }
    }
    return "Running";
  }

  private static String jobDuration(JsonNode job) {
    String start = job.path("status").path("startTime").asText("");
    if (start.isEmpty()) {
      return "";
    }
    String end = job.path("status").path("completionTime").asText("");
    try {
      Instant s = Instant.parse(start);
      Instant e = end.isEmpty() ? Instant.now() : Instant.parse(end);
      return humanDuration(Duration.between(s, e));
    } catch (DateTimeParseException ex) {
      return "";
    }
  }

  private static String nodeReady(JsonNode node) {
    for (JsonNode c : node.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText()) ? "Ready" : "NotReady";
      }
    }
    return "Unknown";
  }

  static JsonNode text(String s) {
    return JsonNodeFactory.instance.textNode(s);
  }

  static String age(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return humanDuration(Duration.between(Instant.parse(timestamp), Instant.now()));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  /** The short ages kubectl users know: 45s, 4m30s, 45m, 5h30m, 30h, 3d4h, 20d. */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
