package io.streamkd.job;

import io.streamkd.job.config.JobConfig;
import io.streamkd.job.config.JobOptions;
import io.streamkd.job.publish.AvroRecordSerializer;
import io.streamkd.job.source.RawRecord;
import io.streamkd.job.source.RawRecordDeserializer;
import io.streamkd.model.config.ConfigException;
import io.streamkd.model.config.OptionValues;
import io.streamkd.schemas.ClickEvent;
import io.streamkd.schemas.DeadLetter;
import io.streamkd.schemas.StudentSnapshot;
import io.streamkd.schemas.wire.Codecs;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Entry point of the training job: {@code flink run streamkd-flink-job.jar [flags]} on a cluster, or
 * {@link #execute} in-process on a MiniCluster (the demo and the tests). Parses and validates the flags,
 * wires Kafka to {@link TrainingPipeline} and runs it.
 */
public final class StreamKdJob {
  public static final String NAME = "StreamKD joint teacher-student training";

  private StreamKdJob() {}

  public static void main(String[] args) throws Exception {
    OptionValues probe;
    try {
      probe = OptionValues.parse(JobOptions.all(), args);
    } catch (ConfigException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println("Run with --help for the options.");
      System.exit(2);
      return;
    }
    if (probe.helpRequested()) {
      System.out.println(usage());
      return;
    }
    JobConfig cfg = JobConfig.parse(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(cfg));
    build(env, cfg);
    env.execute(NAME);
  }

  public static String usage() {
    return OptionValues.usage("streamkd train",
        "Consumes impressions and clicks from Kafka, joins them into labeled examples, trains a teacher and a\n"
            + "student jointly (knowledge distillation, shared embeddings) with all state in Flink keyed state,\n"
            + "and publishes student snapshots to Kafka, exactly once.",
        JobOptions.all());
  }

  /** The Flink settings the flags imply: state backend, checkpoints, no Kryo fallback, restarts. */
  public static Configuration configuration(JobConfig cfg) {
    Configuration c = new Configuration();
    c.set(StateBackendOptions.STATE_BACKEND, cfg.get(JobOptions.STATE_BACKEND));
    c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, cfg.get(JobOptions.CHECKPOINT_DIR));
    c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    // Join timers on the heap: one per pending impression (rate × attribution window, bounded), and a RocksDB
    // timer costs a write and a seek per impression on the hottest path of the job.
    c.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
    c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, cfg.get(JobOptions.CHECKPOINT_INTERVAL));
    c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    c.set(PipelineOptions.GENERIC_TYPES, false);
    c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    c.set(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM, cfg.get(JobOptions.PARALLELISM));
    return c;
  }

  /** Adds the Kafka-to-Kafka job to an environment; returns its streams for callers that tap them. */
  public static TrainingPipeline.Outputs build(StreamExecutionEnvironment env, JobConfig cfg) {
    DataStream<RawRecord> impressions = env.fromSource(source(cfg, cfg.get(JobOptions.IMPRESSIONS_TOPIC)),
            sourceWatermarks(cfg), "impressions")
        .uid("impressions-source");
    DataStream<RawRecord> clicks = env.fromSource(source(cfg, cfg.get(JobOptions.CLICKS_TOPIC)),
            sourceWatermarks(cfg), "clicks")
        .uid("clicks-source");
    TrainingPipeline.Outputs out = TrainingPipeline.build(cfg, impressions, clicks);

    out.snapshots().sinkTo(sink(cfg, "snapshots", new AvroRecordSerializer<StudentSnapshot>(
            cfg.get(JobOptions.SNAPSHOTS_TOPIC), () -> Codecs.SNAPSHOT, StudentSnapshot::getModelId)))
        .name("snapshots to kafka").uid("snapshots-sink");
    out.deadLetters().sinkTo(sink(cfg, "dead-letters", new AvroRecordSerializer<DeadLetter>(
            cfg.get(JobOptions.DEAD_LETTERS_TOPIC), () -> Codecs.DEAD_LETTER, DeadLetter::getSourceTopic)))
        .name("dead letters to kafka").uid("dead-letters-sink");
    out.unattributedClicks().sinkTo(sink(cfg, "unattributed", new AvroRecordSerializer<ClickEvent>(
            cfg.get(JobOptions.UNATTRIBUTED_CLICKS_TOPIC), () -> Codecs.CLICK, ClickEvent::getImpressionId)))
        .name("unattributed clicks to kafka").uid("unattributed-clicks-sink");
    return out;
  }

  /**
   * Source-level watermarks from the Kafka record timestamps, only to align the two topics: when one topic
   * has a backlog (a replay, or catching up after an outage) it would otherwise be read far ahead of the
   * other, the join would emit all positives of a period long before its negatives, and the trainer would
   * learn from label clumps. Alignment pauses the topic that runs ahead. Event time proper comes from the
   * payload, assigned after decoding ({@link TrainingPipeline}).
   */
  private static WatermarkStrategy<RawRecord> sourceWatermarks(JobConfig cfg) {
    java.time.Duration drift = cfg.get(JobOptions.SOURCE_MAX_DRIFT);
    // Off for bounded runs: the Kafka connector throws "No current assignment for partition" when a split
    // finishes while alignment pauses it (FLINK-39728, fixed after flink-connector-kafka 5.0.0-2.2).
    if (drift.isZero() || cfg.get(JobOptions.BOUNDED)) {
      return WatermarkStrategy.noWatermarks();
    }
    return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(cfg.get(JobOptions.OUT_OF_ORDERNESS))
        .withTimestampAssigner((r, ts) -> r.timestamp)
        .withIdleness(cfg.get(JobOptions.IDLENESS))
        .withWatermarkAlignment("streamkd-inputs", drift, java.time.Duration.ofMillis(200));
  }

  private static KafkaSource<RawRecord> source(JobConfig cfg, String topic) {
    OffsetsInitializer start = switch (cfg.get(JobOptions.STARTING_OFFSETS)) {
      case "latest" -> OffsetsInitializer.latest();
      case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
      default -> OffsetsInitializer.earliest();
    };
    var b = KafkaSource.<RawRecord>builder()
        .setBootstrapServers(cfg.get(JobOptions.BOOTSTRAP_SERVERS))
        .setTopics(topic)
        .setGroupId(cfg.get(JobOptions.GROUP_ID))
        .setStartingOffsets(start)
        .setDeserializer(new RawRecordDeserializer())
        // read_committed: never train on records of an aborted producer transaction.
        .setProperty("isolation.level", "read_committed")
        .setProperty("partition.discovery.interval.ms", "30000");
    if (cfg.get(JobOptions.BOUNDED)) {
      b.setBounded(OffsetsInitializer.latest());
    }
    return b.build();
  }

  private static <T> KafkaSink<T> sink(
      JobConfig cfg, String name, org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<T> ser) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(cfg.get(JobOptions.BOOTSTRAP_SERVERS))
        .setRecordSerializer(ser)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(cfg.get(JobOptions.GROUP_ID) + "-" + name)
        .setProperty("transaction.timeout.ms", String.valueOf(cfg.get(JobOptions.TRANSACTION_TIMEOUT).toMillis()))
        .setProperty("max.request.size", String.valueOf(cfg.get(JobOptions.SNAPSHOT_CHUNK_BYTES) + 256 * 1024))
        .build();
  }
}
