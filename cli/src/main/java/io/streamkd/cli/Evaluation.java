package io.streamkd.cli;

import io.streamkd.model.feature.Example;
import io.streamkd.model.metrics.ModelMetrics;
import io.streamkd.model.metrics.WindowedAuc;
import io.streamkd.model.schedule.LambdaSchedule;
import io.streamkd.model.train.InMemoryEmbeddingStore;
import io.streamkd.model.train.JointModel;
import io.streamkd.model.train.ModelConfig;
import io.streamkd.model.train.TrainResult;
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
  /**
   * The ablations an arm can be built from, by name, as flag overrides of the base model flags (so the same
   * arm can run in-process and through the Flink job).
   */
  static final List<String> ABLATION_NAMES = List.of("blocking_off", "stop_at_shared", "lambda_constant",
      "lambda_step", "lambda_sigmoid", "convex", "distill_mse", "distill_kl", "distill_js", "hint", "no_distill");

  static Map<String, String> ablation(String name, ModelConfig base) {
    LambdaSchedule l = base.lambda();
    return switch (name) {
      case "blocking_off" -> Map.of("gradient-blocking", "false");
      case "stop_at_shared" -> Map.of("student-stops-at-shared", "true");
      case "lambda_constant" -> Map.of("lambda-schedule", "constant");
      case "lambda_step" -> Map.of("lambda-schedule", "step", "lambda-delay-steps",
          Long.toString(Math.max(1, l.delaySteps() + l.rampSteps())));
      case "lambda_sigmoid" -> Map.of("lambda-schedule", "sigmoid", "lambda-ramp-steps",
          Long.toString(Math.max(1, l.rampSteps())));
      case "convex" -> Map.of("weighting", "convex", "lambda-max", Double.toString(Math.min(1.0, l.max())));
      case "distill_mse" -> Map.of("distill-loss", "mse");
      case "distill_kl" -> Map.of("distill-loss", "kl");
      case "distill_js" -> Map.of("distill-loss", "js");
      case "hint" -> Map.of("hint-weight", "0.1");
      case "no_distill" -> Map.of("lambda-schedule", "constant", "lambda-max", "0");
      default -> throw new io.streamkd.model.config.ConfigException(
          "--ablations: unknown ablation '" + name + "'. Supported: " + ABLATION_NAMES);
    };
  }

  /** The model configuration of an arm: the base flags with the arm's overrides. */
  static ModelConfig armConfig(Map<String, String> baseFlags, Map<String, String> overrides) {
    Map<String, String> flags = new LinkedHashMap<>(baseFlags);
    flags.putAll(overrides);
    return io.streamkd.model.train.ModelOptions.toConfig(
        io.streamkd.model.config.OptionValues.fromMap(io.streamkd.model.train.ModelOptions.ALL, flags));
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

  static Result run(List<Example> stream, Map<String, String> baseFlags, List<String> ablations, int batchSize,
      DoubleConsumer progress) {
    ModelConfig base = armConfig(baseFlags, Map.of());
    int n = stream.size();
    int points = Math.min(60, Math.max(2, n / batchSize));
    int window = Math.max(500, n / 20);
    List<Trainer> trainers = new ArrayList<>();
    trainers.add(new Trainer("student_distilled", new JointModel(base, new InMemoryEmbeddingStore()), true,
        new long[1]));
    trainers.add(new Trainer("student_alone",
        new JointModel(base.toBuilder().studentOnly(true).build(), new InMemoryEmbeddingStore()), false, new long[1]));
    for (String a : ablations) {
      trainers.add(new Trainer("student_" + a, new JointModel(armConfig(baseFlags, ablation(a, base)),
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
