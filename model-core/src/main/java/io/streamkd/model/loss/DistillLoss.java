package io.streamkd.model.loss;

import io.streamkd.model.nn.Kernels;

/**
 * The distillation losses between the student logit z_s and the teacher logit z_t, at temperature T. The
 * probabilistic ones are multiplied by T² so that their gradients keep the same scale whatever T (Hinton,
 * Vinyals, Dean, "Distilling the Knowledge in a Neural Network", 2015). Each gives its gradient with respect
 * to both logits; the trainer uses the teacher one only when gradient blocking is off.
 */
public enum DistillLoss {
  /** T²·BCE(σ(z_s/T); target σ(z_t/T)): Hinton's soft labels for a binary task. */
  SOFT_BCE,
  /** ½(z_s − z_t)²: matching logits, Rocket Launching's hint loss (Zhou et al., AAAI 2018). */
  MSE,
  /** T²·KL(p_t ‖ p_s) of the Bernoulli distributions: same gradient in z_s as SOFT_BCE, zero at a match. */
  KL,
  /** T²·Jensen–Shannon divergence of p_t and p_s: bounded, symmetric. */
  JS;

  public String flagValue() {
    return io.streamkd.model.config.FlagEnums.flagValue(this);
  }

  public static DistillLoss parse(String s) {
    return io.streamkd.model.config.FlagEnums.parse(DistillLoss.class, s, "distill loss");
  }

  /** log σ(a), stable. */
  private static double logSigmoid(double a) {
    return -Kernels.softplus(-a);
  }

  public double value(float zs, float zt, float t) {
    double as = zs / (double) t;
    double at = zt / (double) t;
    double t2 = (double) t * t;
    switch (this) {
      case MSE:
        return 0.5 * (zs - (double) zt) * (zs - (double) zt);
      case SOFT_BCE: {
        double pt = Kernels.sigmoid((float) at);
        return t2 * (Kernels.softplus(as) - pt * as);
      }
      case KL: {
        double pt = 1.0 / (1.0 + Math.exp(-at));
        double kl = pt * (logSigmoid(at) - logSigmoid(as))
            + (1 - pt) * (logSigmoid(-at) - logSigmoid(-as));
        return t2 * kl;
      }
      case JS: {
        double pt = 1.0 / (1.0 + Math.exp(-at));
        double ps = 1.0 / (1.0 + Math.exp(-as));
        double m = clampProb(0.5 * (pt + ps));
        double logM = Math.log(m);
        double log1mM = Math.log1p(-m);
        double klT = pt * (logSigmoid(at) - logM) + (1 - pt) * (logSigmoid(-at) - log1mM);
        double klS = ps * (logSigmoid(as) - logM) + (1 - ps) * (logSigmoid(-as) - log1mM);
        return t2 * 0.5 * (klT + klS);
      }
      default:
        throw new AssertionError(this);
    }
  }

  /** dL/dz_s. */
  public float gradStudent(float zs, float zt, float t) {
    switch (this) {
      case MSE:
        return zs - zt;
      case SOFT_BCE:
      case KL:
        return t * (Kernels.sigmoid(zs / t) - Kernels.sigmoid(zt / t));
      case JS:
        return jsGradient(zs, zt, t);
      default:
        throw new AssertionError(this);
    }
  }

  /** dL/dz_t, used only when gradient blocking is off. */
  public float gradTeacher(float zs, float zt, float t) {
    switch (this) {
      case MSE:
        return zt - zs;
      case SOFT_BCE: {
        double pt = Kernels.sigmoid(zt / t);
        return (float) (-zs * pt * (1 - pt));
      }
      case KL: {
        double pt = Kernels.sigmoid(zt / t);
        return (float) ((zt - (double) zs) * pt * (1 - pt));
      }
      case JS:
        return jsGradient(zt, zs, t); // JS is symmetric: the same formula with the roles swapped
      default:
        throw new AssertionError(this);
    }
  }

  /** d JS / d z_self = T · ½ · (z_self/T − logit(m)) · p_self (1 − p_self), with m the mean probability. */
  private static float jsGradient(float zSelf, float zOther, float t) {
    double p = Kernels.sigmoid(zSelf / t);
    double q = Kernels.sigmoid(zOther / t);
    double m = clampProb(0.5 * (p + q));
    double logitM = Math.log(m) - Math.log1p(-m);
    return (float) (t * 0.5 * (zSelf / (double) t - logitM) * p * (1 - p));
  }

  private static double clampProb(double p) {
    return Math.min(1 - 1e-12, Math.max(1e-12, p));
  }
}
