package dev.regatta.crd;

import static dev.regatta.testing.TestRuns.validTree;
import static dev.regatta.testing.TestRuns.with;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The invalid specs from the "Done when", each with the field both the schema and SpecValidator must
 * name and a fragment of the schema's message. Shared by the schema and Java validation tests.
 */
public final class InvalidRuns {
  private InvalidRuns() {}

  /** (label, run, field the schema names, schema message fragment, field SpecValidator names). */
  public static Stream<Arguments> doneWhenCases() {
    return Stream.of(
        Arguments.of("a threshold that is not '<figure> <op> <value>'",
            with(validTree(), "/spec/thresholds", "[{expr: 'p99 below 5ms'}]"),
            "spec.thresholds[0]", "expr must be '<figure> <op> <value>'", "spec.thresholds[0].expr"),
        Arguments.of("a threshold with a negative bound",
            with(validTree(), "/spec/thresholds", "[{expr: 'p99 < -5ms'}]"),
            "spec.thresholds[0]", "expr must be '<figure> <op> <value>'", "spec.thresholds[0].expr"),
        Arguments.of("a baseline run in another namespace",
            with(validTree(), "/spec/baseline", "{run: other/nightly}"),
            "spec.baseline", "a name cannot name a namespace", "spec.baseline.run"),
        Arguments.of("a baseline with both a run and a selector",
            with(validTree(), "/spec/baseline", "{run: nightly, selector: {suite: nightly}}"),
            "spec.baseline", "exactly one", "spec.baseline"),
        Arguments.of("a check criterion whose name is not a check's",
            with(validTree(), "/spec/thresholds", "[{expr: 'check(status ok) > 99%'}]"),
            "spec.thresholds[0]", "expr must be '<figure> <op> <value>'", "spec.thresholds[0].expr"),
        Arguments.of("abortOnFail on a bound relative to a baseline",
            with(validTree(), "/spec/thresholds", "[{expr: 'p99 < 1.1 × baseline', abortOnFail: true}]"),
            "spec.thresholds[0]", "abortOnFail cannot abort on a bound relative to a baseline",
            "spec.thresholds[0].abortOnFail"),
        Arguments.of("abortOnFail on a check's pass rate",
            with(validTree(), "/spec/thresholds", "[{expr: 'checks > 99%', abortOnFail: true}]"),
            "spec.thresholds[0]", "abortOnFail cannot abort on checks", "spec.thresholds[0].abortOnFail"),
        Arguments.of("abortOnFail on one region",
            with(validTree(), "/spec/thresholds", "[{expr: 'p99 < 5ms', abortOnFail: true, region: eu-west-1}]"),
            "spec.thresholds[0]", "which have no regions", "spec.thresholds[0].abortOnFail"),
        Arguments.of("delayAbortEval without abortOnFail",
            with(validTree(), "/spec/thresholds", "[{expr: 'p99 < 5ms', delayAbortEval: 1s}]"),
            "spec.thresholds[0]", "delayAbortEval goes only with abortOnFail: true",
            "spec.thresholds[0].delayAbortEval"),
        Arguments.of("a negative delayAbortEval",
            with(validTree(), "/spec/thresholds", "[{expr: 'p99 < 5ms', abortOnFail: true, delayAbortEval: -1s}]"),
            "spec.thresholds[0].delayAbortEval", "should match", "spec.thresholds[0].delayAbortEval"),
        Arguments.of("a delayAbortEval that is no duration",
            with(validTree(), "/spec/thresholds", "[{expr: 'p99 < 5ms', abortOnFail: true, delayAbortEval: soon}]"),
            "spec.thresholds[0].delayAbortEval", "should match", "spec.thresholds[0].delayAbortEval"),
        Arguments.of("abortOnFail that is not a boolean",
            with(validTree(), "/spec/thresholds", "[{expr: 'p99 < 5ms', abortOnFail: 'yes'}]"),
            "spec.thresholds[0].abortOnFail", "must be of type boolean", "spec.thresholds[0].abortOnFail"),
        Arguments.of("a delayAbortEval that is a number",
            with(validTree(), "/spec/thresholds", "[{expr: 'p99 < 5ms', abortOnFail: true, delayAbortEval: 5}]"),
            "spec.thresholds[0].delayAbortEval", "must be of type string", "spec.thresholds[0].delayAbortEval"),
        Arguments.of("a live interval under 1s", with(validTree(), "/spec/liveInterval", "500ms"),
            "spec.liveInterval", "must be at least 1s", "spec.liveInterval"),
        Arguments.of("a live interval of 0.999s", with(validTree(), "/spec/liveInterval", "0.999s"),
            "spec.liveInterval", "must be at least 1s", "spec.liveInterval"),
        Arguments.of("zero pods", with(validTree(), "/spec/placements/0/pods", "0"),
            "spec.placements[0].pods", "should be greater than or equal to 1", "spec.placements[0].pods"),
        Arguments.of("negative duration", with(validTree(), "/spec/defaults/duration", "-5s"),
            "spec.defaults.duration", "should match", "spec.defaults.duration"),
        Arguments.of("negative scenario duration", with(validTree(), "/spec/scenarios/0/duration", "-1m"),
            "spec.scenarios[0].duration", "should match", "spec.scenarios[0].duration"),
        Arguments.of("two workloads in one scenario",
            with(validTree(), "/spec/scenarios/0/http", "{url: 'http://web.default.svc:8080/'}"),
            "spec.scenarios[0]", "a scenario needs exactly one workload", "spec.scenarios[0]"),
        Arguments.of("no workload in a scenario", with(validTree(), "/spec/scenarios/0", "{name: empty}"),
            "spec.scenarios[0]", "a scenario needs exactly one workload", "spec.scenarios[0]"),
        Arguments.of("rate with the closed model",
            with(validTree(), "/spec/defaults/load", "{model: closed, connections: 4, rate: 100}"),
            "spec.defaults.load", "rate and stages go only with model: open", "spec.defaults.load.rate"),
        Arguments.of("rate without a model (closed by default)",
            with(validTree(), "/spec/scenarios/0/load", "{rate: 100}"),
            "spec.scenarios[0].load", "rate and stages go only with model: open", "spec.scenarios[0].load.rate"),
        Arguments.of("open model without a rate", with(validTree(), "/spec/defaults/load", "{model: open}"),
            "spec.defaults.load", "model: open needs a rate or stages", "spec.defaults.load.rate"),
        Arguments.of("matrix labels that do not match the values",
            with(validTree(), "/spec/scenarios/1/matrix/bufferSize/labels", "[small, large]"),
            "spec.scenarios[1].matrix[bufferSize]", "labels needs one label per value",
            "spec.scenarios[1].matrix.bufferSize.labels"),
        Arguments.of("an HTTP check with two conditions",
            with(validTree(), "/spec/scenarios/0", "{name: web, http: {url: 'http://web.default.svc:8080/', "
                + "expect: [{name: ok, status: [200], bodyContains: ok}]}}"),
            "spec.scenarios[0].http.expect[0]", "a check takes exactly one of status, bodyContains or json",
            "spec.scenarios[0].http.expect[0]"),
        Arguments.of("two HTTP checks of one name",
            with(validTree(), "/spec/scenarios/0", "{name: web, http: {url: 'http://web.default.svc:8080/', "
                + "expect: [{name: ok, status: [200]}, {name: ok, bodyContains: fine}]}}"),
            "spec.scenarios[0].http.expect", "check names must be unique", "spec.scenarios[0].http.expect[1].name"),
        Arguments.of("duplicate placement names", with(validTree(), "/spec/placements/1/name", "eu"),
            "spec", "placement names must be unique", "spec.placements[1].name"),
        Arguments.of("duplicate scenario names", with(validTree(), "/spec/scenarios/1/name", "get"),
            "spec", "scenario names must be unique", "spec.scenarios[1].name"),
        Arguments.of("preload with two sources",
            with(validTree(), "/spec/sidecars/0/preload/http", "{url: 'http://files.default.svc/blob'}"),
            "spec.sidecars[0].preload", "preload needs exactly one source", "spec.sidecars[0].preload"),
        Arguments.of("matrix axis with values and powersOfTwo",
            with(validTree(), "/spec/scenarios/1/matrix/bufferSize/values", "[1, 2]"),
            "spec.scenarios[1].matrix[bufferSize]", "either values or powersOfTwo", "spec.scenarios[1].matrix.bufferSize"),
        Arguments.of("powersOfTwo from > to",
            with(validTree(), "/spec/scenarios/1/matrix/bufferSize/powersOfTwo", "{from: 20, to: 12}"),
            "spec.scenarios[1].matrix[bufferSize].powersOfTwo", "must not exceed",
            "spec.scenarios[1].matrix.bufferSize.powersOfTwo"),
        Arguments.of("repeats above 100", with(validTree(), "/spec/defaults/repeats", "101"),
            "spec.defaults.repeats", "should be less than or equal to 100", "spec.defaults.repeats"),
        Arguments.of("bad placement name", with(validTree(), "/spec/placements/0/name", "EU_West"),
            "spec.placements[0].name", "should match", "spec.placements[0].name"),
        Arguments.of("kafka stream broker without bootstrap servers",
            with(validTree(), "/spec/scenarios/0", "{name: s, stream: {broker: kafka}}"),
            "spec.scenarios[0].stream", "broker: kafka needs kafkaBootstrapServers",
            "spec.scenarios[0].stream.kafkaBootstrapServers"),
        Arguments.of("grpc method without a service",
            with(validTree(), "/spec/scenarios/0", "{name: g, grpc: {target: 'model.ml.svc:8001', method: ModelInfer}}"),
            "spec.scenarios[0].grpc.method", "should match", "spec.scenarios[0].grpc.method"),
        Arguments.of("grpc target without a port",
            with(validTree(), "/spec/scenarios/0", "{name: g, grpc: {target: 'model.ml.svc', method: 'a.B/C'}}"),
            "spec.scenarios[0].grpc.target", "should match", "spec.scenarios[0].grpc.target"),
        Arguments.of("grpc insecure without tls",
            with(validTree(), "/spec/scenarios/0", "{name: g, grpc: {target: 'm:1', method: 'a.B/C', insecure: true}}"),
            "spec.scenarios[0].grpc", "insecure and caSecret go with tls: true", "spec.scenarios[0].grpc.tls"),
        Arguments.of("grpc descriptor set from a ConfigMap and a Secret",
            with(validTree(), "/spec/scenarios/0", "{name: g, grpc: {target: 'm:1', method: 'a.B/C', descriptorSet: "
                + "{configMapKeyRef: {name: p, key: set}, secretKeyRef: {name: p, key: set}}}}"),
            "spec.scenarios[0].grpc.descriptorSet", "set exactly one of configMapKeyRef and secretKeyRef",
            "spec.scenarios[0].grpc.descriptorSet"),
        Arguments.of("too many matrix parameters", with(validTree(), "/spec/scenarios/1/matrix", seventeenAxes()),
            "spec.scenarios[1].matrix", "must have at most 16 items", "spec.scenarios[1].matrix"),
        Arguments.of("no placements", with(validTree(), "/spec/placements", "[]"),
            "spec.placements", "should have at least 1 items", "spec.placements"));
  }

  private static String seventeenAxes() {
    StringBuilder b = new StringBuilder("{bufferSize: {values: [1]}");
    for (String k : new String[] {"url", "op", "keySpace", "valueSize", "readPercent", "pipeline", "key", "connections",
        "rate", "a", "b", "c", "d", "e", "f", "g"}) {
      b.append(", ").append(k).append(": {values: [1]}");
    }
    return b.append('}').toString();
  }

  static ObjectNode valid() {
    return validTree();
  }
}
