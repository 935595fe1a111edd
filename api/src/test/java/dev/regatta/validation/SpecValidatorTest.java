package dev.regatta.validation;

import static dev.regatta.testing.TestRuns.toRun;
import static dev.regatta.testing.TestRuns.validTree;
import static dev.regatta.testing.TestRuns.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The operator's own validation: the same rules as the CRD, for clusters without CEL, plus what a schema cannot say. */
class SpecValidatorTest {

  private static List<Violation> validate(ObjectNode tree) {
    return SpecValidator.validate(toRun(tree));
  }

  private static void assertViolation(List<Violation> violations, String field, String fragment) {
    assertTrue(violations.stream().anyMatch(v -> v.field().equals(field) && v.message().contains(fragment)),
        "expected a violation on " + field + " containing '" + fragment + "', got " + violations);
  }

  @Test
  void acceptsAValidRun() {
    assertEquals(List.of(), validate(validTree()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.regatta.crd.InvalidRuns#doneWhenCases")
  void rejectsWhatTheSchemaRejectsNamingTheField(String label, ObjectNode run, String schemaField,
      String schemaMessage, String field) {
    List<Violation> violations = validate(run);
    assertTrue(violations.stream().anyMatch(v -> v.field().equals(field)),
        label + ": expected a violation on " + field + ", got " + violations);
  }

  @Test
  void doneWhenMessagesSayWhatIsWrong() {
    assertViolation(validate(with(validTree(), "/spec/placements/0/pods", "0")),
        "spec.placements[0].pods", "must be at least 1, got 0");
    assertViolation(validate(with(validTree(), "/spec/defaults/duration", "-5s")),
        "spec.defaults.duration", "negative durations are not allowed");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/http", "{url: 'http://web:80/'}")),
        "spec.scenarios[0]", "exactly one workload: redis, http, s3, kafka, stream, grpc or external (got 2)");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0",
        "{name: g, grpc: {target: 'm:1', method: 'a.B/C', metadata: {X-Tenant: blue}}}")),
        "spec.scenarios[0].grpc.metadata.X-Tenant", "is not a gRPC metadata key");
    assertViolation(validate(with(validTree(), "/spec/defaults/load", "{model: closed, rate: 100}")),
        "spec.defaults.load.rate", "only with model: open");
  }

  @Test
  void describeJoinsViolationsForACondition() {
    List<Violation> v = validate(with(with(validTree(), "/spec/placements/0/pods", "0"),
        "/spec/defaults/duration", "0s"));
    assertEquals("spec.placements[0].pods: must be at least 1, got 0; spec.defaults.duration: must be longer than 0s",
        SpecValidator.describe(v));
  }

  @Test
  void zeroDurationsAreRejectedWhereTimeMustPass() {
    assertViolation(validate(with(validTree(), "/spec/timeout", "0s")), "spec.timeout", "longer than 0s");
    assertViolation(validate(with(validTree(), "/spec/startTimeout", "0m")), "spec.startTimeout", "longer than 0s");
    assertEquals(List.of(), validate(with(validTree(), "/spec/startDelay", "0s")), "a zero start delay is allowed");
  }

  @Test
  void aLiveIntervalIsAtLeastOneSecondAndFitsEveryWindow() {
    assertEquals(List.of(), validate(with(validTree(), "/spec/liveInterval", "1s")));
    assertEquals(List.of(), validate(with(validTree(), "/spec/liveInterval", "5s")), "as long as the 5s windows");
    assertViolation(validate(with(validTree(), "/spec/liveInterval", "999ms")), "spec.liveInterval",
        "999ms is shorter than 1s");
    assertViolation(validate(with(validTree(), "/spec/liveInterval", "6s")), "spec.liveInterval",
        "6s is longer than the measured window of scenario 'get' (5s): use at most 5s");
    ObjectNode longer = with(with(validTree(), "/spec/liveInterval", "1m"), "/spec/scenarios/1/duration", "1m30s");
    assertViolation(validate(longer), "spec.liveInterval", "longer than the measured window of scenario 'get'");
    assertViolation(validate(with(validTree(), "/spec/liveInterval", "soon")), "spec.liveInterval",
        "is not a duration");
    ObjectNode iterationsOnly = with(with(with(validTree(), "/spec/liveInterval", "30s"), "/spec/defaults/duration",
        "1h"), "/spec/scenarios/0/iterations", "1000");
    assertEquals(List.of(), validate(iterationsOnly), "a window of iterations alone has no length to compare");
  }

  @Test
  void tooManyPodsInAll() {
    ObjectNode run = with(validTree(), "/spec/placements/0/pods", "6000");
    with(run, "/spec/placements/1/pods", "6000");
    assertViolation(validate(run), "spec.placements", "at most 10000 pods in all, got 12000");
  }

  @Test
  void longRunNamesAreRejectedBecauseTheyPrefixPodNames() {
    ObjectNode run = validTree();
    with(run, "/metadata/name", "'" + "a".repeat(41) + "'");
    assertViolation(validate(run), "metadata.name", "longer than 40 characters");
    with(run, "/metadata/name", "'" + "a".repeat(40) + "'");
    with(run, "/spec/placements/0/name", "'" + "p".repeat(20) + "'");
    assertViolation(validate(run), "spec.placements[0].name", "Job name");
  }

  @Test
  void sidecarsNeedDistinctNamesAndPortsAndNotTheRunnerName() {
    ObjectNode run = with(validTree(), "/spec/sidecars", "[{name: redis}, {name: redis, port: 6379}]");
    assertViolation(validate(run), "spec.sidecars[1].name", "already a container name");
    assertViolation(validate(run), "spec.sidecars[1].port", "6379 is used by another sidecar");
    assertViolation(validate(with(validTree(), "/spec/sidecars/0/name", "runner")),
        "spec.sidecars[0].name", "already a container name");
  }

  @Test
  void preloadSourcesAreChecked() {
    assertViolation(validate(with(validTree(), "/spec/sidecars/0/preload", "{key: blob}")),
        "spec.sidecars[0].preload", "exactly one source");
    assertViolation(validate(with(validTree(), "/spec/sidecars/0/preload", "{key: blob, generate: {size: 12 parsecs}}")),
        "spec.sidecars[0].preload.generate.size", "is not a size");
    assertViolation(validate(with(validTree(), "/spec/sidecars/0/preload", "{key: blob, s3: {key: k}}")),
        "spec.sidecars[0].preload.s3.bucket", "is required");
    assertViolation(validate(with(validTree(), "/spec/sidecars/0/preload", "{key: blob, http: {url: 'ftp://x/y'}}")),
        "spec.sidecars[0].preload.http.url", "http:// or https:// URL");
  }

  @Test
  void workloadFieldsAreChecked() {
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/redis/url", "'tcp://cache:6379'")),
        "spec.scenarios[0].redis.url", "redis:// or rediss:// URL");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/redis/readPercent", "101")),
        "spec.scenarios[0].redis.readPercent", "must be at most 100, got 101");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/redis/valueSize", "4 pages")),
        "spec.scenarios[0].redis.valueSize", "is not a size");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0", "{name: h, http: {url: 'http://a/', body: x, bodySize: 10}}")),
        "spec.scenarios[0].http.bodySize", "body or bodySize, not both");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0", "{name: h, http: {url: 'http://a/', timeout: 1 minute}}")),
        "spec.scenarios[0].http.timeout", "is not a duration");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0", "{name: s, s3: {bucket: b, credentialsSecret: {}}}")),
        "spec.scenarios[0].s3.credentialsSecret.name", "is required");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0", "{name: k, kafka: {topic: t}}")),
        "spec.scenarios[0].kafka.bootstrapServers", "is required");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0", "{name: st, stream: {mode: proxy, payloadStore: s3}}")),
        "spec.scenarios[0].stream.s3", "payloadStore: s3 needs s3");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/load", "{model: open, stages: [{duration: 10s, rate: -1}]}")),
        "spec.scenarios[0].load.stages[0].rate", "0 or more");
  }

  @Test
  void resultBucketNeedsANameAndCredentialsNeedASecretName() {
    ObjectNode run = with(validTree(), "/spec/results", "{s3: {prefix: runs, credentialsSecret: {accessKeyIdKey: id}}}");
    assertViolation(validate(run), "spec.results.s3.bucket", "is required");
    assertViolation(validate(run), "spec.results.s3.credentialsSecret.name", "is required");
    assertEquals(List.of(), validate(with(validTree(), "/spec/results",
        "{s3: {bucket: results, endpoint: 'http://minio.storage.svc:9000', credentialsSecret: {name: creds}}}")));
  }

  @Test
  void aRunWithoutSpecIsReported() {
    ObjectNode run = validTree();
    run.remove("spec");
    assertEquals(List.of(new Violation("spec", "is required")), validate(run));
  }

  @Test
  void matrixParametersMustBeFieldsOfTheWorkloadOrTheLoad() {
    ObjectNode run = with(validTree(), "/spec/scenarios/1/matrix/chunk", "{values: [1, 2]}");
    assertViolation(validate(run), "spec.scenarios[1].matrix.chunk", "'chunk' is not a parameter of the redis workload");
    assertEquals(List.of(), validate(with(validTree(), "/spec/scenarios/1/matrix/connections", "{values: [1, 8]}")));
  }

  @Test
  void matrixValuesMustFitTheirField() {
    ObjectNode run = with(validTree(), "/spec/scenarios/1/matrix/pipeline", "{values: [1, many]}");
    assertViolation(validate(run), "spec.scenarios[1].matrix", "does not fit its field");
  }

  @Test
  void matrixWithTooManyPointsIsRejected() {
    ObjectNode run = with(validTree(), "/spec/scenarios/1/matrix/bufferSize", "{powersOfTwo: {from: 0, to: 40}}");
    with(run, "/spec/scenarios/1/matrix/connections", "{powersOfTwo: {from: 0, to: 40}}");
    with(run, "/spec/scenarios/1/matrix/pipeline", "{powersOfTwo: {from: 0, to: 10}}");
    assertViolation(validate(run), "spec.scenarios[1].matrix", "more than 10000");
  }

  @Test
  void validateSpecAloneSkipsNameRules() {
    BenchmarkRun run = toRun(with(validTree(), "/metadata/name", "'" + "a".repeat(60) + "'"));
    assertEquals(List.of(), SpecValidator.validate(run.getSpec()));
    assertEquals("metadata.name", SpecValidator.validate(run).get(0).field());
  }

  // ---- issue 10: what the operator ran and should have refused ----

  private static String list(int n, String item) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append(item.replace("#", Integer.toString(i)));
    }
    return b.append(']').toString();
  }

  @Test
  void documentedCountsAreEnforced() {
    assertViolation(validate(with(validTree(), "/spec/placements", list(51, "{name: p#, pods: 1}"))),
        "spec.placements", "at most 50 placement groups, got 51");
    assertEquals(List.of(), validate(with(validTree(), "/spec/placements", list(50, "{name: p#, pods: 1}"))));
    assertViolation(validate(with(validTree(), "/spec/scenarios", list(101, "{name: s#, redis: {}}"))),
        "spec.scenarios", "at most 100 scenarios, got 101");
    assertEquals(List.of(), validate(with(validTree(), "/spec/scenarios", list(100, "{name: s#, redis: {}}"))));
    assertViolation(validate(with(validTree(), "/spec/sidecars", list(5, "{name: r#, port: 600#}"))),
        "spec.sidecars", "at most 4 sidecars, got 5");
  }

  @Test
  void upperCaseNamesAreRefused() {
    assertViolation(validate(with(validTree(), "/metadata/name", "Small")), "metadata.name", "'Small' must be lower-case");
    assertViolation(validate(with(validTree(), "/spec/placements/0/name", "EU")), "spec.placements[0].name", "DNS label");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/name", "Get")), "spec.scenarios[0].name", "a-z");
    assertViolation(validate(with(validTree(), "/spec/sidecars/0/name", "Redis")), "spec.sidecars[0].name", "DNS label");
  }

  @Test
  void httpNeedsAUrl() {
    assertViolation(validate(with(validTree(), "/spec/scenarios/0", "{name: h, http: {method: POST}}")),
        "spec.scenarios[0].http.url", "is required");
  }

  @Test
  void sizesThatOverflowOrExceedTheirFieldAreRefused() {
    // 2^64 bytes: a long wraps it to 0.
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/redis/valueSize", "17179869184Gi")),
        "spec.scenarios[0].redis.valueSize", "'17179869184Gi' is too large to be a size");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/redis/valueSize", "99999999999999999999")),
        "spec.scenarios[0].redis.valueSize", "must be at most 536870912");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/redis/valueSize", "1G")),
        "spec.scenarios[0].redis.valueSize", "must be at most 512Mi (536870912 bytes), got '1G'");
    assertViolation(validate(with(validTree(), "/spec/sidecars/0/preload/generate/size", "2Gi")),
        "spec.sidecars[0].preload.generate.size", "must be at most 512Mi");
    assertViolation(validate(with(validTree(), "/spec/scenarios/1/redis/bufferSize", "0")),
        "spec.scenarios[1].redis.bufferSize", "must be at least 1 byte");
  }

  @Test
  void matrixPointsMustFitTheFieldTheySet() {
    // 2^30 bytes is beyond a read buffer's 64Mi: named on the matrix key, with the bound.
    ObjectNode run = with(validTree(), "/spec/scenarios/1/matrix/bufferSize", "{powersOfTwo: {from: 12, to: 30}}");
    assertViolation(validate(run), "spec.scenarios[1].matrix.bufferSize", "must be at most 64Mi (67108864 bytes), got '134217728'");
    assertViolation(validate(with(validTree(), "/spec/scenarios/1/matrix/connections", "{values: [1, 200000]}")),
        "spec.scenarios[1].matrix.connections", "must be at most 100000, got 200000");
  }

  @Test
  void thePointsOfAllScenariosAreBoundedTogether() {
    // 100 scenarios of 101 points: each fine alone, 10100 rows in all.
    String scenario = "{name: s#, redis: {}, matrix: {pipeline: {values: [" + "1, ".repeat(100) + "1]}}}";
    assertViolation(validate(with(validTree(), "/spec/scenarios", list(100, scenario))),
        "spec.scenarios", "the matrices have 10100 points in all, at most 10000");
    // Eight axes of 512 values: 2^72 points, which a long multiplication wraps to 0.
    StringBuilder axes = new StringBuilder("{");
    for (String k : new String[] {"url", "op", "keySpace", "valueSize", "readPercent", "pipeline", "key", "connections"}) {
      axes.append(axes.length() > 1 ? ", " : "").append(k).append(": {powersOfTwo: {from: 0, to: 8}}");
    }
    assertViolation(validate(with(validTree(), "/spec/scenarios/1/matrix", axes.append('}').toString())),
        "spec.scenarios[1].matrix", "points, more than 10000");
  }

  @Test
  void headersWithCrOrLfAreRefused() {
    String scenario = "{name: h, http: {url: 'http://web.default.svc/', headers: {%s}}}";
    assertViolation(validate(with(validTree(), "/spec/scenarios/0", scenario.formatted("X-A: \"ok\\r\\nX-Injected: 1\""))),
        "spec.scenarios[0].http.headers.X-A", "CR, LF or NUL");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0", scenario.formatted("\"X-A\\nB\": v"))),
        "spec.scenarios[0].http.headers.X-A\nB", "must be at most 256 characters of letters");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0", scenario.formatted("'Bad Name': v"))),
        "spec.scenarios[0].http.headers.Bad Name", "no spaces");
    assertEquals(List.of(), validate(with(validTree(), "/spec/scenarios/0",
        scenario.formatted("Authorization: 'Bearer abc', X-Trace: '1'"))));
  }

  @Test
  void credentialsInUrlsAreRefusedPointingAtSecrets() {
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/redis/url", "'redis://user:hunter2@cache:6379'")),
        "spec.scenarios[0].redis.url", "must not hold credentials (user:password@), which would be copied in clear "
            + "into every pod: put the password in a Secret and name it in passwordSecret");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0/redis/url", "'rediss://:hunter2@cache:6379'")),
        "spec.scenarios[0].redis.url", "passwordSecret");
    assertViolation(validate(with(validTree(), "/spec/scenarios/0", "{name: h, http: {url: 'http://u:p@web/'}}")),
        "spec.scenarios[0].http.url", "must not hold credentials");
    assertViolation(validate(with(validTree(), "/spec/results", "{s3: {bucket: b, endpoint: 'https://k:s@minio:9000'}}")),
        "spec.results.s3.endpoint", "credentialsSecret");
    // An @ after the host is a path, not credentials.
    assertEquals(List.of(), validate(with(validTree(), "/spec/scenarios/0", "{name: h, http: {url: 'http://web/a@b'}}")));
  }

  @Test
  void aMegabyteNameIsQuotedAsAShortPrefix() {
    String huge = "A".repeat(1 << 20);
    List<Violation> v = validate(with(validTree(), "/spec/scenarios/0/name", huge));
    String described = SpecValidator.describe(v);
    assertTrue(described.length() < 1000, described.length() + " characters");
    assertTrue(described.contains("spec.scenarios[0].name: '" + "A".repeat(64) + "...' (1048576 characters)"), described);
  }

  @Test
  void durationsAreAtMostAYear() {
    assertViolation(validate(with(validTree(), "/spec/timeout", "8761h")), "spec.timeout", "longer than 8760h (a year)");
    assertViolation(validate(with(validTree(), "/spec/defaults/duration", "99999999999999999999h")),
        "spec.defaults.duration", "longer than 8760h");
    assertEquals(List.of(), validate(with(validTree(), "/spec/ttlAfterFinished", "8760h")));
  }

  @Test
  void describeListsTenAndCountsTheRest() {
    List<Violation> many = new java.util.ArrayList<>();
    for (int i = 0; i < 25; i++) {
      many.add(new Violation("spec.f" + i, "wrong"));
    }
    String d = SpecValidator.describe(many);
    assertTrue(d.startsWith("spec.f0: wrong; spec.f1: wrong"), d);
    assertTrue(d.endsWith("spec.f9: wrong; and 15 more"), d);
  }
}
