package io.streamkd.job.training;

import io.streamkd.job.config.JobConfig;
import io.streamkd.job.config.JobOptions;
import io.streamkd.model.events.EventMapping;
import io.streamkd.model.metrics.ModelMetrics;
import io.streamkd.model.metrics.ProgressiveValidation;
import io.streamkd.model.snapshot.Snapshots;
import io.streamkd.model.student.StudentModel;
import io.streamkd.model.train.DenseStateCodec;
import io.streamkd.model.train.JointModel;
import io.streamkd.model.train.ModelConfig;
import io.streamkd.model.train.TrainResult;
import io.streamkd.schemas.LabeledExample;
import io.streamkd.schemas.SnapshotMetrics;
import io.streamkd.schemas.StudentSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Trains the joint teacher/student model of each model id (the key) on labeled examples, with all model
 * state in keyed state, and emits student snapshots.
 *
 * <p>State per model id: embedding rows in {@code MapState<Long, float[]>} behind a write-back cache;
 * dense parameters, optimizer slots, step and running statistics as one {@code byte[]} (model-core's
 * versioned codec); progressive-validation metrics; counters. Examples are buffered into mini-batches on
 * the heap; before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}) the operator trains on
 * whatever is buffered and flushes the cache and dense state, so a checkpoint never holds a half-applied
 * batch or buffered examples — a restore resumes exactly after the last example the checkpoint covers.
 *
 * <p>Why a custom operator rather than a {@code KeyedProcessFunction}: only an operator can write keyed
 * state in {@code prepareSnapshotPreBarrier}, which the write-back cache needs.
 */
