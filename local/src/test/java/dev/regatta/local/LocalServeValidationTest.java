package dev.regatta.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock kubectl against {@code local --serve} gets the API server's refusals, printed as a cluster's are:
 * schema and CEL errors per field, strict decoding of unknown fields (and a warning with --validate=warn),
 * an immutable spec on re-apply, status and label writes validated, server-side dry runs.
 */
class LocalServeValidationTest {
  @TempDir
  Path tmp;

  private Path file(String name, String yaml) throws Exception {
    Path f = tmp.resolve(name + ".yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static String run(String name, String spec) {
    return "apiVersion: regatta.dev/v1alpha1\nkind: BenchmarkRun\nmetadata:\n  name: " + name + "\nspec:\n" + spec;
  }

  /** The sum over phases of the regatta_runs gauge in a Prometheus text exposition. */
  private static double runsCounted(String exposition) {
    return exposition.lines().filter(l -> l.startsWith("regatta_runs{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static final String PLACEMENT = "  placements:\n    - {name: eu, pods: 1, nodeSelector: {none: none}}\n";

  @Test
  void kubectlPrintsTheApiServersRefusals() throws Exception {
    try (LocalServe local = LocalServe.start(tmp, "--metrics-port", "0")) {
      LocalServe.Result bad = local.kubectl("apply", "-f", file("bad", run("bad",
          "  placements:\n    - {name: eu, pods: 0}\n  scenarios:\n    - name: get\n      redis: {op: delete}\n")).toString());
      assertEquals(1, bad.code(), bad.out());
      assertTrue(bad.out().startsWith("The BenchmarkRun \"bad\" is invalid: \n"
          + "* spec.placements[0].pods: Invalid value: 0: spec.placements[0].pods in body should be greater than or "
          + "equal to 1\n* spec.scenarios[0].redis.op: Unsupported value: \"delete\": supported values: "), bad.out());
      assertTrue(bad.out().contains("* <nil>: Invalid value: \"null\": some validation rules were not checked because the "
          + "object was invalid; correct the existing errors to complete validation"), bad.out());
      assertNull(local.run("bad"), "nothing was stored");

      String typo = run("typo", PLACEMENT + "  defaults: {warmpu: 2s}\n  scenarios:\n    - name: get\n      redis: {op: get}\n");
      LocalServe.Result strict = local.kubectl("apply", "-f", file("typo", typo).toString());
      assertEquals(1, strict.code());
      assertTrue(strict.out().startsWith("Error from server (BadRequest): error when creating \"" + tmp.resolve("typo.yaml")
          + "\": BenchmarkRun in version \"v1alpha1\" cannot be handled as a BenchmarkRun: strict decoding error: unknown "
          + "field \"spec.defaults.warmpu\""), strict.out());
      LocalServe.Result warn = local.kubectl("apply", "--validate=warn", "-f", tmp.resolve("typo.yaml").toString());
      assertEquals(0, warn.code(), warn.out());
      assertTrue(warn.out().contains("Warning: unknown field \"spec.defaults.warmpu\""), warn.out());
      assertTrue(local.run("typo").at("/spec/defaults").path("warmpu").isMissingNode(), "the unknown field was pruned");

      String good = run("good", PLACEMENT + "  scenarios:\n    - name: get\n      redis: {op: get}\n");
      assertEquals(0, local.kubectl("apply", "-f", file("good", good).toString()).code());
      LocalServe.Result changed = local.kubectl("apply", "-f", file("good2", good.replace("pods: 1", "pods: 2")).toString());
      assertEquals(1, changed.code());
      assertTrue(changed.out().startsWith("The BenchmarkRun \"good\" is invalid: spec: Invalid value: \"object\": spec is "
          + "immutable once the run is created"), changed.out());
      assertEquals(0, local.kubectl("apply", "-f", tmp.resolve("good.yaml").toString()).code(), "re-applying the same");

      // the operator's /metrics on loopback (--metrics-port), counting the stored run by its phase
      String metrics = local.metricsUrl();
      await("the run counted on /metrics").atMost(java.time.Duration.ofSeconds(60)).until(() -> {
        LocalServe.Result m = local.get(metrics);
        return m.code() == 200 && runsCounted(m.out()) >= 1;
      });

      LocalServe.Result status = local.kubectl("patch", "br", "good", "--subresource=status", "--type=merge", "-p",
          "{\"status\":{\"phase\":\"Exploded\"}}");
      assertNotEquals(0, status.code());
      assertTrue(status.out().contains("status.phase: Unsupported value: \"Exploded\""), status.out());
      // (kubectl label checks a label itself; a patch leaves it to the API)
      LocalServe.Result label = local.kubectl("patch", "br", "good", "--type=merge", "-p",
          "{\"metadata\":{\"labels\":{\"team\":\"perf team\"}}}");
      assertNotEquals(0, label.code());
      assertTrue(label.out().contains("metadata.labels: Invalid value: \"perf team\""), label.out());

      LocalServe.Result upper = local.kubectl("apply", "-f", file("upper", run("MyRun", PLACEMENT
          + "  scenarios:\n    - name: get\n      redis: {op: get}\n")).toString());
      assertTrue(upper.out().startsWith("The BenchmarkRun \"MyRun\" is invalid: metadata.name: Invalid value: \"MyRun\": "
          + "a lowercase RFC 1123 subdomain"), upper.out());

      LocalServe.Result dry = local.kubectl("apply", "--dry-run=server", "-f", file("dry", good.replace("name: good",
          "name: dry")).toString());
      assertTrue(dry.out().contains("benchmarkrun.regatta.dev/dry created (server dry run)"), dry.out());
      assertNull(local.run("dry"), "a dry run stores nothing");
    }
  }
}
