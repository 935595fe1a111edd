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

  /**
   * Creates the topic with this many partitions (broker-default replication) unless it exists; an existing
   * topic is used as it is. Returns the topic's partition count.
   */
  public static int ensure(String bootstrap, String topic, int partitions, Duration timeout) throws Exception {
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
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
            .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new WorkloadException("kafka_topic", "cannot create topic " + topic + " on " + bootstrap + ": "
              + e.getCause().getMessage());
        }
      }
      return admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .get(topic).partitions().size();
    }
  }
}
