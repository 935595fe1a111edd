package dev.regatta.local.standins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regatta.api.RunFiles;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What local mode stands in for, read from the run: here an external tool's targets. */
class TargetPlanTest {
  @Test
  void anExternalToolsS3EndpointVariableIsAnS3TargetAndItsUrlArgumentsHttpServers() {
    TargetPlan plan = new TargetPlan();
    plan.add(RunFiles.yaml().valueToTree(RunFiles.parse("""
        apiVersion: regatta.dev/v1alpha1
        kind: BenchmarkRun
        metadata: {name: tool}
        spec:
          placements: [{name: p, pods: 1}]
          scenarios:
            - name: io
              duration: 5s
              external:
                command: [python3, -c, 'print("http://not-a-target.svc/")']
                args: ['http://web.default.svc:8080/index.html', '--label=http://label.svc/', 'https://example.com/']
                env: {AWS_ENDPOINT_URL: 'http://minio.storage.svc:9000', OTHER: 'http://other.svc/'}
                results: {format: jsonl, path: out.jsonl}
        """, "test").get(0).getSpec()), 1024);
    assertEquals(Set.of(new Endpoint(Endpoint.Kind.S3, "minio.storage.svc", 9000, false),
            new Endpoint(Endpoint.Kind.HTTP, "web.default.svc", 8080, false)), plan.endpoints(),
        "the S3 variable and the argument that is a cluster URL; not a URL inside a longer argument, another "
            + "variable, the command's text or a host outside the cluster");
  }
}
