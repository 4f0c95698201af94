package io.streamkd.job.it;

import io.streamkd.job.StreamKdJob;
import io.streamkd.job.config.JobConfig;
import io.streamkd.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Builds job configurations and MiniCluster environments for the integration tests. */
final class JobHarness {
  static final String[] TOPICS = {"impressions", "clicks", "student-snapshots", "dead-letters",
      "unattributed-clicks"};

  private JobHarness() {}

  static void createTopics(EmbeddedKafka kafka) {
    kafka.createTopics(2, "impressions", "clicks");
    kafka.createTopics(1, "student-snapshots", "dead-letters", "unattributed-clicks");
  }

  static Map<String, String> flags(EmbeddedKafka kafka, Path checkpoints) {
    Map<String, String> f = new HashMap<>();
    f.put("bootstrap-servers", kafka.bootstrapServers());
    f.put("bounded", "true");
    f.put("checkpoint-dir", checkpoints.toUri().toString());
    f.put("checkpoint-interval", "500ms");
    f.put("batch-size", "64");
    f.put("batch-max-wait", "200ms");
    f.put("snapshot-every-steps", "40");
    f.put("snapshot-interval", "1s");
    f.put("attribution-window", "3s");
    f.put("late-click-grace", "1s");
    f.put("out-of-orderness", "1s");
    f.put("idleness", "2s");
    f.put("lambda-ramp-steps", "40");
    f.put("parallelism", "2");
    f.put("state-backend", "rocksdb");
    f.put("transaction-timeout", "1m");
    return f;
  }

  /** A MiniCluster environment with the job's settings and a bounded restart strategy (never hang a build). */
  static StreamExecutionEnvironment environment(JobConfig cfg, Map<String, String> extra) {
    Configuration c = StreamKdJob.configuration(cfg);
    c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofMillis(200));
    extra.forEach(c::setString);
    return StreamExecutionEnvironment.getExecutionEnvironment(c);
  }
}
