package io.streamkd.model.metrics;

import io.streamkd.model.feature.Example;
import io.streamkd.model.train.TrainResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/** Teacher and student {@link ModelMetrics}, fed with the pre-update predictions of each training call. */
public final class ProgressiveValidation {
  private final ModelMetrics teacher;
  private final ModelMetrics student;

  public ProgressiveValidation() {
    this(new ModelMetrics(), new ModelMetrics());
  }

  private ProgressiveValidation(ModelMetrics teacher, ModelMetrics student) {
    this.teacher = teacher;
    this.student = student;
  }

  public void record(List<Example> batch, TrainResult r) {
    for (int i = 0; i < batch.size(); i++) {
      Example e = batch.get(i);
      teacher.add(r.teacherProb()[i], e.label(), e.weight());
      student.add(r.studentProb()[i], e.label(), e.weight());
    }
  }

  public ModelMetrics teacher() {
    return teacher;
  }

  public ModelMetrics student() {
    return student;
  }

  public void write(DataOutput out) throws IOException {
    teacher.write(out);
    student.write(out);
  }

  public static ProgressiveValidation read(DataInput in) throws IOException {
    return new ProgressiveValidation(ModelMetrics.read(in), ModelMetrics.read(in));
  }
}
