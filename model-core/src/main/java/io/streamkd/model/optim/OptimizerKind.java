package io.streamkd.model.optim;

import java.util.Arrays;
import java.util.Locale;

/** The update rules. Dense groups take any; embeddings take {@link #SGD} or {@link #ADAGRAD} (sparse). */
public enum OptimizerKind {
  SGD(0),
  ADAGRAD(1),
  ADAM(2);

  private final int slots;

  OptimizerKind(int slots) {
    this.slots = slots;
  }

  /** Number of per-parameter state arrays (accumulators, moments) the rule keeps. */
  public int slots() {
    return slots;
  }

  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OptimizerKind parse(String s) {
    for (OptimizerKind k : values()) {
      if (k.flagValue().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown optimizer '" + s + "'. Supported: "
            + Arrays.stream(values()).map(OptimizerKind::flagValue).toList());
  }
}
