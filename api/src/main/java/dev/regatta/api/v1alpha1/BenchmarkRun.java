package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.regatta.api.read.LenientSpecDeserializer;
import dev.regatta.api.read.LenientStatusDeserializer;
import dev.regatta.api.read.RawWhenUnreadable;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A distributed benchmark: what to run, where, and (in status) the one aggregated answer.
 */
@Group(BenchmarkRun.GROUP)
@Version(BenchmarkRun.VERSION)
@Plural(BenchmarkRun.PLURAL)
@Singular("benchmarkrun")
@ShortNames({"br", "bench"})
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Pods", jsonPath = ".status.podSummary", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Throughput", jsonPath = ".status.summary.throughput", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "P99", jsonPath = ".status.summary.p99", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Live", jsonPath = ".status.progress.throughput", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Live-P99", jsonPath = ".status.progress.p99", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Errors", jsonPath = ".status.summary.errors", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Verdict", jsonPath = ".status.verdict", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class BenchmarkRun extends CustomResource<BenchmarkRunSpec, BenchmarkRunStatus> implements Namespaced {
  public static final String GROUP = "regatta.dev";
  public static final String VERSION = "v1alpha1";
  public static final String PLURAL = "benchmarkruns";
  public static final String KIND = "BenchmarkRun";
  public static final String CRD_NAME = PLURAL + "." + GROUP;
  public static final String API_VERSION = GROUP + "/" + VERSION;

  @Override
  protected BenchmarkRunStatus initStatus() {
    return new BenchmarkRunStatus();
  }

  // spec and status are read leniently: whatever JSON a run holds, it becomes an object (possibly unreadable, with
  // the fields named) rather than an exception, which in an informer would stop the operator for every run.

  @Override
  @JsonSerialize(using = RawWhenUnreadable.class)
  public BenchmarkRunSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonDeserialize(using = LenientSpecDeserializer.class)
  public void setSpec(BenchmarkRunSpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonSerialize(using = RawWhenUnreadable.class)
  public BenchmarkRunStatus getStatus() {
    return super.getStatus();
  }

  @Override
  @JsonDeserialize(using = LenientStatusDeserializer.class)
  public void setStatus(BenchmarkRunStatus status) {
    super.setStatus(status);
  }
}
