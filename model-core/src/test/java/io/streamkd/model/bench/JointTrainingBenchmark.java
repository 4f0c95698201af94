package io.streamkd.model.bench;

import io.streamkd.model.feature.Example;
import io.streamkd.model.feature.FeatureSpec;
import io.streamkd.model.student.StudentModel;
import io.streamkd.model.synthetic.SyntheticWorld;
import io.streamkd.model.train.InMemoryEmbeddingStore;
import io.streamkd.model.train.JointModel;
import io.streamkd.model.train.ModelConfig;
import io.streamkd.model.train.ModelOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Joint training (teacher + student, batch 256, the documented default architecture on the demo features)
 * and student scoring, on the heap store: the math ceiling, without Flink state. One op = one batch of 256;
 * examples/s = ops/s × 256. Run: {@code bench/jmh.sh} (see BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class JointTrainingBenchmark {
  static final int BATCH = 256;

  @Param({"default", "student_only"})
  public String arm;

  private JointModel model;
  private List<List<Example>> batches;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    ModelConfig cfg = ModelConfig.builder(FeatureSpec.parse(ModelOptions.DEMO_FEATURES))
        .studentOnly(arm.equals("student_only")).build();
    model = new JointModel(cfg, new InMemoryEmbeddingStore());
    SyntheticWorld w = new SyntheticWorld(SyntheticWorld.Params.defaults(1));
    batches = new ArrayList<>();
    for (int b = 0; b < 200; b++) {
      List<Example> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        batch.add(w.toExample(w.next(), i));
      }
      batches.add(batch);
    }
  }

  @Benchmark
  public Object trainBatch() {
    List<Example> b = batches.get(next);
    next = (next + 1) % batches.size();
    return model.train(b);
  }

  /** Student scoring on plain arrays: one example, and a batch of 100. */
  @State(Scope.Thread)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  @Fork(value = 1, jvmArgs = {"-Xmx2g"})
  public static class Scoring {
    private StudentModel student;
    private JointModel joint;
    private List<Example> probes;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
      joint = new JointModel(ModelConfig.builder(FeatureSpec.parse(ModelOptions.DEMO_FEATURES)).build(),
          new InMemoryEmbeddingStore());
      SyntheticWorld w = new SyntheticWorld(SyntheticWorld.Params.defaults(1));
      for (int b = 0; b < 100; b++) {
        List<Example> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
          batch.add(w.toExample(w.next(), i));
        }
        joint.train(batch);
      }
      student = joint.exportStudent();
      probes = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        probes.add(w.toExample(w.next(), i));
      }
    }

    @Benchmark
    public float studentOneExample() {
      Example e = probes.get(next);
      next = (next + 1) % probes.size();
      return student.score(e);
    }

    @Benchmark
    public float[] studentBatchOf100() {
      int from = (next = (next + 100) % 900);
      return student.score(probes.subList(from, from + 100));
    }

    /** The teacher's scoring cost on the same examples (the joint model, no state change). */
    @Benchmark
    public float[] teacherBatchOf100() {
      int from = (next = (next + 100) % 900);
      return joint.scoreTeacher(probes.subList(from, from + 100));
    }

    @Benchmark
    public float[] studentInJointBatchOf100() {
      int from = (next = (next + 100) % 900);
      return joint.scoreStudent(probes.subList(from, from + 100));
    }
  }
}
