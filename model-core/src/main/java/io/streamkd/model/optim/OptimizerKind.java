package io.streamkd.model.optim;


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
    return io.streamkd.model.config.FlagEnums.flagValue(this);
  }

  public static OptimizerKind parse(String s) {
    return io.streamkd.model.config.FlagEnums.parse(OptimizerKind.class, s, "optimizer");
  }
}
