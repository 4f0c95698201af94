package io.streamkd.model.train;

import java.util.Arrays;
import java.util.Locale;

/** How λ weighs the student's two losses. */
public enum Weighting {
  /** L_student + λ·L_distill (Hinton et al.; Rocket Launching). */
  ADDITIVE,
  /** (1 − λ)·L_student + λ·L_distill (Privileged Features Distillation, KDD 2020). λ must stay ≤ 1. */
  CONVEX;

  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Weighting parse(String s) {
    for (Weighting w : values()) {
      if (w.flagValue().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "unknown weighting '" + s + "'. Supported: "
            + Arrays.stream(values()).map(Weighting::flagValue).toList());
  }
}
