package dev.regatta.runner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.standin.KafkaStandin;
import dev.regatta.runner.standin.RedisServerProcess;
import dev.regatta.runner.standin.S3Standin;
import dev.regatta.runner.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * One run file through `run`, as a pod runs its share: a redis sidecar preloaded from S3 (with the Secret's
 * credentials from the environment), then s3 over every client, kafka endToEnd, a blob read of the preloaded
 * value, and a stream in proxy mode.
 */
class RunFileWorkloadsTest {
  @TempDir
  Path dir;

  @Test
  void sidecarPreloadAndEveryWorkloadFromOneRunFile() throws Exception {
    try (S3Standin s3 = S3Standin.inMemory(); KafkaStandin kafka = KafkaStandin.start();
        RedisServerProcess redis = RedisServerProcess.start()) {
      s3.createBucket("bench");
      BlobStore store = s3.blobStore();
      byte[] blob = new byte[1 << 20];
      new SplittableRandom(1).nextBytes(blob);
      store.putBlob("bench", store.blobBuilder("blobs/1MiB").payload(blob).contentLength(blob.length).build());
      String yaml = """
          apiVersion: regatta.dev/v1alpha1
          kind: BenchmarkRun
          metadata: {name: all-workloads}
          spec:
            placements: [{name: local, pods: 1}]
            startTimeout: 20s
            sidecars:
              - name: blob
                port: %2$d
                preload:
                  key: blob
                  s3: {endpoint: "%1$s", bucket: bench, key: blobs/1MiB, credentialsSecret: {name: s3-standin}}
            defaults:
              warmup: 0s
              iterations: 12
              load: {model: closed, connections: 2}
            scenarios:
              - name: s3-clients
                s3: {endpoint: "%1$s", bucket: bench, key: blobs/1MiB, bufferSize: 8Ki, credentialsSecret: {name: s3-standin}}
                matrix:
                  client: {values: [apache, urlconnection, netty, crt]}
              - name: kafka-e2e
                kafka: {bootstrapServers: "%3$s", topic: e2e, op: endToEnd, messageSize: 100}
              - name: blob-read
                redis: {url: "redis://127.0.0.1:%2$d", op: blobRead, key: blob}
                matrix:
                  bufferSize: {powersOfTwo: {from: 16, to: 17}}
              - name: stream-proxy
                stream: {redisUrl: "redis://127.0.0.1:%2$d", mode: proxy, dataSize: 2Ki, tasks: 50, workers: 2}
          """.formatted(s3.endpoint(), redis.port(), kafka.bootstrapServers());
      Path file = dir.resolve("run.yaml");
      Files.writeString(file, yaml);
      Path json = dir.resolve("result.json");
      Cli cli = Cli.run("run", file.toString(), "--json", json.toString());
      assertEquals(0, cli.exit(), cli.err());
      List<ScenarioResult> rs = ResultJson.read(json).scenarios();
      assertEquals(4 + 1 + 2 + 1, rs.size());
      for (ScenarioResult r : rs) {
        assertEquals(0, r.errors(), r.name() + " " + r.params() + " " + r.errorsByType());
      }
      for (int i = 0; i < 4; i++) {
        assertEquals(12, rs.get(i).count());
        assertEquals(12L << 20, rs.get(i).bytes(), "whole 1 MiB objects, " + rs.get(i).params());
      }
      assertEquals(12, rs.get(4).count());
      assertEquals(12 * 100, rs.get(4).bytes());
      // A blob read is one GETRANGE of bufferSize per operation.
      assertEquals(12L * 65536, rs.get(5).bytes());
      assertEquals(12L * 131072, rs.get(6).bytes());
      try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
        assertArrayEquals(blob, j.get("blob".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      assertEquals(50, rs.get(7).count());
      assertEquals(50 * 2048, rs.get(7).bytes());
    }
  }
}
