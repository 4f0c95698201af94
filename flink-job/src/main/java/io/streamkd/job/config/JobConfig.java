package io.streamkd.job.config;

import io.streamkd.model.config.ConfigException;
import io.streamkd.model.config.OptionValues;
import io.streamkd.model.train.ModelConfig;
import io.streamkd.model.train.ModelOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated configuration of a training job. Serializable because Flink ships operators with it; the
 * model part travels as its flag text and is rebuilt (and so re-validated) where it is used.
 */
public final class JobConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<String, String> text;
  private transient OptionValues values;

  private JobConfig(Map<String, String> text) {
    this.text = new LinkedHashMap<>(text);
  }

  /** Parses flags; a bad flag or value fails here, at start-up, naming the flag. */
  public static JobConfig parse(String... args) {
    return validated(OptionValues.parse(JobOptions.all(), args));
  }

  public static JobConfig fromMap(Map<String, String> flags) {
    return validated(OptionValues.fromMap(JobOptions.all(), flags));
  }

  private static JobConfig validated(OptionValues v) {
    JobConfig c = new JobConfig(v.asText());
    c.values = v;
    ModelOptions.toConfig(v); // validates the model flags as a whole
    if (v.get(JobOptions.TRANSACTION_TIMEOUT).compareTo(Duration.ofMinutes(15)) > 0) {
      throw new ConfigException("--transaction-timeout must be <= 15m (the broker's default "
          + "transaction.max.timeout.ms) but was " + v.get(JobOptions.TRANSACTION_TIMEOUT));
    }
    if (v.get(JobOptions.SNAPSHOT_EVERY_STEPS) == 0 && v.get(JobOptions.SNAPSHOT_INTERVAL).isZero()) {
      throw new ConfigException(
          "--snapshot-every-steps and --snapshot-interval are both 0: no snapshot would ever be published");
    }
    return c;
  }

  private OptionValues values() {
    if (values == null) {
      values = OptionValues.fromMap(JobOptions.all(), text);
    }
    return values;
  }

  public <T> T get(io.streamkd.model.config.Option<T> option) {
    return values().get(option);
  }

  public ModelConfig model() {
    return ModelOptions.toConfig(values());
  }

  /** Every flag as text (defaults included): the provenance snapshots carry. */
  public Map<String, String> asText() {
    return new LinkedHashMap<>(text);
  }

  /** A copy with some flags changed. */
  public JobConfig with(Map<String, String> overrides) {
    Map<String, String> m = new LinkedHashMap<>(text);
    m.putAll(overrides);
    return fromMap(m);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
