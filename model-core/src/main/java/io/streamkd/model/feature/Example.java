package io.streamkd.model.feature;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One labeled training example (or, with any label, one example to score). Fields are looked up by name;
 * a field the {@link FeatureSpec} names but the example lacks is simply missing (a zero input), never an
 * error, and so is a field the spec does not know.
 */
public final class Example {
  private final float label;
  private final float weight;
  private final long eventTime;
  private final Map<String, List<String>> categorical;
  private final Map<String, Float> numeric;

  public Example(
      float label,
      float weight,
      long eventTime,
      Map<String, List<String>> categorical,
      Map<String, Float> numeric) {
    if (!(label == 0f || label == 1f)) {
      throw new IllegalArgumentException("label must be 0 or 1 but was " + label);
    }
    if (!(weight >= 0f) || Float.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be finite and >= 0 but was " + weight);
    }
    this.label = label;
    this.weight = weight;
    this.eventTime = eventTime;
    this.categorical = Objects.requireNonNull(categorical, "categorical");
    this.numeric = Objects.requireNonNull(numeric, "numeric");
  }

  public static Builder builder() {
    return new Builder();
  }

  public float label() {
    return label;
  }

  public float weight() {
    return weight;
  }

  public long eventTime() {
    return eventTime;
  }

  public Map<String, List<String>> categorical() {
    return categorical;
  }

  public Map<String, Float> numeric() {
    return numeric;
  }

  /** A copy with another label (the attribution join decides labels after the features are known). */
  public Example withLabel(float newLabel) {
    return new Example(newLabel, weight, eventTime, categorical, numeric);
  }

  @Override
  public String toString() {
    return "Example{label=" + label + ", w=" + weight + ", t=" + eventTime + ", cat=" + categorical
        + ", num=" + numeric + "}";
  }

  /** Fluent builder for tests, generators and parsers. */
  public static final class Builder {
    private float label;
    private float weight = 1f;
    private long eventTime;
    private final Map<String, List<String>> categorical = new HashMap<>();
    private final Map<String, Float> numeric = new HashMap<>();

    public Builder label(float label) {
      this.label = label;
      return this;
    }

    public Builder label(boolean positive) {
      this.label = positive ? 1f : 0f;
      return this;
    }

    public Builder weight(float weight) {
      this.weight = weight;
      return this;
    }

    public Builder eventTime(long eventTime) {
      this.eventTime = eventTime;
      return this;
    }

    public Builder cat(String field, String... values) {
      categorical.put(field, List.of(values));
      return this;
    }

    public Builder cat(String field, List<String> values) {
      categorical.put(field, List.copyOf(values));
      return this;
    }

    public Builder num(String field, float value) {
      numeric.put(field, value);
      return this;
    }

    public Example build() {
      return new Example(label, weight, eventTime, Map.copyOf(categorical), Map.copyOf(numeric));
    }
  }
}
