package io.streamkd.model.train;

import io.streamkd.model.config.Option;
import io.streamkd.model.config.OptionValues;
import io.streamkd.model.feature.FeatureSpec;
import io.streamkd.model.loss.DistillLoss;
import io.streamkd.model.optim.OptimizerConfig;
import io.streamkd.model.optim.OptimizerKind;
import io.streamkd.model.schedule.LambdaSchedule;
import java.util.List;

/**
 * The model flags shared by the Flink job, {@code eval} and the demo, with their defaults: the one place
 * model defaults are written. The defaults are sized for click streams with a handful of id fields: an
 * 8-dim shared embedding, a teacher of two DCN-v2 cross layers beside a 64-32 MLP, a one-layer 32-unit
 * student, soft-label distillation ramped in over the first 1,000 batches.
 */
public final class ModelOptions {
  private ModelOptions() {}

  /** The feature spec of the built-in synthetic generator. */
  public static final String DEMO_FEATURES =
      "user_id:cat,item_id:cat,user_segment:cat,item_category:cat,position:cat,"
          + "offline_score:num:privileged:standardize,user_item_clicks:num:privileged:log1p_standardize,"
          + "user_category_affinity:num:privileged:standardize";

  public static final Option<FeatureSpec> FEATURES = Option.of("features",
      FeatureSpec.parse(DEMO_FEATURES),
      "input fields as name:cat|num[:shared|privileged][:none|log1p|standardize|log1p_standardize], comma-separated",
      FeatureSpec::parse);
  public static final Option<Integer> EMBEDDING_DIM =
      Option.integer("embedding-dim", 8, 1, "dimension of the shared embedding rows");
  public static final Option<Long> HASH_BUCKETS = Option.longValue("hash-buckets", 0L, 0,
      "rows per categorical field (hashing trick); 0 = one row per distinct value (collision-free)");
  public static final Option<Integer> MIN_COUNT = Option.integer("min-count", 1, 1,
      "a value gets an embedding row only once seen this many times (count-min sketch)");
  public static final Option<Double> EMBEDDING_INIT_SCALE = Option.decimal("embedding-init-scale", 0.05, 0,
      10, "new embedding rows are uniform in [-s, s], seeded by the row key");
  public static final Option<Integer> TEACHER_CROSS_LAYERS =
      Option.integer("teacher-cross-layers", 2, 0, "DCN-v2 cross layers of the teacher");
  public static final Option<int[]> TEACHER_MLP =
      Option.sizes("teacher-mlp", new int[] {64, 32}, "hidden layer sizes of the teacher's MLP branch");
  public static final Option<int[]> TEACHER_CIN = Option.sizes("teacher-cin", new int[0],
      "feature maps per layer of the teacher's xDeepFM CIN branch over the categorical embeddings ('none' = off)");
  public static final Option<int[]> STUDENT_MLP = Option.sizes("student-mlp", new int[] {32},
      "hidden layer sizes of the student ('none' = logistic regression over the embeddings)");
  public static final Option<DistillLoss> DISTILL_LOSS = Option.of("distill-loss", DistillLoss.SOFT_BCE,
      "distillation loss: soft_bce | mse | kl | js", DistillLoss::parse);
  public static final Option<Double> TEMPERATURE =
      Option.decimal("temperature", 1.0, 1e-3, 100, "distillation temperature T (losses scaled by T^2)");
  public static final Option<LambdaSchedule.Kind> LAMBDA_SCHEDULE = Option.of("lambda-schedule",
      LambdaSchedule.Kind.LINEAR, "how the distillation weight ramps: constant | linear | step | sigmoid",
      LambdaSchedule.Kind::parse);
  public static final Option<Double> LAMBDA_MAX =
      Option.decimal("lambda-max", 1.0, 0, 1000, "distillation weight once ramped up");
  public static final Option<Long> LAMBDA_DELAY_STEPS = Option.longValue("lambda-delay-steps", 0L, 0,
      "batches at lambda = 0 before the ramp (the switch point of 'step')");
  public static final Option<Long> LAMBDA_RAMP_STEPS = Option.longValue("lambda-ramp-steps", 1000L, 0,
      "batches to ramp lambda from 0 to lambda-max (linear, sigmoid)");
  public static final Option<Weighting> WEIGHTING = Option.of("weighting", Weighting.ADDITIVE,
      "student objective: additive = L_s + lambda*L_d; convex = (1-lambda)*L_s + lambda*L_d",
      Weighting::parse);
  public static final Option<Double> HINT_WEIGHT = Option.decimal("hint-weight", 0.0, 0, 1000,
      "weight mu of the FitNets hint loss on the last hidden layers (0 = off)");
  public static final Option<Boolean> GRADIENT_BLOCKING = Option.bool("gradient-blocking", true,
      "teacher-only parameters learn from the teacher loss only (false: the distill loss also pulls the teacher)");
  public static final Option<Boolean> STUDENT_STOPS_AT_SHARED = Option.bool("student-stops-at-shared", false,
      "student losses do not update the shared embeddings (EasyRec's choice)");
  public static final Option<OptimizerKind> TEACHER_OPTIMIZER = Option.of("teacher-optimizer",
      OptimizerKind.ADAM, "teacher dense optimizer: sgd | adagrad | adam", OptimizerKind::parse);
  public static final Option<Double> TEACHER_LR =
      Option.decimal("teacher-lr", 0.002, 1e-9, 100, "teacher learning rate");
  public static final Option<OptimizerKind> STUDENT_OPTIMIZER = Option.of("student-optimizer",
      OptimizerKind.ADAM, "student dense optimizer: sgd | adagrad | adam", OptimizerKind::parse);
  public static final Option<Double> STUDENT_LR =
      Option.decimal("student-lr", 0.002, 1e-9, 100, "student learning rate");
  public static final Option<OptimizerKind> EMBEDDING_OPTIMIZER = Option.of("embedding-optimizer",
      OptimizerKind.ADAGRAD, "sparse embedding optimizer: sgd | adagrad", OptimizerKind::parse);
  public static final Option<Double> EMBEDDING_LR =
      Option.decimal("embedding-lr", 0.15, 1e-9, 100, "embedding learning rate");
  public static final Option<Double> L2 =
      Option.decimal("l2", 0.0, 0, 100, "L2 penalty on dense weights and touched embedding rows");
  public static final Option<Long> SEED =
      Option.longValue("seed", 42L, Long.MIN_VALUE, "seed of every parameter initialisation");
  public static final Option<Double> PRIOR_CTR = Option.decimal("prior-ctr", 0.0, 0, 0.999,
      "initialise both output biases to logit(prior-ctr), so a low-CTR stream does not spend its first thousand "
          + "steps learning the base rate (0 = bias 0)");
  public static final Option<Boolean> STUDENT_ONLY = Option.bool("student-only", false,
      "baseline: train the student alone, from the labels only (no teacher, no privileged field)");

