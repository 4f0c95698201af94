package io.streamkd.model.train;

import io.streamkd.model.feature.Example;
import io.streamkd.model.feature.FeatureSpec;
import io.streamkd.model.schedule.LambdaSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A small joint model and batches that touch every kind of field, for the numeric tests. */
final class JointFixtures {
  static final FeatureSpec SPEC = FeatureSpec.parse(
      "user:cat,item:cat,tags:cat,price:num:log1p_standardize,offline:num:privileged:standardize,"
          + "seller:cat:privileged");

  private JointFixtures() {}

  static ModelConfig.Builder small() {
    return ModelConfig.builder(SPEC)
        .embeddingDim(3)
        .teacherCrossLayers(1)
        .teacherMlp(4)
        .studentMlp(3)
        .hintWeight(0.5f)
        .lambda(LambdaSchedule.constant(0.7))
        .seed(11);
  }

  static List<Example> batch(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Example.Builder b = Example.builder()
          .label(r.nextBoolean())
          .weight(0.5f + r.nextInt(3) * 0.5f)
          .eventTime(i)
          .cat("user", "u" + r.nextInt(3))
          .cat("item", "i" + r.nextInt(4))
          .cat("seller", "s" + r.nextInt(2))
          .num("price", (float) (r.nextDouble() * 100))
          .num("offline", (float) r.nextGaussian());
      if (i % 3 != 0) {
        b.cat("tags", "t" + r.nextInt(3), "t" + (3 + r.nextInt(3))); // multi-valued; sometimes missing
      }
      out.add(b.build());
    }
    return out;
  }

  /** A model whose rows for {@link #batch} exist in the store (so finite differences can perturb them). */
  static JointModel warmed(ModelConfig cfg) {
    JointModel m = new JointModel(cfg, new InMemoryEmbeddingStore());
    for (int k = 0; k < 5; k++) {
      m.train(batch(100 + k, 32));
    }
    return m;
  }
}
