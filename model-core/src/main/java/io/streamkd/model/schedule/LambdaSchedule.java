package io.streamkd.model.schedule;


/**
 * The distillation weight λ as a pure function of the training step, so that a job restored from a
 * checkpoint continues the same curve. An early teacher is still poor, so λ usually ramps up.
 *
 * @param kind the curve
 * @param max λ once ramped up (λ for {@link Kind#CONSTANT})
 * @param delaySteps steps at λ = 0 before the ramp starts (the switch step for {@link Kind#STEP})
 * @param rampSteps steps from 0 to max for {@link Kind#LINEAR}; the width of the {@link Kind#SIGMOID}
 *     ramp, centred at delay + ramp/2 and reaching ~99.3% of max at its end
 */
public record LambdaSchedule(Kind kind, double max, long delaySteps, long rampSteps) {

  /** The schedule curves. */
  public enum Kind {
    /** λ = max at every step. */
    CONSTANT,
    /** 0 until delay, then a straight line to max over ramp steps. */
    LINEAR,
    /** 0 until delay, then max: what Privileged Features Distillation (KDD 2020) published. */
    STEP,
    /** A logistic curve from 0 to max, centred at delay + ramp/2. */
    SIGMOID;

    public String flagValue() {
      return io.streamkd.model.config.FlagEnums.flagValue(this);
    }

    public static Kind parse(String s) {
      return io.streamkd.model.config.FlagEnums.parse(Kind.class, s, "lambda schedule");
    }
  }

  public LambdaSchedule {
    if (kind == null) {
      throw new IllegalArgumentException("lambda schedule kind must be set");
    }
    if (!(max >= 0) || Double.isInfinite(max)) {
      throw new IllegalArgumentException("lambda max must be finite and >= 0 but was " + max);
    }
    if (delaySteps < 0) {
      throw new IllegalArgumentException("lambda delay steps must be >= 0 but was " + delaySteps);
    }
    if (rampSteps < 0 || ((kind == Kind.LINEAR || kind == Kind.SIGMOID) && rampSteps == 0)) {
      throw new IllegalArgumentException(
          "lambda ramp steps must be > 0 for " + kind.flagValue() + " but was " + rampSteps);
    }
  }

  public static LambdaSchedule constant(double lambda) {
    return new LambdaSchedule(Kind.CONSTANT, lambda, 0, 0);
  }

  public static LambdaSchedule linear(double max, long delay, long ramp) {
    return new LambdaSchedule(Kind.LINEAR, max, delay, ramp);
  }

  public static LambdaSchedule step(double max, long at) {
    return new LambdaSchedule(Kind.STEP, max, at, 0);
  }

  public static LambdaSchedule sigmoid(double max, long delay, long ramp) {
    return new LambdaSchedule(Kind.SIGMOID, max, delay, ramp);
  }

  /** λ at a training step (the number of batches trained before this one). */
  public double at(long step) {
    switch (kind) {
      case CONSTANT:
        return max;
      case STEP:
        return step < delaySteps ? 0.0 : max;
      case LINEAR:
        if (step <= delaySteps) {
          return 0.0;
        }
        return max * Math.min(1.0, (step - delaySteps) / (double) rampSteps);
      case SIGMOID: {
        if (step < delaySteps) {
          return 0.0;
        }
        double centre = delaySteps + rampSteps / 2.0;
        double z = 10.0 * (step - centre) / rampSteps;
        return max / (1.0 + Math.exp(-z));
      }
      default:
        throw new AssertionError(kind);
    }
  }

  @Override
  public String toString() {
    return kind.flagValue() + "(max=" + max + ", delay=" + delaySteps + ", ramp=" + rampSteps + ")";
  }
}
