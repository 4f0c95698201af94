package io.streamkd.serving;

import io.streamkd.model.snapshot.SnapshotAssembler;
import io.streamkd.schemas.StudentSnapshot;
import io.streamkd.schemas.wire.Codecs;
import io.streamkd.schemas.wire.DecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the snapshot topic and keeps the {@link ModelRegistry} current. On start it reads the topic from
 * the beginning ({@code read_committed}: never a snapshot of an aborted training transaction), so the
 * newest complete snapshot of every model id is loaded; {@link #awaitCaughtUp} returns once the offsets
 * that were the end at start-up are reached. Then it keeps polling and hot-swaps each newer snapshot.
 *
 * <p>A chunk that does not decode, a snapshot with a bad checksum, an unknown format version, a Kafka key
 * that is not its model id, or a version not newer than the served one is rejected: counted by reason,
 * logged with the reason, and the current model keeps serving. Runs on its own thread; scoring never
 * waits for it.
 */
public final class SnapshotFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotFollower.class);

  private final String topic;
  private final ModelRegistry registry;
  private final ServingMetrics metrics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final SnapshotAssembler assembler = new SnapshotAssembler();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  public SnapshotFollower(String bootstrapServers, String topic, ModelRegistry registry, ServingMetrics metrics) {
    this.topic = topic;
    this.registry = registry;
    this.metrics = metrics;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024),
        ConsumerConfig.CLIENT_ID_CONFIG, "streamkd-serving-" + ProcessHandle.current().pid()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "snapshot-follower");
    this.thread.setDaemon(true);
  }

  public SnapshotFollower start() {
    thread.start();
    return this;
  }

  /** Waits until the snapshots present at start-up are loaded; false on timeout. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean caughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** The error that stopped the follower, if any. */
  public Throwable failure() {
    return failure;
  }

  private List<TopicPartition> partitions() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (running) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> tps = new ArrayList<>();
        infos.forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
        return tps;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("snapshot topic '" + topic + "' does not exist (waited 60 s)");
      }
    }
    return List.of();
  }

  private void run() {
    try {
      List<TopicPartition> tps = partitions();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          handle(r);
        }
        if (caughtUp.getCount() > 0 && end.entrySet().stream()
            .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          caughtUp.countDown();
          LOG.info("snapshot follower caught up: {} model(s) loaded", registry.all().size());
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("snapshot follower stopped: {}", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> r) {
    StudentSnapshot chunk;
    try {
      chunk = Codecs.SNAPSHOT.decode(r.value());
    } catch (DecodeException e) {
      reject("undecodable", r, e.getMessage());
      return;
    }
    if (r.key() != null && !new String(r.key(), StandardCharsets.UTF_8).equals(chunk.getModelId())) {
      reject("key_mismatch", r, "Kafka key '" + new String(r.key(), StandardCharsets.UTF_8)
          + "' is not the snapshot's model id '" + chunk.getModelId() + "'");
      return;
    }
    SnapshotAssembler.Assembled done;
    try {
      var complete = assembler.add(chunk);
      if (complete.isEmpty()) {
        return;
      }
      done = complete.get();
    } catch (SnapshotAssembler.RejectedSnapshotException e) {
      reject(e.getMessage().contains("checksum") ? "checksum" : "invalid", r, e.getMessage());
      return;
    }
    StudentSnapshot meta = StudentSnapshot.newBuilder(done.metadata()).setParameters(ByteBuffer.allocate(0)).build();
    LoadedModel candidate = new LoadedModel(done.model(), meta, Instant.now());
    if (registry.swapIfNewer(candidate)) {
      metrics.snapshotsLoaded.increment();
      LOG.info("serving model {} version {} (step {}, {} rows)", meta.getModelId(), meta.getModelVersion(),
          meta.getTrainingStep(), done.model().rowCount());
    } else {
      long current = registry.get(meta.getModelId()).map(LoadedModel::version).orElse(-1L);
      reject("not_newer", r, "snapshot " + meta.getSnapshotId() + " version " + meta.getModelVersion()
          + " is not newer than the served version " + current);
    }
  }

  private void reject(String kind, ConsumerRecord<byte[], byte[]> r, String reason) {
    metrics.rejected(kind);
    LOG.warn("rejected snapshot record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
