package io.streamkd.model.train;


/** How λ weighs the student's two losses. */
public enum Weighting {
  /** L_student + λ·L_distill (Hinton et al.; Rocket Launching). */
  ADDITIVE,
  /** (1 − λ)·L_student + λ·L_distill (Privileged Features Distillation, KDD 2020). λ must stay ≤ 1. */
  CONVEX;

  public String flagValue() {
    return io.streamkd.model.config.FlagEnums.flagValue(this);
  }

  public static Weighting parse(String s) {
    return io.streamkd.model.config.FlagEnums.parse(Weighting.class, s, "weighting");
  }
}
