package dev.regatta.runner.workloads.kafka;

import dev.regatta.runner.workload.TargetUnreachableException;
import dev.regatta.runner.workload.WorkloadException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Checks a broker answers and makes sure a topic exists, before anything is measured. */
public final class KafkaTopics {
  private KafkaTopics() {}

  private static final String MAX_MESSAGE = "max.message.bytes";
  /** Kafka's default limit per record batch, about 1 MB. */
  private static final int MAX_MESSAGE_DEFAULT = 1024 * 1024;
  /** Between two looks at a new topic's leaders: a broker takes in a new topic within milliseconds. */
  private static final Duration LEADER_POLL = Duration.ofMillis(50);

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
      boolean existed = false;
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
        existed = true;
      }
      // another pod of the run may have created it a moment ago: served first, then reconfigured
      int count = awaitLeaders(admin, topic, timeout);
      if (existed && maxMessageBytes > MAX_MESSAGE_DEFAULT) {
        raiseMessageLimit(admin, topic, maxMessageBytes, timeout);
      }
      return count;
    }
  }

  /**
   * The topic's partition count once every partition has a leader that serves it. The controller acknowledges a new
   * topic before the brokers have taken it in, so a describe (or a first produce) just after the creation can be
   * answered with "this server does not host this topic-partition"; and a describe can name a leader whose log is not
   * open yet. A produce then fails its first batch while later ones land, which an idempotent producer can never
   * repair (OUT_OF_ORDER_SEQUENCE until its delivery timeout). So the leaders are also asked for each partition's
   * end offset, which only a serving leader answers: asked again, within the timeout, until both are served.
   */
  private static int awaitLeaders(Admin admin, String topic, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      try {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(left, TimeUnit.MILLISECONDS)
            .get(topic);
        if (d.partitions().stream().allMatch(pi -> pi.leader() != null && !pi.leader().isEmpty())) {
          Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
          d.partitions().forEach(pi -> ends.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest()));
          admin.listOffsets(ends).all().get(left, TimeUnit.MILLISECONDS);
          return d.partitions().size();
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException || e.getCause() instanceof NotLeaderOrFollowerException
            || e.getCause() instanceof LeaderNotAvailableException)) {
          throw e;
        }
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new WorkloadException("kafka_topic", "topic " + topic + " was created but not served by the brokers"
            + " within " + timeout.toMillis() + " ms");
      }
      Thread.sleep(LEADER_POLL.toMillis());
    }
  }
}
