package io.streamkd.model.feature;


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
    return io.streamkd.model.config.FlagEnums.flagValue(this);
  }

  public static NumericTransform parse(String s) {
    return io.streamkd.model.config.FlagEnums.parse(NumericTransform.class, s, "numeric transform");
  }
}
