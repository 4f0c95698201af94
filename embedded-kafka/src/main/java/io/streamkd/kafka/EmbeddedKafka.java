package io.streamkd.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, broker and controller combined) in this JVM, listening on a free port
 * of 127.0.0.1, with its logs in a temporary directory deleted on {@link #close()}. Internal topics
 * (offsets, transactions, share-group state) use replication factor 1 so that transactions — the Flink
 * Kafka sink's exactly-once mode — work on one broker.
 */
public final class EmbeddedKafka implements AutoCloseable {
  /** The broker's limit on transaction timeouts; a producer asking for more is refused. */
  public static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
  /** Largest message the broker accepts; snapshots are chunked below it. */
  public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

  private final KafkaClusterTestKit cluster;
  private final Path dir;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path dir) {
    this.cluster = cluster;
    this.dir = dir;
  }

  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /**
   * @param brokerConfig extra broker settings, applied after the defaults
   */
  public static EmbeddedKafka start(Map<String, Object> brokerConfig) {
    Path dir;
    KafkaClusterTestKit cluster = null;
    try {
      dir = Files.createTempDirectory("streamkd-kafka-");
      TestKitNodes nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          .setBaseDirectory(dir)
          .build();
      KafkaClusterTestKit.Builder b = new KafkaClusterTestKit.Builder(nodes)
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("offsets.topic.num.partitions", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("transaction.state.log.num.partitions", "1")
          .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
          .setConfigProp("share.coordinator.state.topic.min.isr", "1")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .setConfigProp("transaction.max.timeout.ms", String.valueOf(MAX_TRANSACTION_TIMEOUT.toMillis()))
          .setConfigProp("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES))
          .setConfigProp("auto.create.topics.enable", "false")
          // Replays and tests send records stamped with past event times; time-based retention would delete
          // them 30 s after start-up (the first retention check). Keep everything: the broker is short-lived.
          .setConfigProp("log.retention.ms", "-1")
          .setDeleteOnClose(true);
      brokerConfig.forEach(b::setConfigProp);
      cluster = b.build();
      // The test kit's formatter prints its bootstrap records to stdout; keep the CLI's output clean.
      java.io.PrintStream stdout = System.out;
      System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      try {
        cluster.format();
      } finally {
        System.setOut(stdout);
      }
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster, dir);
    } catch (Exception e) {
      if (cluster != null) {
        try {
          cluster.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new IllegalStateException("could not start the embedded Kafka broker: " + e, e);
    }
  }

  /** host:port of the broker, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates topics (replication 1) and waits until they exist; existing topics are left alone. */
  public void createTopics(int partitions, String... topics) {
    createTopics(partitions, Map.of(), topics);
  }

  public void createTopics(int partitions, Map<String, String> topicConfig, String... topics) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      List<NewTopic> list = new ArrayList<>();
      for (String t : topics) {
        list.add(new NewTopic(t, partitions, (short) 1).configs(topicConfig));
      }
      try {
        admin.createTopics(list).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      // Metadata propagates asynchronously; wait until every topic is listed.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!admin.listTopics().names().get().containsAll(Set.of(topics))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topics " + List.of(topics) + " not visible after 30 s");
        }
        Thread.onSpinWait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create topics " + List.of(topics) + ": " + e.getCause(), e);
    }
  }

  public Path dataDirectory() {
    return dir;
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("error while stopping the embedded Kafka broker", e);
    }
  }
}
