package dev.regatta.crd;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the BenchmarkRun CRD with fabric8's crd-generator, exactly as its Maven plugin would, plus one
 * post-processing step the plugin cannot be configured with: printer columns in the order they are declared
 * on {@link BenchmarkRun} (the generator sorts them by JSON path, which would put AGE first). The result is
 * what {@code deploy/crds/} must hold; {@code make crd} writes it there, to the Helm chart and to the crds
 * classpath ({@code META-INF/fabric8/}, where the generator's Maven plugin would have put it).
 */
public final class CrdGeneration {
  public static final String FILE_NAME = BenchmarkRun.CRD_NAME + ".yaml";
  static final String HEADER = "# Generated from the Java types in crds/ by `make crd`. Do not edit: change the types and run `make crd`.\n";

  private CrdGeneration() {}

  /** The CRD as YAML text. */
  public static String generate() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CRDGenerator()
        .customResourceClasses(BenchmarkRun.class)
        .forCRDVersions("v1")
        .withPostProcessor(new PostProcessing())
        .withOutput(new CRDGenerator.CRDOutput<ByteArrayOutputStream>() {
          @Override
          public ByteArrayOutputStream outputFor(String crdName) {
            return out;
          }

          @Override
          public void close() {}
        })
        .generate();
    String yaml = out.toString(StandardCharsets.UTF_8);
    // Replace the generator's own comment line with one that tells a reader how to regenerate.
    return HEADER + yaml.substring(yaml.startsWith("#") ? yaml.indexOf('\n') + 1 : 0);
  }

  /** Writes the CRD to deploy/crds/, the Helm chart's crds/ and the crds classpath. Used by {@code make crd}. */
  public static void main(String[] args) throws IOException {
    String yaml = generate();
    for (Path p : List.of(RepoPaths.deployedCrd(), RepoPaths.helmChartCrd(), RepoPaths.classpathCrd())) {
      Files.createDirectories(p.getParent());
      Files.writeString(p, yaml);
      System.out.println("wrote " + RepoPaths.root().relativize(p));
    }
  }

  /** What the generator cannot be configured to do: printer column order and the bounds of {@link SchemaBounds}. */
  static final class PostProcessing implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      SchemaBounds.add((CustomResourceDefinition) crd);
      return DeclaredPrinterColumnOrder.order(crd);
    }
  }

  /** Orders additionalPrinterColumns as the @AdditionalPrinterColumn annotations are declared. */
  static final class DeclaredPrinterColumnOrder {
    static HasMetadata order(HasMetadata crd) {
      List<String> declared = new ArrayList<>();
      for (AdditionalPrinterColumn c : BenchmarkRun.class.getAnnotationsByType(AdditionalPrinterColumn.class)) {
        declared.add(c.jsonPath());
      }
      for (CustomResourceDefinitionVersion v : ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        List<CustomResourceColumnDefinition> columns = new ArrayList<>(v.getAdditionalPrinterColumns());
        columns.sort(Comparator.comparingInt(c -> {
          int i = declared.indexOf(c.getJsonPath());
          return i < 0 ? Integer.MAX_VALUE : i;
        }));
        v.setAdditionalPrinterColumns(columns);
      }
      return crd;
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
