package io.streamkd.job.config;

import io.streamkd.model.config.Option;
import io.streamkd.model.train.ModelOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The flags of the training job, with their defaults: the one place job defaults are written. */
public final class JobOptions {
  private JobOptions() {}

  public static final Option<String> BOOTSTRAP_SERVERS =
      Option.string("bootstrap-servers", "localhost:9092", "Kafka bootstrap servers (host:port,...)");
  public static final Option<String> IMPRESSIONS_TOPIC =
      Option.string("impressions-topic", "impressions", "topic of ImpressionEvent records");
  public static final Option<String> CLICKS_TOPIC =
      Option.string("clicks-topic", "clicks", "topic of ClickEvent records");
  public static final Option<String> SNAPSHOTS_TOPIC =
      Option.string("snapshots-topic", "student-snapshots", "topic the student snapshots are published to");
  public static final Option<String> DEAD_LETTERS_TOPIC =
      Option.string("dead-letters-topic", "dead-letters", "topic of undecodable input records, with reasons");
  public static final Option<String> UNATTRIBUTED_CLICKS_TOPIC = Option.string("unattributed-clicks-topic",
      "unattributed-clicks", "topic of clicks that could not be attributed (orphan or late)");
  public static final Option<String> GROUP_ID =
      Option.string("group-id", "streamkd-trainer", "Kafka consumer group id (offsets live in checkpoints)");
  public static final Option<String> STARTING_OFFSETS = Option.choice("starting-offsets", "earliest",
      "where to start without a checkpoint: earliest | latest | committed", "earliest", "latest", "committed");
  public static final Option<Boolean> BOUNDED = Option.bool("bounded", false,
      "stop once the offsets that were latest at start-up are consumed (replays, tests, benchmarks)");
  public static final Option<String> DEFAULT_MODEL_ID =
      Option.string("model-id", "ctr", "model trained on impressions that name no model_id");
  public static final Option<Duration> ATTRIBUTION_WINDOW = Option.duration("attribution-window",
      Duration.ofSeconds(30), "a click within this event time after its impression makes it positive");
  public static final Option<String> EMIT_POSITIVES = Option.choice("emit-positives", "immediately",
      "immediately (lowest label latency) | at-window-close (labels leave in event-time order: use it to replay "
          + "backlogs)", "immediately", "at-window-close");
  public static final Option<Duration> LATE_CLICK_GRACE = Option.duration("late-click-grace",
      Duration.ofSeconds(30), "how long a finished impression is remembered to recognise late and duplicate clicks");
  public static final Option<Duration> OUT_OF_ORDERNESS = Option.duration("out-of-orderness",
      Duration.ofSeconds(5), "bounded out-of-orderness of event time (watermark lag)");
  public static final Option<Duration> IDLENESS = Option.duration("idleness", Duration.ofSeconds(10),
      "a partition or topic silent this long stops holding back the watermark");
  public static final Option<Duration> SOURCE_MAX_DRIFT = Option.duration("source-max-drift", Duration.ZERO,
      "watermark alignment: a topic reading more than this ahead (by Kafka record timestamp) of the other pauses "
          + "(0 = off; unbounded jobs only: flink-connector-kafka 5.0.0-2.2 fails when a bounded split finishes "
          + "during a pause, FLINK-39728)");
  public static final Option<Integer> BATCH_SIZE =
      Option.integer("batch-size", 256, 1, "examples per training mini-batch");
  public static final Option<Duration> BATCH_MAX_WAIT = Option.duration("batch-max-wait",
      Duration.ofSeconds(2), "train a partial batch after waiting this long (processing time)");
  public static final Option<Integer> SNAPSHOT_EVERY_STEPS = Option.integer("snapshot-every-steps", 500, 0,
      "publish a student snapshot every N training steps (0 = only by time)");
  public static final Option<Duration> SNAPSHOT_INTERVAL = Option.duration("snapshot-interval",
      Duration.ofSeconds(30), "publish a student snapshot at least this often while training (0 = only by steps)");
  public static final Option<Integer> SNAPSHOT_CHUNK_BYTES = Option.integer("snapshot-chunk-bytes", 512 * 1024,
      1024, "largest parameter payload per snapshot message; bigger snapshots are chunked");
  public static final Option<String> STATE_BACKEND = Option.choice("state-backend", "rocksdb",
      "where keyed state lives: rocksdb (embedding tables larger than memory) | hashmap", "rocksdb", "hashmap");
  public static final Option<Duration> CHECKPOINT_INTERVAL = Option.duration("checkpoint-interval",
      Duration.ofSeconds(10), "exactly-once checkpoint interval; snapshots become visible when one completes");
  public static final Option<String> CHECKPOINT_DIR = Option.string("checkpoint-dir",
      "file:///tmp/streamkd/checkpoints", "checkpoint storage URI");
  public static final Option<Integer> PARALLELISM = Option.integer("parallelism", 1, 1,
      "job parallelism (one model trains on one subtask; more parallelism speeds the join and decoding)");
  public static final Option<Integer> EMBEDDING_CACHE_ROWS = Option.integer("embedding-cache-rows", 200_000, 0,
      "embedding rows cached on the heap between checkpoints (write-back); bounds heap, not table size");
  public static final Option<Duration> TRANSACTION_TIMEOUT = Option.duration("transaction-timeout",
      Duration.ofMinutes(10), "Kafka transaction timeout of the exactly-once sinks (<= the broker maximum, 15m by default)");
  public static final Option<Boolean> BASELINE_STUDENT = Option.bool("baseline-student", false,
      "also train the student alone (no teacher, no privileged field) on the same batches and publish its "
          + "progressive AUC in every snapshot: what distillation adds, measured live");
  public static final Option<Integer> FAIL_AFTER_BATCHES = Option.integer("fail-after-batches", 0, 0,
      "testing: fail the trainer once after this many batches, to exercise recovery (0 = never)");

  public static final List<Option<?>> JOB = List.of(BOOTSTRAP_SERVERS, IMPRESSIONS_TOPIC, CLICKS_TOPIC,
      SNAPSHOTS_TOPIC, DEAD_LETTERS_TOPIC, UNATTRIBUTED_CLICKS_TOPIC, GROUP_ID, STARTING_OFFSETS, BOUNDED,
      DEFAULT_MODEL_ID, ATTRIBUTION_WINDOW, EMIT_POSITIVES, LATE_CLICK_GRACE, OUT_OF_ORDERNESS, IDLENESS, SOURCE_MAX_DRIFT, BATCH_SIZE,
      BATCH_MAX_WAIT, SNAPSHOT_EVERY_STEPS, SNAPSHOT_INTERVAL, SNAPSHOT_CHUNK_BYTES, STATE_BACKEND,
      CHECKPOINT_INTERVAL, CHECKPOINT_DIR, PARALLELISM, EMBEDDING_CACHE_ROWS, TRANSACTION_TIMEOUT,
      BASELINE_STUDENT, FAIL_AFTER_BATCHES);

  /** Job and model flags together. */
  public static List<Option<?>> all() {
    List<Option<?>> all = new ArrayList<>(JOB);
    all.addAll(ModelOptions.ALL);
    return all;
  }
}
