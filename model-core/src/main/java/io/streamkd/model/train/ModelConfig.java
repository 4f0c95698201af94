package io.streamkd.model.train;

import io.streamkd.model.feature.FeatureSpec;
import io.streamkd.model.loss.DistillLoss;
import io.streamkd.model.optim.OptimizerConfig;
import io.streamkd.model.optim.OptimizerKind;
import io.streamkd.model.schedule.LambdaSchedule;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything that defines a joint teacher/student model and how it trains. Immutable; build it with {@link
 * #builder(FeatureSpec)} (defaults are those of {@link ModelOptions}, the single place they are written) or
 * from flags with {@link ModelOptions#toConfig}.
 */
public final class ModelConfig {
  private final FeatureSpec features;
  private final int embeddingDim;
  private final long hashBuckets;
  private final int minCount;
  private final float embeddingInitScale;
  private final int teacherCrossLayers;
  private final int[] teacherMlp;
  private final int[] teacherCin;
  private final int[] studentMlp;
  private final DistillLoss distillLoss;
  private final float temperature;
  private final LambdaSchedule lambda;
  private final Weighting weighting;
  private final float hintWeight;
  private final boolean gradientBlocking;
  private final boolean studentStopsAtShared;
  private final OptimizerConfig teacherOptimizer;
  private final OptimizerConfig studentOptimizer;
  private final OptimizerConfig embeddingOptimizer;
  private final long seed;
  private final boolean studentOnly;
  private final float priorCtr;

  private ModelConfig(Builder b) {
    this.features = Objects.requireNonNull(b.features, "features");
    this.embeddingDim = b.embeddingDim;
    this.hashBuckets = b.hashBuckets;
    this.minCount = b.minCount;
    this.embeddingInitScale = b.embeddingInitScale;
    this.teacherCrossLayers = b.teacherCrossLayers;
    this.teacherMlp = b.teacherMlp.clone();
    this.teacherCin = b.teacherCin.clone();
    this.studentMlp = b.studentMlp.clone();
    this.distillLoss = b.distillLoss;
    this.temperature = b.temperature;
    this.lambda = b.lambda;
    this.weighting = b.weighting;
    this.hintWeight = b.hintWeight;
    this.gradientBlocking = b.gradientBlocking;
    this.studentStopsAtShared = b.studentStopsAtShared;
    this.teacherOptimizer = b.teacherOptimizer;
    this.studentOptimizer = b.studentOptimizer;
    this.embeddingOptimizer = b.embeddingOptimizer;
    this.seed = b.seed;
    this.studentOnly = b.studentOnly;
    this.priorCtr = b.priorCtr;
    validate();
  }

  private void validate() {
    check(embeddingDim >= 1 && embeddingDim <= 1024, "embedding-dim", "must be in [1, 1024]", embeddingDim);
    check(hashBuckets >= 0 && hashBuckets < (1L << 56), "hash-buckets",
        "must be 0 (collision-free rows) or in [1, 2^56)", hashBuckets);
    check(minCount >= 1, "min-count", "must be >= 1", minCount);
    check(embeddingInitScale >= 0, "embedding-init-scale", "must be >= 0", embeddingInitScale);
    if (teacherCin.length > 0 && features.fields().stream().noneMatch(f -> f.categorical())) {
      throw new io.streamkd.model.config.ConfigException(
          "--teacher-cin needs categorical fields to interact; the feature spec has none");
    }
    check(teacherCrossLayers >= 0 && teacherCrossLayers <= 16, "teacher-cross-layers", "must be in [0, 16]",
        teacherCrossLayers);
    check(temperature > 0 && Float.isFinite(temperature), "temperature", "must be > 0", temperature);
    check(hintWeight >= 0 && Float.isFinite(hintWeight), "hint-weight", "must be >= 0", hintWeight);
    check(priorCtr >= 0 && priorCtr < 1, "prior-ctr", "must be in [0, 1)", priorCtr);
    if (weighting == Weighting.CONVEX && lambda.max() > 1.0) {
      throw new io.streamkd.model.config.ConfigException(
          "--lambda-max: the convex weighting (1-λ)·L_student + λ·L_distill needs λ <= 1 but lambda-max was "
              + lambda.max());
    }
    if (embeddingOptimizer.kind() == OptimizerKind.ADAM) {
      throw new io.streamkd.model.config.ConfigException(
          "--embedding-optimizer: adam is not supported for sparse embeddings. Supported: [sgd, adagrad]");
    }
  }

  private static void check(boolean ok, String flag, String rule, Object value) {
    if (!ok) {
      throw new io.streamkd.model.config.ConfigException("--" + flag + " " + rule + " but was " + value);
    }
  }

  public static Builder builder(FeatureSpec features) {
    return new Builder(features);
  }

  public Builder toBuilder() {
    Builder b = new Builder(features);
    b.embeddingDim = embeddingDim;
    b.hashBuckets = hashBuckets;
    b.minCount = minCount;
    b.embeddingInitScale = embeddingInitScale;
    b.teacherCrossLayers = teacherCrossLayers;
    b.teacherMlp = teacherMlp.clone();
    b.teacherCin = teacherCin.clone();
    b.studentMlp = studentMlp.clone();
    b.distillLoss = distillLoss;
    b.temperature = temperature;
    b.lambda = lambda;
    b.weighting = weighting;
    b.hintWeight = hintWeight;
    b.gradientBlocking = gradientBlocking;
    b.studentStopsAtShared = studentStopsAtShared;
    b.teacherOptimizer = teacherOptimizer;
    b.studentOptimizer = studentOptimizer;
    b.embeddingOptimizer = embeddingOptimizer;
    b.seed = seed;
    b.studentOnly = studentOnly;
    b.priorCtr = priorCtr;
    return b;
  }

  public FeatureSpec features() {
    return features;
  }

  public int embeddingDim() {
    return embeddingDim;
  }

  public long hashBuckets() {
    return hashBuckets;
  }

  public int minCount() {
    return minCount;
  }

  public float embeddingInitScale() {
    return embeddingInitScale;
  }

  public int teacherCrossLayers() {
    return teacherCrossLayers;
  }

  public int[] teacherMlp() {
    return teacherMlp.clone();
  }

  public int[] teacherCin() {
    return teacherCin.clone();
  }

  public int[] studentMlp() {
    return studentMlp.clone();
  }

  public DistillLoss distillLoss() {
    return distillLoss;
  }

  public float temperature() {
    return temperature;
  }

  public LambdaSchedule lambda() {
    return lambda;
  }

  public Weighting weighting() {
    return weighting;
  }

  public float hintWeight() {
    return hintWeight;
  }

  public boolean gradientBlocking() {
    return gradientBlocking;
  }

  public boolean studentStopsAtShared() {
    return studentStopsAtShared;
  }

  public OptimizerConfig teacherOptimizer() {
    return teacherOptimizer;
  }

  public OptimizerConfig studentOptimizer() {
    return studentOptimizer;
  }

  public OptimizerConfig embeddingOptimizer() {
    return embeddingOptimizer;
  }

  public long seed() {
    return seed;
  }

  /**
   * True for the "student alone" baseline: no teacher is trained or consulted, so the student learns from
   * the labels only (the comparison arm of {@code eval}).
   */
  public boolean studentOnly() {
    return studentOnly;
  }

  /** Initial click-through rate the output biases start at; 0 = bias 0. */
  public float priorCtr() {
    return priorCtr;
  }

  @Override
  public String toString() {
    return "ModelConfig{features=" + features + ", dim=" + embeddingDim + ", buckets=" + hashBuckets
        + ", teacher=cross" + teacherCrossLayers + "+mlp" + Arrays.toString(teacherMlp) + "+cin" + Arrays.toString(teacherCin) + ", student=mlp"
        + Arrays.toString(studentMlp) + ", distill=" + distillLoss.flagValue() + "@T" + temperature
        + ", lambda=" + lambda + ", weighting=" + weighting.flagValue() + ", hint=" + hintWeight
        + ", blocking=" + gradientBlocking + ", studentStopsAtShared=" + studentStopsAtShared
        + ", opt(t=" + teacherOptimizer + ", s=" + studentOptimizer + ", emb=" + embeddingOptimizer
        + "), seed=" + seed + (studentOnly ? ", studentOnly" : "") + "}";
  }

  /** Mutable builder; starts from the defaults of {@link ModelOptions}. */
  public static final class Builder {
    private final FeatureSpec features;
    private int embeddingDim = ModelOptions.EMBEDDING_DIM.defaultValue();
    private long hashBuckets = ModelOptions.HASH_BUCKETS.defaultValue();
    private int minCount = ModelOptions.MIN_COUNT.defaultValue();
    private float embeddingInitScale = ModelOptions.EMBEDDING_INIT_SCALE.defaultValue().floatValue();
    private int teacherCrossLayers = ModelOptions.TEACHER_CROSS_LAYERS.defaultValue();
    private int[] teacherMlp = ModelOptions.TEACHER_MLP.defaultValue();
    private int[] teacherCin = ModelOptions.TEACHER_CIN.defaultValue();
    private int[] studentMlp = ModelOptions.STUDENT_MLP.defaultValue();
    private DistillLoss distillLoss = ModelOptions.DISTILL_LOSS.defaultValue();
    private float temperature = ModelOptions.TEMPERATURE.defaultValue().floatValue();
    private LambdaSchedule lambda = ModelOptions.defaultLambda();
    private Weighting weighting = ModelOptions.WEIGHTING.defaultValue();
    private float hintWeight = ModelOptions.HINT_WEIGHT.defaultValue().floatValue();
    private boolean gradientBlocking = ModelOptions.GRADIENT_BLOCKING.defaultValue();
    private boolean studentStopsAtShared = ModelOptions.STUDENT_STOPS_AT_SHARED.defaultValue();
    private OptimizerConfig teacherOptimizer = ModelOptions.defaultDenseOptimizer();
    private OptimizerConfig studentOptimizer = ModelOptions.defaultDenseOptimizer();
    private OptimizerConfig embeddingOptimizer = ModelOptions.defaultEmbeddingOptimizer();
    private long seed = ModelOptions.SEED.defaultValue();
    private boolean studentOnly;
    private float priorCtr;

    private Builder(FeatureSpec features) {
      this.features = features;
    }

    public Builder embeddingDim(int v) {
      embeddingDim = v;
      return this;
    }

    public Builder hashBuckets(long v) {
      hashBuckets = v;
      return this;
    }

    public Builder minCount(int v) {
      minCount = v;
      return this;
    }

    public Builder embeddingInitScale(float v) {
      embeddingInitScale = v;
      return this;
    }

    public Builder teacherCrossLayers(int v) {
      teacherCrossLayers = v;
      return this;
    }

    public Builder teacherMlp(int... v) {
      teacherMlp = v.clone();
      return this;
    }

    public Builder teacherCin(int... v) {
      teacherCin = v.clone();
      return this;
    }

    public Builder studentMlp(int... v) {
      studentMlp = v.clone();
      return this;
    }

    public Builder distillLoss(DistillLoss v) {
      distillLoss = v;
      return this;
    }

    public Builder temperature(float v) {
      temperature = v;
      return this;
    }

    public Builder lambda(LambdaSchedule v) {
      lambda = v;
      return this;
    }

    public Builder weighting(Weighting v) {
      weighting = v;
      return this;
    }

    public Builder hintWeight(float v) {
      hintWeight = v;
      return this;
    }

    public Builder gradientBlocking(boolean v) {
      gradientBlocking = v;
      return this;
    }

    public Builder studentStopsAtShared(boolean v) {
      studentStopsAtShared = v;
      return this;
    }

    public Builder teacherOptimizer(OptimizerConfig v) {
      teacherOptimizer = v;
      return this;
    }

    public Builder studentOptimizer(OptimizerConfig v) {
      studentOptimizer = v;
      return this;
    }

    public Builder embeddingOptimizer(OptimizerConfig v) {
      embeddingOptimizer = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder priorCtr(float v) {
      priorCtr = v;
      return this;
    }

    public Builder studentOnly(boolean v) {
      studentOnly = v;
      return this;
    }

    public ModelConfig build() {
      return new ModelConfig(this);
    }
  }
}
