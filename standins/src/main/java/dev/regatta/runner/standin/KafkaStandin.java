package dev.regatta.runner.standin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) in this JVM on 127.0.0.1, for tests and
 * local mode. Storage is formatted in a fresh temporary directory, which close() deletes.
 */
public final class KafkaStandin implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private KafkaStandin(Path dir, KafkaRaftServer server, String bootstrapServers) {
    this.dir = dir;
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /** Formats storage, starts the broker, and returns once it answers a metadata request. */
  public static KafkaStandin start() throws Exception {
    Exception last = null;
    // The ports are picked before the broker binds them; a port taken in between fails the bind, so retry.
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = Files.createTempDirectory("regatta-kafka-");
      KafkaRaftServer server = null;
      try {
        int brokerPort = LoopbackPorts.free();
        int controllerPort = LoopbackPorts.free();
        Properties props = config(dir, brokerPort, controllerPort);
        format(dir, props);
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        awaitMetadata(bootstrap);
        return new KafkaStandin(dir, server, bootstrap);
      } catch (Exception e) {
        last = e;
        if (server != null) {
          stop(server);
        }
        deleteTree(dir);
      }
    }
    throw new IllegalStateException("Kafka broker did not start on 127.0.0.1: " + last.getMessage(), last);
  }

  private static Properties config(Path dir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("data").toString());
    // One node: every internal topic has one replica, and one partition so the first consumer group is quick.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.partitions", "1");
    // A small machine runs this next to the load generator: few threads.
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "2");
    p.setProperty("background.threads", "2");
    return p;
  }

  private static void format(Path dir, Properties props) throws IOException {
    Path file = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "regatta KafkaStandin");
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int rc;
    try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()}, ps);
    }
    if (rc != 0) {
      throw new IllegalStateException("kafka-storage format failed (" + rc + "): " + log.toString(StandardCharsets.UTF_8));
    }
  }

  private static void awaitMetadata(String bootstrap) throws Exception {
    Properties p = new Properties();
    p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(START_TIMEOUT.toMillis()));
    p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    try (Admin admin = Admin.create(p)) {
      // The admin client retries until the broker has registered and answers; bounded by the timeout.
      int nodes = admin.describeCluster().nodes().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
      if (nodes != 1) {
        throw new IllegalStateException("expected 1 broker in the metadata, got " + nodes);
      }
    }
  }

  /** host:port for bootstrap.servers. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() throws IOException {
    try {
      stop(server);
    } finally {
      deleteTree(dir);
    }
  }

  private static void stop(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