  public static final List<Option<?>> ALL = List.of(FEATURES, EMBEDDING_DIM, HASH_BUCKETS, MIN_COUNT,
      EMBEDDING_INIT_SCALE, TEACHER_CROSS_LAYERS, TEACHER_MLP, TEACHER_CIN, STUDENT_MLP, DISTILL_LOSS, TEMPERATURE,
      LAMBDA_SCHEDULE, LAMBDA_MAX, LAMBDA_DELAY_STEPS, LAMBDA_RAMP_STEPS, WEIGHTING, HINT_WEIGHT,
      GRADIENT_BLOCKING, STUDENT_STOPS_AT_SHARED, TEACHER_OPTIMIZER, TEACHER_LR, STUDENT_OPTIMIZER,
      STUDENT_LR, EMBEDDING_OPTIMIZER, EMBEDDING_LR, L2, SEED, PRIOR_CTR, STUDENT_ONLY);

  static LambdaSchedule defaultLambda() {
    return new LambdaSchedule(LAMBDA_SCHEDULE.defaultValue(), LAMBDA_MAX.defaultValue(),
        LAMBDA_DELAY_STEPS.defaultValue(), LAMBDA_RAMP_STEPS.defaultValue());
  }

  static OptimizerConfig defaultDenseOptimizer() {
    return new OptimizerConfig(TEACHER_OPTIMIZER.defaultValue(), TEACHER_LR.defaultValue().floatValue(),
        L2.defaultValue().floatValue());
  }

  static OptimizerConfig defaultEmbeddingOptimizer() {
    return new OptimizerConfig(EMBEDDING_OPTIMIZER.defaultValue(), EMBEDDING_LR.defaultValue().floatValue(),
        L2.defaultValue().floatValue());
  }

  /** Builds the model configuration from parsed flags; a bad combination fails naming the flag. */
  public static ModelConfig toConfig(OptionValues v) {
    float l2 = v.get(L2).floatValue();
    LambdaSchedule lambda;
    try {
      lambda = new LambdaSchedule(v.get(LAMBDA_SCHEDULE), v.get(LAMBDA_MAX), v.get(LAMBDA_DELAY_STEPS),
          v.get(LAMBDA_RAMP_STEPS));
    } catch (IllegalArgumentException e) {
      throw new io.streamkd.model.config.ConfigException("--lambda-schedule: " + e.getMessage(), e);
    }
    return ModelConfig.builder(v.get(FEATURES))
        .embeddingDim(v.get(EMBEDDING_DIM))
        .hashBuckets(v.get(HASH_BUCKETS))
        .minCount(v.get(MIN_COUNT))
        .embeddingInitScale(v.get(EMBEDDING_INIT_SCALE).floatValue())
        .teacherCrossLayers(v.get(TEACHER_CROSS_LAYERS))
        .teacherMlp(v.get(TEACHER_MLP))
        .teacherCin(v.get(TEACHER_CIN))
        .studentMlp(v.get(STUDENT_MLP))
        .distillLoss(v.get(DISTILL_LOSS))
        .temperature(v.get(TEMPERATURE).floatValue())
        .lambda(lambda)
        .weighting(v.get(WEIGHTING))
        .hintWeight(v.get(HINT_WEIGHT).floatValue())
        .gradientBlocking(v.get(GRADIENT_BLOCKING))
        .studentStopsAtShared(v.get(STUDENT_STOPS_AT_SHARED))
        .teacherOptimizer(new OptimizerConfig(v.get(TEACHER_OPTIMIZER), v.get(TEACHER_LR).floatValue(), l2))
        .studentOptimizer(new OptimizerConfig(v.get(STUDENT_OPTIMIZER), v.get(STUDENT_LR).floatValue(), l2))
        .embeddingOptimizer(
            new OptimizerConfig(v.get(EMBEDDING_OPTIMIZER), v.get(EMBEDDING_LR).floatValue(), l2))
        .seed(v.get(SEED))
        .studentOnly(v.get(STUDENT_ONLY))
        .priorCtr(v.get(PRIOR_CTR).floatValue())
        .build();
  }
}
