package io.streamkd.cli;

import io.streamkd.model.feature.Example;
import io.streamkd.model.loss.DistillLoss;
import io.streamkd.model.metrics.ModelMetrics;
import io.streamkd.model.metrics.WindowedAuc;
import io.streamkd.model.schedule.LambdaSchedule;
import io.streamkd.model.train.InMemoryEmbeddingStore;
import io.streamkd.model.train.JointModel;
import io.streamkd.model.train.ModelConfig;
import io.streamkd.model.train.TrainResult;
import io.streamkd.model.train.Weighting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * One pass over a stream, several arms trained on the same batches in the same order with the same seeds,
 * each batch scored before any arm trains on it (progressive validation): the teacher and the distilled
 * student of the configured joint model, the same student trained alone (no teacher, no privileged
 * field), and optional ablation arms that each change one thing.
 */
final class Evaluation {
  /** The ablations an arm can be built from, by name. */
  static final Map<String, java.util.function.UnaryOperator<ModelConfig.Builder>> ABLATIONS = new LinkedHashMap<>();

  static {
    ABLATIONS.put("blocking_off", b -> b.gradientBlocking(false));
    ABLATIONS.put("stop_at_shared", b -> b.studentStopsAtShared(true));
    ABLATIONS.put("lambda_constant", b -> b.lambda(LambdaSchedule.constant(b.build().lambda().max())));
    ABLATIONS.put("lambda_step", b -> {
      LambdaSchedule l = b.build().lambda();
      return b.lambda(LambdaSchedule.step(l.max(), Math.max(1, l.delaySteps() + l.rampSteps())));
    });
    ABLATIONS.put("lambda_sigmoid", b -> {
      LambdaSchedule l = b.build().lambda();
      return b.lambda(LambdaSchedule.sigmoid(l.max(), l.delaySteps(), Math.max(1, l.rampSteps())));
    });
    ABLATIONS.put("convex", b -> b.weighting(Weighting.CONVEX)
        .lambda(LambdaSchedule.linear(Math.min(1.0, b.build().lambda().max()), 0, Math.max(1, b.build().lambda().rampSteps()))));
    ABLATIONS.put("distill_mse", b -> b.distillLoss(DistillLoss.MSE));
    ABLATIONS.put("distill_kl", b -> b.distillLoss(DistillLoss.KL));
    ABLATIONS.put("distill_js", b -> b.distillLoss(DistillLoss.JS));
    ABLATIONS.put("hint", b -> b.hintWeight(0.1f));
    ABLATIONS.put("no_distill", b -> b.lambda(LambdaSchedule.constant(0)));
  }

  /** Metrics of one arm. */
  record ArmResult(double auc, double logloss, double aucSecondHalf, double loglossSecondHalf, double examplesPerS,
      double[] curve) {}

  record Result(long rows, Map<String, ArmResult> arms, double[] curvePositions) {}

  private static final class ArmMetrics {
    final ModelMetrics all = new ModelMetrics(1);
    final ModelMetrics second = new ModelMetrics(1);
    final WindowedAuc window;
    final double[] curve;

    ArmMetrics(int window, int points) {
      this.window = new WindowedAuc(window);
      this.curve = new double[points];
    }

    void add(float p, Example e, boolean secondHalf) {
      all.add(p, e.label(), e.weight());
      if (secondHalf) {
        second.add(p, e.label(), e.weight());
      }
      window.add(p, e.label());
    }
  }

  private record Trainer(String name, JointModel model, boolean reportsTeacher, long[] nanos) {}

  private Evaluation() {}

  static Result run(List<Example> stream, ModelConfig base, List<String> ablations, int batchSize,
      DoubleConsumer progress) {
    int n = stream.size();
    int points = Math.min(60, Math.max(2, n / batchSize));
    int window = Math.max(500, n / 20);
    List<Trainer> trainers = new ArrayList<>();
    trainers.add(new Trainer("student_distilled", new JointModel(base, new InMemoryEmbeddingStore()), true,
        new long[1]));
    trainers.add(new Trainer("student_alone",
        new JointModel(base.toBuilder().studentOnly(true).build(), new InMemoryEmbeddingStore()), false, new long[1]));
    for (String a : ablations) {
      var op = ABLATIONS.get(a);
      if (op == null) {
        throw new io.streamkd.model.config.ConfigException(
            "--ablations: unknown ablation '" + a + "'. Supported: " + ABLATIONS.keySet());
      }
      trainers.add(new Trainer("student_" + a, new JointModel(op.apply(base.toBuilder()).build(),
          new InMemoryEmbeddingStore()), false, new long[1]));
    }
    Map<String, ArmMetrics> metrics = new LinkedHashMap<>();
    metrics.put("teacher", new ArmMetrics(window, points));
    for (Trainer t : trainers) {
      metrics.put(t.name(), new ArmMetrics(window, points));
    }
    double[] positions = new double[points];
    int nextPoint = 0;
    int half = n / 2;
    for (int start = 0; start < n; start += batchSize) {
      List<Example> batch = stream.subList(start, Math.min(n, start + batchSize));
      for (Trainer t : trainers) {
        long t0 = System.nanoTime();
        TrainResult r = t.model().train(batch);
        t.nanos()[0] += System.nanoTime() - t0;
        for (int i = 0; i < batch.size(); i++) {
          boolean second = start + i >= half;
          metrics.get(t.name()).add(r.studentProb()[i], batch.get(i), second);
          if (t.reportsTeacher()) {
            metrics.get("teacher").add(r.teacherProb()[i], batch.get(i), second);
          }
        }
      }
      int done = Math.min(n, start + batchSize);
      while (nextPoint < points && done >= (long) n * (nextPoint + 1) / points) {
        positions[nextPoint] = done;
        for (ArmMetrics m : metrics.values()) {
          m.curve[nextPoint] = m.window.auc();
        }
        nextPoint++;
      }
      progress.accept(done / (double) n);
    }
    Map<String, ArmResult> out = new LinkedHashMap<>();
    for (Map.Entry<String, ArmMetrics> e : metrics.entrySet()) {
      Trainer t = e.getKey().equals("teacher") ? trainers.get(0)
          : trainers.stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
      ArmMetrics m = e.getValue();
      out.put(e.getKey(), new ArmResult(m.all.auc(), m.all.logloss(), m.second.auc(), m.second.logloss(),
          n / (t.nanos()[0] / 1e9), m.curve));
    }
    // teacher first, as in the report's documented shape
    Map<String, ArmResult> ordered = new LinkedHashMap<>();
    ordered.put("teacher", out.remove("teacher"));
    ordered.putAll(out);
    return new Result(n, ordered, positions);
  }
}
