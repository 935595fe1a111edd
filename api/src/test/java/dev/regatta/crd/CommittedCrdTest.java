package dev.regatta.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.api.RunFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/crds/ and the Helm chart hold exactly the CRD the Java types generate. */
class CommittedCrdTest {

  @Test
  void committedCrdIsTheGeneratedOne() {
    String generated = CrdGeneration.generate();
    assertTrue(Files.isRegularFile(RepoPaths.deployedCrd()),
        RepoPaths.deployedCrd() + " is missing: run `make crd` and commit it");
    assertEquals(generated, CrdGeneration.read(RepoPaths.deployedCrd()),
        "deploy/crds/" + CrdGeneration.FILE_NAME + " differs from the CRD the Java types generate: "
            + "run `make crd` and commit the result");
  }

  @Test
  void helmChartShipsTheSameCrd() {
    assertEquals(CrdGeneration.read(RepoPaths.deployedCrd()), CrdGeneration.read(RepoPaths.helmChartCrd()),
        "deploy/helm/regatta/crds/ must hold the same CRD as deploy/crds/: run `make crd`");
  }

  @Test
  void printerColumnsReadLikeKubectlGet() throws Exception {
    JsonNode crd = RunFiles.yaml().readTree(CrdGeneration.generate());
    List<String> names = new ArrayList<>();
    crd.at("/spec/versions/0/additionalPrinterColumns").forEach(c -> names.add(c.get("name").asText()));
    // kubectl prints NAME first by itself; Age last, as for built-in kinds.
    // Live and Live-P99 show status.progress while Running, beside the final figures
    assertEquals(List.of("Phase", "Pods", "Throughput", "P99", "Live", "Live-P99", "Errors", "Verdict", "Age"), names);
  }

  @Test
  void classpathCopyIsTheSameCrd() {
    assertEquals(CrdGeneration.read(RepoPaths.deployedCrd()), CrdGeneration.read(RepoPaths.classpathCrd()),
        "api/src/main/resources/META-INF/fabric8/ must hold the same CRD as deploy/crds/: run `make crd`");
    assertTrue(getClass().getClassLoader().getResource("META-INF/fabric8/benchmarkruns.regatta.dev-v1.yml") != null,
        "the CRD is on the api classpath");
  }

  @Test
  void namesShortNamesAndStatusSubresource() throws Exception {
    JsonNode crd = RunFiles.yaml().readTree(CrdGeneration.read(RepoPaths.deployedCrd()));
    assertEquals("benchmarkruns.regatta.dev", crd.at("/metadata/name").asText());
    assertEquals("Namespaced", crd.at("/spec/scope").asText());
    assertEquals("[\"br\",\"bench\"]", crd.at("/spec/names/shortNames").toString());
    assertEquals("v1alpha1", crd.at("/spec/versions/0/name").asText());
    assertTrue(crd.at("/spec/versions/0/subresources/status").isObject(), "status subresource");
  }
}
