package io.streamkd.job.training;

import io.streamkd.model.feature.Example;
import io.streamkd.model.metrics.ProgressiveValidation;
import io.streamkd.model.train.JointModel;
import java.util.ArrayList;
import java.util.List;

/** The live training state of one model id on this subtask: the model, its cache, metrics and buffer. */
final class ModelSession {
  final String modelId;
  final JointModel model;
  final CachedRowStore rows;
  final ProgressiveValidation metrics;
  final List<Example> buffer = new ArrayList<>();
  long examples;
  long positives;
  long snapshotVersion;
  long lastSnapshotStep = -1;
  long lastSnapshotMillis;
  long bufferSinceMillis;
  double lastTeacherLoss = Double.NaN;
  double lastStudentLoss = Double.NaN;
  double lastDistillLoss = Double.NaN;
  /** The student trained alone on the same batches (--baseline-student), or null. */
  Baseline baseline;

  /** A student-only model beside the joint one, with its own rows and metrics. */
  static final class Baseline {
    final JointModel model;
    final CachedRowStore rows;
    final io.streamkd.model.metrics.ModelMetrics metrics;

    Baseline(JointModel model, CachedRowStore rows, io.streamkd.model.metrics.ModelMetrics metrics) {
      this.model = model;
      this.rows = rows;
      this.metrics = metrics;
    }
  }

  ModelSession(String modelId, JointModel model, CachedRowStore rows, ProgressiveValidation metrics) {
    this.modelId = modelId;
    this.model = model;
    this.rows = rows;
    this.metrics = metrics;
  }

  /** [examples, positives, snapshotVersion, embeddingRows]: the small counters kept in keyed state. */
  long[] counters() {
    return new long[] {examples, positives, snapshotVersion, rows.size()};
  }
}
