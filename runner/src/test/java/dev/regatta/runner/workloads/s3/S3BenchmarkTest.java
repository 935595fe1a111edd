package dev.regatta.runner.workloads.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.api.v1alpha1.S3Workload;
import dev.regatta.api.v1alpha1.S3Workload.Client;
import dev.regatta.api.v1alpha1.S3Workload.Op;
import dev.regatta.api.v1alpha1.SecretKeyPair;
import dev.regatta.runner.standin.LoopbackPorts;
import dev.regatta.runner.standin.S3Standin;
import dev.regatta.runner.workload.TargetUnreachableException;
import dev.regatta.runner.workload.WorkloadException;
import dev.regatta.runner.workloads.Drive;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Map;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The s3 workload against s3proxy on loopback, through each of the four SDK HTTP clients. */
class S3BenchmarkTest {
  static S3Standin s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Standin.inMemory();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  static S3Workload spec(Client client, Op op, String bucket) {
    S3Workload w = new S3Workload();
    w.setEndpoint(s3.endpoint());
    w.setBucket(bucket);
    w.setClient(client);
    w.setOp(op);
    SecretKeyPair secret = new SecretKeyPair();
    secret.setName("s3-standin");
    w.setCredentialsSecret(secret);
    return w;
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void getWholeObjectWrittenByPrepare(Client client) throws Exception {
    S3Workload w = spec(client, Op.GET, "get-" + client.name().toLowerCase());
    w.setPrepare(true);
    w.setObjectSize(new IntOrString("192Ki"));
    w.setBufferSize(new IntOrString(4096));
    try (S3Benchmark b = new S3Benchmark(w, 4)) {
      b.prepare();
      assertEquals(192 * 1024, b.objectLength());
      Drive.Totals t = Drive.run(b, 4, 10);
      assertEquals(Map.of(), t.errors());
      assertEquals(40, t.ok());
      assertEquals(40L * 192 * 1024, t.bytes());
    }
    assertEquals(192 * 1024, s3.blobStore().blobMetadata(w.getBucket(), S3Benchmark.DEFAULT_KEY).getContentMetadata()
        .getContentLength());
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void rangedGetsReadExactlyTheRange(Client client) throws Exception {
    S3Workload w = spec(client, Op.GET, "range-" + client.name().toLowerCase());
    w.setPrepare(true);
    w.setKey("blob/ranged");
    w.setObjectSize(new IntOrString("1Mi"));
    w.setRangeSize(new IntOrString("10000"));
    w.setBufferSize(new IntOrString(1024));
    try (S3Benchmark b = new S3Benchmark(w, 2)) {
      b.prepare();
      Drive.Totals t = Drive.run(b, 2, 25);
      assertEquals(Map.of(), t.errors());
      assertEquals(50, t.ok());
      assertEquals(50L * 10000, t.bytes());
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void putsStoreObjectsOfObjectSize(Client client) throws Exception {
    String bucket = "put-" + client.name().toLowerCase();
    s3.createBucket(bucket);
    S3Workload w = spec(client, Op.PUT, bucket);
    w.setObjectSize(new IntOrString("48Ki"));
    w.setKeyPrefix("p/");
    try (S3Benchmark b = new S3Benchmark(w, 3)) {
      b.prepare();
      Drive.Totals t = Drive.run(b, 3, 7);
      assertEquals(Map.of(), t.errors());
      assertEquals(21, t.ok());
      assertEquals(21L * 48 * 1024, t.bytes());
    }
    // 3 slots x 7 distinct keys each (fewer than the rotation), every one 48 KiB.
    int objects = 0;
    for (StorageMetadata m : s3.blobStore().list(bucket, ListContainerOptions.Builder.prefix("p/").recursive())) {
      if (m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB) {
        assertEquals(48L * 1024, m.getSize(), m.getName());
        objects++;
      }
    }
    assertEquals(21, objects);
  }

  @Test
  void listSeesTheBucket() throws Exception {
    S3Workload w = spec(Client.NETTY, Op.LIST, "get-apache");
    w.setKeyPrefix("regatta/");
    try (S3Benchmark b = new S3Benchmark(w, 2)) {
      b.prepare();
      Drive.Totals t = Drive.run(b, 2, 5);
      assertEquals(Map.of(), t.errors());
      assertEquals(10, t.ok());
    }
  }

  @Test
  void missingObjectWithoutPrepareNamesItAndSaysWhatToSet() throws Exception {
    s3.createBucket("empty");
    S3Workload w = spec(Client.APACHE, Op.GET, "empty");
    try (S3Benchmark b = new S3Benchmark(w, 1)) {
      WorkloadException e = assertThrows(WorkloadException.class, b::prepare);
      assertEquals("s3_NoSuchKey", e.type());
      assertTrue(e.getMessage().contains("s3://empty/regatta/blob") && e.getMessage().contains("prepare: true"),
          e.getMessage());
    }
  }

  @Test
  void missingSecretIsAnErrorNotAnonymousAccess() {
    S3Workload w = spec(Client.APACHE, Op.GET, "empty");
    w.getCredentialsSecret().setName("not-mounted");
    try (S3Benchmark b = new S3Benchmark(w, 1)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, b::prepare);
      assertTrue(e.getMessage().contains("REGATTA_SECRET_NOT_MOUNTED__AWS_ACCESS_KEY_ID"), e.getMessage());
    }
  }

  @Test
  void wrongKeyIsRejectedByTheServer() throws Exception {
    S3Workload w = spec(Client.APACHE, Op.PUT, "empty");
    w.getCredentialsSecret().setAccessKeyIdKey("AWS_SECRET_ACCESS_KEY"); // the secret as the id: a bad signature
    try (S3Benchmark b = new S3Benchmark(w, 1)) {
      WorkloadException e = assertThrows(WorkloadException.class, b::prepare);
      assertTrue(e.type().startsWith("s3_") || e.type().startsWith("http_4"), e.type());
    }
  }

  @Test
  void unreachableEndpointIsRefusedWithTheTargetNamed() throws Exception {
    S3Workload w = spec(Client.APACHE, Op.GET, "b");
    w.setEndpoint("http://127.0.0.1:" + LoopbackPorts.free());
    try (S3Benchmark b = new S3Benchmark(w, 1)) {
      TargetUnreachableException e = assertThrows(TargetUnreachableException.class, b::prepare);
      assertEquals("cannot connect to " + w.getEndpoint() + " (bucket b): connection refused", e.getMessage());
    }
  }
}