public final class JointTrainerOperator extends AbstractStreamOperator<StudentSnapshot>
    implements OneInputStreamOperator<LabeledExample, StudentSnapshot>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  private final JobConfig config;

  private transient ModelConfig modelConfig;
  private transient int batchSize;
  private transient long maxWaitMs;
  private transient int snapshotEverySteps;
  private transient long snapshotIntervalMs;
  private transient int chunkBytes;
  private transient int cacheRows;
  private transient int failAfterBatches;
  private transient Map<String, ModelSession> sessions;
  private transient MapState<Long, float[]> rowsState;
  private transient ValueState<byte[]> denseState;
  private transient ValueState<byte[]> metricsState;
  private transient ValueState<long[]> countersState;
  private transient boolean baselineEnabled;
  private transient MapState<Long, float[]> baselineRowsState;
  private transient ValueState<byte[]> baselineDenseState;
  private transient ValueState<byte[]> baselineMetricsState;
  private transient Counter examplesIn;
  private transient Counter batches;
  private transient Counter snapshotsPublished;
  private transient long totalBatches;
  private transient boolean timerRegistered;
  // Where the time goes (also Flink accumulators, so a benchmark reads them from the job result).
  private transient org.apache.flink.api.common.accumulators.LongCounter trainNanos;
  private transient org.apache.flink.api.common.accumulators.LongCounter stateNanos;
  private transient org.apache.flink.api.common.accumulators.LongCounter publishNanos;
  private transient org.apache.flink.api.common.accumulators.LongCounter persistNanos;
  private transient org.apache.flink.api.common.accumulators.LongCounter trainedExamples;

  public JointTrainerOperator(JobConfig config) {
    this.config = config;
  }

  @Override
  public void open() throws Exception {
    super.open();
    modelConfig = config.model();
    batchSize = config.get(JobOptions.BATCH_SIZE);
    maxWaitMs = config.get(JobOptions.BATCH_MAX_WAIT).toMillis();
    snapshotEverySteps = config.get(JobOptions.SNAPSHOT_EVERY_STEPS);
    snapshotIntervalMs = config.get(JobOptions.SNAPSHOT_INTERVAL).toMillis();
    chunkBytes = config.get(JobOptions.SNAPSHOT_CHUNK_BYTES);
    cacheRows = config.get(JobOptions.EMBEDDING_CACHE_ROWS);
    failAfterBatches = config.get(JobOptions.FAIL_AFTER_BATCHES);
    sessions = new LinkedHashMap<>();
    rowsState = getPartitionedState(new MapStateDescriptor<>("embedding-rows", Types.LONG,
        PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
    denseState = getPartitionedState(new ValueStateDescriptor<>("dense-state",
        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    metricsState = getPartitionedState(new ValueStateDescriptor<>("progressive-metrics",
        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    countersState = getPartitionedState(new ValueStateDescriptor<>("counters",
        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    baselineEnabled = config.get(JobOptions.BASELINE_STUDENT);
    if (baselineEnabled) {
      baselineRowsState = getPartitionedState(new MapStateDescriptor<>("baseline-embedding-rows", Types.LONG,
          PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
      baselineDenseState = getPartitionedState(new ValueStateDescriptor<>("baseline-dense-state",
          PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
      baselineMetricsState = getPartitionedState(new ValueStateDescriptor<>("baseline-metrics",
          PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }
    MetricGroup g = getMetricGroup();
    examplesIn = g.counter("examplesIn");
    batches = g.counter("batches");
    snapshotsPublished = g.counter("snapshotsPublished");
    trainNanos = new org.apache.flink.api.common.accumulators.LongCounter();
    stateNanos = new org.apache.flink.api.common.accumulators.LongCounter();
    publishNanos = new org.apache.flink.api.common.accumulators.LongCounter();
    persistNanos = new org.apache.flink.api.common.accumulators.LongCounter();
    trainedExamples = new org.apache.flink.api.common.accumulators.LongCounter();
    getRuntimeContext().addAccumulator("trainer.trainNanos", trainNanos);
    getRuntimeContext().addAccumulator("trainer.stateNanos", stateNanos);
    getRuntimeContext().addAccumulator("trainer.publishNanos", publishNanos);
    getRuntimeContext().addAccumulator("trainer.persistNanos", persistNanos);
    getRuntimeContext().addAccumulator("trainer.examples", trainedExamples);
    g.gauge("trainNanos", () -> trainNanos.getLocalValue());
    g.gauge("stateNanos", () -> stateNanos.getLocalValue());
  }

  @Override
  public void processElement(StreamRecord<LabeledExample> element) throws Exception {
    ModelSession s = session((String) getCurrentKey());
    if (s.buffer.isEmpty()) {
      s.bufferSinceMillis = getProcessingTimeService().getCurrentProcessingTime();
      ensureTimer();
    }
    s.buffer.add(EventMapping.toExample(element.getValue()));
    examplesIn.inc();
    if (s.buffer.size() >= batchSize) {
      train(s);
    }
  }

  private void ensureTimer() {
    if (!timerRegistered) {
      timerRegistered = true;
      long now = getProcessingTimeService().getCurrentProcessingTime();
      getProcessingTimeService().registerTimer(now + Math.max(100, Math.min(maxWaitMs, 1000)), this::onTimer);
    }
  }

  /** Trains partial batches that waited too long and publishes time-due snapshots. */
  private void onTimer(long now) throws Exception {
    timerRegistered = false;
    boolean anyBuffered = false;
    for (ModelSession s : sessions.values()) {
      setCurrentKey(s.modelId);
      if (!s.buffer.isEmpty() && now - s.bufferSinceMillis >= maxWaitMs) {
        train(s);
      }
      anyBuffered |= !s.buffer.isEmpty();
      if (snapshotIntervalMs > 0 && s.model.step() > s.lastSnapshotStep
          && now - s.lastSnapshotMillis >= snapshotIntervalMs) {
        publish(s);
      }
    }
    if (anyBuffered || snapshotIntervalMs > 0) {
      ensureTimer();
    }
  }

  private ModelSession session(String modelId) throws Exception {
    ModelSession s = sessions.get(modelId);
    if (s != null) {
      return s;
    }
    long[] counters = countersState.value();
    CachedRowStore rows = new CachedRowStore(rowsState, cacheRows, counters == null ? 0 : counters[3]);
    JointModel model = new JointModel(modelConfig, rows);
    byte[] dense = denseState.value();
    if (dense != null) {
      DenseStateCodec.read(model, dense);
    }
    byte[] m = metricsState.value();
    ProgressiveValidation metrics = m == null ? new ProgressiveValidation()
        : ProgressiveValidation.read(new DataInputStream(new ByteArrayInputStream(m)));
    s = new ModelSession(modelId, model, rows, metrics);
    if (counters != null) {
      s.examples = counters[0];
      s.positives = counters[1];
      s.snapshotVersion = counters[2];
    }
    if (baselineEnabled) {
      CachedRowStore baseRows = new CachedRowStore(baselineRowsState, cacheRows, 0);
      JointModel baseModel = new JointModel(modelConfig.toBuilder().studentOnly(true).build(), baseRows);
      byte[] bd = baselineDenseState.value();
      if (bd != null) {
        DenseStateCodec.read(baseModel, bd);
      }
      byte[] bm = baselineMetricsState.value();
      s.baseline = new ModelSession.Baseline(baseModel, baseRows, bm == null ? new ModelMetrics()
          : ModelMetrics.read(new DataInputStream(new ByteArrayInputStream(bm))));
    }
    s.lastSnapshotStep = model.step();
    s.lastSnapshotMillis = getProcessingTimeService().getCurrentProcessingTime();
    sessions.put(modelId, s);
    registerGauges(s);
    if (dense != null) {
      // Restored from a checkpoint or savepoint: republish the restored student first, so that serving
      // (and anyone auditing) sees training resume from exactly the state it stopped in.
      publish(s);
    }
    return s;
  }

  private void registerGauges(ModelSession s) {
    MetricGroup g = getMetricGroup().addGroup("model", s.modelId);
    ModelMetrics t = s.metrics.teacher();
    ModelMetrics st = s.metrics.student();
    g.gauge("trainingStep", () -> s.model.step());
    g.gauge("lambda", () -> s.model.currentLambda());
    g.gauge("examples", () -> s.examples);
    g.gauge("positives", () -> s.positives);
    g.gauge("embeddingRows", () -> s.rows.size());
    g.gauge("embeddingRowsCached", () -> s.rows.cached());
    g.gauge("snapshotVersion", () -> s.snapshotVersion);
    g.gauge("teacherAuc", t::auc);
    g.gauge("teacherLogloss", t::logloss);
    g.gauge("studentAuc", st::auc);
    g.gauge("studentLogloss", st::logloss);
    g.gauge("teacherAucWindow", t::windowAuc);
    g.gauge("studentAucWindow", st::windowAuc);
    g.gauge("teacherLoglossWindow", t::windowLogloss);
    g.gauge("studentLoglossWindow", st::windowLogloss);
  }

  private void train(ModelSession s) throws Exception {
    long t0 = System.nanoTime();
    long state0 = s.rows.stateNanos();
    TrainResult r = s.model.train(s.buffer);
    trainNanos.add(System.nanoTime() - t0);
    stateNanos.add(s.rows.stateNanos() - state0);
    if (s.baseline != null) {
      TrainResult b = s.baseline.model.train(s.buffer);
      for (int i = 0; i < s.buffer.size(); i++) {
        var e = s.buffer.get(i);
        s.baseline.metrics.add(b.studentProb()[i], e.label(), e.weight());
      }
    }
    trainedExamples.add(s.buffer.size());
    s.metrics.record(s.buffer, r);
    s.examples += s.buffer.size();
    for (var e : s.buffer) {
      if (e.label() > 0.5f) {
        s.positives++;
      }
    }
    s.lastTeacherLoss = r.teacherLoss();
    s.lastStudentLoss = r.studentLoss();
    s.lastDistillLoss = r.distillLoss();
    s.buffer.clear();
    batches.inc();
    totalBatches++;
    if (failAfterBatches > 0 && totalBatches >= failAfterBatches && FaultInjection.fireOnce()) {
      throw new FaultInjection.InjectedFault("injected fault after " + totalBatches + " batches (--fail-after-batches)");
    }
    if (snapshotEverySteps > 0 && s.model.step() % snapshotEverySteps == 0) {
      publish(s);
    }
  }

  private void publish(ModelSession s) {
    long t0 = System.nanoTime();
    StudentModel student = s.model.exportStudent();
    s.snapshotVersion++;
    long now = getProcessingTimeService().getCurrentProcessingTime();
    ModelMetrics t = s.metrics.teacher();
    ModelMetrics st = s.metrics.student();
    Snapshots.Metadata meta = new Snapshots.Metadata(s.modelId, s.snapshotVersion, Instant.ofEpochMilli(now),
        s.model.step(), s.model.currentLambda(),
        new SnapshotMetrics(s.examples, nanToZero(t.auc()), nanToZero(t.logloss()), nanToZero(st.auc()),
            nanToZero(st.logloss()), s.baseline == null ? null : nanToZero(s.baseline.metrics.auc()),
            s.baseline == null ? null : nanToZero(s.baseline.metrics.logloss())),
        config.asText(), modelConfig.seed(), Map.of());
    for (StudentSnapshot chunk : Snapshots.split(student, meta, chunkBytes)) {
      output.collect(new StreamRecord<>(chunk, now));
    }
    s.lastSnapshotStep = s.model.step();
    s.lastSnapshotMillis = now;
    snapshotsPublished.inc();
    publishNanos.add(System.nanoTime() - t0);
  }

  private static double nanToZero(double v) {
    return Double.isNaN(v) ? 0.0 : v;
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    for (ModelSession s : sessions.values()) {
      setCurrentKey(s.modelId);
      if (!s.buffer.isEmpty()) {
        train(s);
      }
      persist(s);
    }
  }

  /** Writes the session to keyed state (the current key must be its model id). */
  private void persist(ModelSession s) throws IOException {
    long t0 = System.nanoTime();
    try {
      persistSession(s);
    } finally {
      persistNanos.add(System.nanoTime() - t0);
    }
  }

  private void persistSession(ModelSession s) throws IOException {
    s.rows.flush();
    denseState.update(DenseStateCodec.write(s.model));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    s.metrics.write(new DataOutputStream(bytes));
    metricsState.update(bytes.toByteArray());
    countersState.update(s.counters());
    if (s.baseline != null) {
      s.baseline.rows.flush();
      baselineDenseState.update(DenseStateCodec.write(s.baseline.model));
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      s.baseline.metrics.write(new DataOutputStream(b));
      baselineMetricsState.update(b.toByteArray());
    }
  }

  @Override
  public void endInput() throws Exception {
    for (ModelSession s : sessions.values()) {
      setCurrentKey(s.modelId);
      if (!s.buffer.isEmpty()) {
        train(s);
      }
      if (s.model.step() > s.lastSnapshotStep) {
        publish(s);
      }
      persist(s);
    }
  }
}
