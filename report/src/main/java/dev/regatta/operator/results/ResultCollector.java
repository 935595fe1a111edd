package dev.regatta.operator.results;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads every runner's result document: from its result ConfigMap (key result.json) or, with an S3 sink, from
 * the object its ConfigMap points at (key resultLocation). A slot without a readable document is reported as
 * a problem naming the slot, so a partial merge says exactly whose results are missing.
 */
public class ResultCollector {
  private final ObjectStore store;

  /** Reads an s3:// location, and writes a key in the run's bucket, given the run's sink settings. */
  public interface ObjectStore {
    String read(BenchmarkRunSpec spec, String namespace, String location) throws Exception;

    /** PUTs body at key in spec.results.s3.bucket; returns the s3:// location written. */
    String write(BenchmarkRunSpec spec, String namespace, String key, String body, String contentType)
        throws Exception;
  }

  /**
   * One runner pod's place in the run and the ConfigMap it reports through. The operator's slots
   * ({@code RunObjects.Slot}) are these; declared here so that reading results needs nothing of the operator.
   */
  public interface Slot {
    String placement();

    int index();

    String region();

    String zone();

    /** The name of the slot's result ConfigMap. */
    String resultMap();

    /** How a problem names the slot: placement-index. */
    String label();
  }

  public ResultCollector(ObjectStore store) {
    this.store = store;
  }

  /** The store results are read from; the merged report is written to the same one. */
  public ObjectStore store() {
    return store;
  }

  /** What was read. {@code failed} counts slots whose runner reported state=failed. */
  public record Collected(List<ResultDocument> documents, List<String> problems, int done, int failed) {}

  public Collected collect(BenchmarkRunSpec spec, String namespace, List<? extends Slot> slots,
      Map<String, ConfigMap> resultMaps) {
    List<ResultDocument> docs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int done = 0;
    int failed = 0;
    for (Slot slot : slots) {
      ConfigMap cm = resultMaps.get(slot.resultMap());
      Map<String, String> data = cm == null || cm.getData() == null ? Map.of() : cm.getData();
      String state = data.getOrDefault(Protocol.STATE_KEY, "missing");
      if (Protocol.STATE_DONE.equals(state)) {
        done++;
      } else if (Protocol.STATE_FAILED.equals(state)) {
        failed++;
        problems.add(slot.label() + " (" + data.getOrDefault(Protocol.POD_KEY, "no pod") + "): runner failed: "
            + data.getOrDefault(Protocol.MESSAGE_KEY, "no message"));
      } else {
        problems.add(slot.label() + ": no result (state=" + state + ")");
      }
      try {
        String json = data.get(Protocol.RESULT_KEY);
        if (json == null && data.get(Protocol.RESULT_LOCATION_KEY) != null) {
          json = store.read(spec, namespace, data.get(Protocol.RESULT_LOCATION_KEY));
        }
        if (json != null) {
          docs.add(withSlot(ResultJson.read(json), slot));
        } else if (Protocol.STATE_DONE.equals(state)) {
          problems.add(slot.label() + ": state=done but neither " + Protocol.RESULT_KEY + " nor "
              + Protocol.RESULT_LOCATION_KEY + " is set");
        }
      } catch (Exception e) {
        problems.add(slot.label() + ": unreadable result: " + e.getMessage());
      }
    }
    return new Collected(docs, problems, done, failed);
  }

  /** The operator knows where a slot is; a document that does not say fills its region from the placement. */
  private static ResultDocument withSlot(ResultDocument d, Slot slot) {
    if (d.region() != null && !d.region().isEmpty()) {
      return d;
    }
    return new ResultDocument(d.version(), d.run(), d.namespace(), d.pod(), d.placement() == null ? slot.placement()
        : d.placement(), slot.region(), d.zone() == null ? slot.zone() : d.zone(),
        d.index() == null ? slot.index() : d.index(), d.node(), d.startAt(), d.measuredStartEpochMicros(),
        d.finishedAt(), d.scenarios(), d.failure(), d.attempt(), d.replaced(), d.stopped());
  }
}
