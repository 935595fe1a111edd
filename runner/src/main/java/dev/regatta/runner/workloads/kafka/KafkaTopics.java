package dev.regatta.runner.workloads.kafka;

import dev.regatta.runner.workload.TargetUnreachableException;
import dev.regatta.runner.workload.WorkloadException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Checks a broker answers and makes sure a topic exists, before anything is measured. */
public final class KafkaTopics {
  private KafkaTopics() {}

  private static final String MAX_MESSAGE = "max.message.bytes";
  /** Kafka's default limit per record batch, about 1 MB. */
  private static final int MAX_MESSAGE_DEFAULT = 1024 * 1024;

  private static void raiseMessageLimit(Admin admin, String topic, int bytes, Duration timeout) throws Exception {
    org.apache.kafka.common.config.ConfigResource r =
        new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
    org.apache.kafka.clients.admin.ConfigEntry now = admin.describeConfigs(List.of(r)).all()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(r).get(MAX_MESSAGE);
    if (now != null && now.value() != null && Long.parseLong(now.value()) >= bytes) {
      return;
    }
    admin.incrementalAlterConfigs(java.util.Map.of(r, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
        new org.apache.kafka.clients.admin.ConfigEntry(MAX_MESSAGE, String.valueOf(bytes)),
        org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Creates the topic with this many partitions (broker-default replication) unless it exists; an existing
   * topic is used as it is. Returns the topic's partition count.
   */
  public static int ensure(String bootstrap, String topic, int partitions, Duration timeout) throws Exception {
    return ensure(bootstrap, topic, partitions, timeout, 0);
  }

  /**
   * As {@link #ensure(String, String, int, Duration)}, and the topic takes messages of {@code maxMessageBytes}: set
   * when it is created, raised when an existing topic (the stream workload's, shared by runs) allows less. The
   * stream benchmark's payloads (10 MB in the original) are far above Kafka's 1 MB default.
   */
  public static int ensure(String bootstrap, String topic, int partitions, Duration timeout, int maxMessageBytes)
      throws Exception {
    Properties p = new Properties();
    p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
    p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(timeout.toMillis(), 30_000)));
    try (Admin admin = Admin.create(p)) {
      try {
        admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        // The admin client retries refused connections until its timeout, so "no answer" is what we know.
        throw new TargetUnreachableException("kafka " + bootstrap,
            new java.net.SocketTimeoutException("no broker answered within " + timeout.toMillis() + " ms"));
      }
      try {
        NewTopic t = new NewTopic(topic, Optional.of(partitions), Optional.empty());
        if (maxMessageBytes > MAX_MESSAGE_DEFAULT) {
          t.configs(java.util.Map.of(MAX_MESSAGE, String.valueOf(maxMessageBytes)));
        }
        admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new WorkloadException("kafka_topic", "cannot create topic " + topic + " on " + bootstrap + ": "
              + e.getCause().getMessage());
        }
        if (maxMessageBytes > MAX_MESSAGE_DEFAULT) {
          raiseMessageLimit(admin, topic, maxMessageBytes, timeout);
        }
      }
      return admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic).partitions().size();
    }
  }
}
