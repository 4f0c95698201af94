package io.streamkd.model.feature;

import java.util.Arrays;
import java.util.Locale;

/** How a numeric field is transformed before it enters a network. */
public enum NumericTransform {
  /** The raw value. */
  NONE,
  /** sign(x)·log(1+|x|): tames counts and durations with heavy tails. */
  LOG1P,
  /** (x − running mean) / running standard deviation. */
  STANDARDIZE,
  /** log1p first, then running standardisation. */
  LOG1P_STANDARDIZE;

  public boolean standardizes() {
    return this == STANDARDIZE || this == LOG1P_STANDARDIZE;
  }

  /** The part of the transform that needs no statistics. */
  public float preTransform(float x) {
    if (this == LOG1P || this == LOG1P_STANDARDIZE) {
      return (float) (Math.signum(x) * Math.log1p(Math.abs(x)));
    }
    return x;
  }

  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NumericTransform parse(String s) {
    for (NumericTransform t : values()) {
      if (t.flagValue().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown numeric transform '"
            + s
            + "'. Supported: "
            + Arrays.stream(values()).map(NumericTransform::flagValue).toList());
  }
}
