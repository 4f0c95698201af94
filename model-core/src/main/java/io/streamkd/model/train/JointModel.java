package io.streamkd.model.train;

import io.streamkd.model.feature.Example;
import io.streamkd.model.feature.FeatureSpec;
import io.streamkd.model.feature.FieldSpec;
import io.streamkd.model.feature.RowKeys;
import io.streamkd.model.feature.StableHash;
import io.streamkd.model.feature.Standardizer;
import io.streamkd.model.loss.DistillLoss;
import io.streamkd.model.loss.HintLoss;
import io.streamkd.model.loss.LabelLoss;
import io.streamkd.model.nn.Dense;
import io.streamkd.model.nn.Kernels;
import io.streamkd.model.nn.ParamBlock;
import io.streamkd.model.nn.ParamGroup;
import io.streamkd.model.nn.StudentNetwork;
import io.streamkd.model.nn.TeacherNetwork;
import io.streamkd.model.optim.DenseOptimizer;
import io.streamkd.model.optim.OptimizerConfig;
import io.streamkd.model.optim.SparseEmbeddingOptimizer;
import io.streamkd.model.student.StudentModel;
import io.streamkd.model.util.LongIntMap;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A teacher and a student that share one embedding layer, trained jointly on mini-batches:
 *
 * <pre>
 *   L = L_teacher(y) + α·L_student(y) + λ(step)·L_distill(z_s, sg(z_t)) + μ·L_hint(P·h_s, sg(h_t))
 * </pre>
 *
 * with α = 1 (additive) or 1 − λ (convex, as in PFD) and sg = stop-gradient. With gradient blocking on (the
 * default) teacher-only parameters learn from L_teacher only; student-only parameters (network and hint
 * projection) from the student, distill and hint terms; the shared embeddings from all of them, the student
 * terms through the student path. Switches: blocking off (the distill and hint terms also pull the teacher)
 * and {@code studentStopsAtShared} (the student terms do not reach the embeddings, as in EasyRec).
 *
 * <p>The student reads the shared fields; the teacher reads all fields, privileged ones included
 * (Privileged Features Distillation, KDD 2020). Embedding rows live in an {@link EmbeddingStore}; dense
 * parameters, optimizer slots, the step counter and the running statistics are kept here and serialise
 * with {@link DenseStateCodec}. Deterministic for a fixed seed and input order. One instance serves one
 * thread.
 */
public final class JointModel {
  private final ModelConfig cfg;
  private final EmbeddingStore store;
  private final FeatureSpec spec;
  private final int dim;
  private final TeacherNetwork teacher;
  private final StudentNetwork student;
  private final Dense hintProjection;
  private final List<ParamBlock> blocks = new ArrayList<>();
  private final Map<ParamBlock, float[][]> slots = new IdentityHashMap<>();
  private final SparseEmbeddingOptimizer embeddingOptimizer;
  private final int[] teacherOffset;
  private final int[] studentOffset;
  private final int teacherIn;
  private final int studentIn;
  // running standardisation statistics per field (Welford)
  final double[] statCount;
  final double[] statMean;
  final double[] statM2;
  CountMinSketch sketch;
  long step;

  public JointModel(ModelConfig cfg, EmbeddingStore store) {
    this.cfg = cfg;
    this.store = store;
    this.spec = cfg.features();
    this.dim = cfg.embeddingDim();
    int n = spec.size();
    teacherOffset = new int[n];
    studentOffset = new int[n];
    int t = 0;
    int s = 0;
    for (int f = 0; f < n; f++) {
      FieldSpec fs = spec.field(f);
      int width = fs.categorical() ? dim : 1;
      teacherOffset[f] = t;
      t += width;
      if (fs.shared()) {
        studentOffset[f] = s;
        s += width;
      } else {
        studentOffset[f] = -1;
      }
    }
    teacherIn = t;
    studentIn = s;
    int[] catOffsets = java.util.stream.IntStream.range(0, n).filter(f -> spec.field(f).categorical())
        .map(f -> teacherOffset[f]).toArray();
    teacher = new TeacherNetwork(teacherIn, cfg.teacherCrossLayers(), cfg.teacherMlp(), cfg.teacherCin(), catOffsets,
        dim);
    student = new StudentNetwork(studentIn, cfg.studentMlp());
    hintProjection = cfg.hintWeight() > 0
        ? new Dense("student.hint", ParamGroup.STUDENT, student.hiddenSize(), teacher.hiddenSize(), false)
        : null;
    SplittableRandom rng = new SplittableRandom(cfg.seed());
    teacher.initialize(rng.split());
    student.initialize(rng.split());
    blocks.addAll(teacher.params());
    blocks.addAll(student.params());
    if (hintProjection != null) {
      hintProjection.initialize(rng.split());
      blocks.add(hintProjection.weight());
      blocks.add(hintProjection.bias());
    }
    if (cfg.priorCtr() > 0) {
      float logit = (float) Math.log(cfg.priorCtr() / (1.0 - cfg.priorCtr()));
      for (ParamBlock b : blocks) {
        if (b.name().equals("teacher.head.b") || b.name().equals("student.head.b")) {
          b.value()[0] = logit;
        }
      }
    }
    for (ParamBlock b : blocks) {
      slots.put(b, DenseOptimizer.initSlots(optimizerOf(b).kind(), b.size()));
    }
    embeddingOptimizer = new SparseEmbeddingOptimizer(cfg.embeddingOptimizer(), dim);
    statCount = new double[n];
    statMean = new double[n];
    statM2 = new double[n];
    sketch = cfg.minCount() > 1 ? new CountMinSketch() : null;
  }

  public ModelConfig config() {
    return cfg;
  }

  public EmbeddingStore store() {
    return store;
  }

  /** Batches trained so far; λ follows from it. */
  public long step() {
    return step;
  }

  public double currentLambda() {
    return cfg.lambda().at(step);
  }

  /** Dense parameter blocks in their fixed order (teacher, student, hint projection). */
  public List<ParamBlock> blocks() {
    return blocks;
  }

  float[][] slotsOf(ParamBlock b) {
    return slots.get(b);
  }

  void setSlots(ParamBlock b, float[][] s) {
    slots.put(b, s);
  }

  public int rowWidth() {
    return embeddingOptimizer.rowWidth();
  }

  public TeacherNetwork teacher() {
    return teacher;
  }

  public StudentNetwork student() {
    return student;
  }

  private OptimizerConfig optimizerOf(ParamBlock b) {
    return b.group() == ParamGroup.TEACHER ? cfg.teacherOptimizer() : cfg.studentOptimizer();
  }

  // ---------------------------------------------------------------- training

  /** Trains on one mini-batch and returns the predictions made before the update. */
  public TrainResult train(List<Example> batch) {
    Pass p = forwardBackward(batch, true);
    apply(p);
    return p.result;
  }

  /**
   * Forward and backward without updating anything: dense gradients are left in each {@link
   * ParamBlock#grad()}, embedding gradients are returned per row key. For gradient checks and blocking
   * tests. New rows (first sight) are initialised but not stored.
   */
  public Gradients gradients(List<Example> batch) {
    Pass p = forwardBackward(batch, true);
    Map<Long, float[]> rows = new java.util.LinkedHashMap<>();
    for (int r = 0; r < p.enc.rowCount; r++) {
      float[] g = new float[dim];
      System.arraycopy(p.rowGrad, r * dim, g, 0, dim);
      rows.put(p.enc.rowKeys[r], g);
    }
    return new Gradients(p.result, rows);
  }

  /** Dense gradients (in the blocks) and embedding gradients (per row key) of one batch. */
  public record Gradients(TrainResult result, Map<Long, float[]> embeddingGrads) {}

  /** Teacher logits and last hidden layer for a batch, copied (for stop-gradient checks in tests). */
  float[][] teacherOutputs(List<Example> batch) {
    Encoded enc = encode(batch, true);
    int b = batch.size();
    float[] xt = new float[b * teacherIn];
    float[] xs = new float[b * studentIn];
    assemble(enc, b, xt, xs);
    float[] z = teacher.forward(xt, b).clone();
    return new float[][] {z, java.util.Arrays.copyOf(teacher.hidden(), b * teacher.hiddenSize())};
  }

  /** The training objective at the current parameters, in double; teacher outputs as given or live. */
  double objective(List<Example> batch, float[] frozenTeacherLogits, float[] frozenTeacherHidden) {
    Encoded enc = encode(batch, true);
    int b = batch.size();
    float[] xt = new float[b * teacherIn];
    float[] xs = new float[b * studentIn];
    assemble(enc, b, xt, xs);
    float[] zt = teacher.forward(xt, b).clone();
    float[] ht = teacher.hidden().clone();
    float[] zs = student.forward(xs, b).clone();
    float[] proj = null;
    if (hintProjection != null) {
      proj = new float[b * teacher.hiddenSize()];
      hintProjection.forward(student.hidden(), b, proj);
    }
    double lambda = cfg.lambda().at(step);
    double alpha = cfg.weighting() == Weighting.CONVEX ? 1 - lambda : 1;
    float[] ztD = frozenTeacherLogits != null ? frozenTeacherLogits : zt;
    float[] htD = frozenTeacherHidden != null ? frozenTeacherHidden : ht;
    double total = 0;
    for (int i = 0; i < b; i++) {
      Example e = batch.get(i);
      double w = e.weight() / (double) b;
      double l = LabelLoss.value(zt[i], e.label()) + alpha * LabelLoss.value(zs[i], e.label())
          + lambda * cfg.distillLoss().value(zs[i], ztD[i], cfg.temperature());
      if (proj != null) {
        l += cfg.hintWeight() * HintLoss.value(proj, htD, i * teacher.hiddenSize(), teacher.hiddenSize());
      }
      total += w * l;
    }
    return total;
  }

  private static final class Pass {
    Encoded enc;
    TrainResult result;
    float[] rowGrad;
    int batch;
  }

  private Pass forwardBackward(List<Example> batch, boolean training) {
    int b = batch.size();
    if (b == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    Encoded enc = encode(batch, training);
    float[] xt = new float[b * teacherIn];
    float[] xs = new float[b * studentIn];
    assemble(enc, b, xt, xs);

    boolean useTeacher = !cfg.studentOnly();
    float[] zt = useTeacher ? teacher.forward(xt, b) : new float[b];
    float[] ht = useTeacher ? teacher.hidden() : null;
    float[] zs = student.forward(xs, b);
    float[] hs = student.hidden();
    int hT = teacher.hiddenSize();
    float[] proj = null;
    if (hintProjection != null && useTeacher) {
      proj = new float[b * hT];
      hintProjection.forward(hs, b, proj);
    }

    double lambda = useTeacher ? cfg.lambda().at(step) : 0.0;
    float lam = (float) lambda;
    float alpha = cfg.weighting() == Weighting.CONVEX ? (float) (1 - lambda) : 1f;
    DistillLoss dl = cfg.distillLoss();
    float temp = cfg.temperature();
    boolean blocking = cfg.gradientBlocking();
    float mu = cfg.hintWeight();

    float[] pT = new float[b];
    float[] pS = new float[b];
    float[] gZt = new float[b];
    float[] gZs = new float[b];
    float[] gProj = proj != null ? new float[b * hT] : null;
    float[] gHt = proj != null && !blocking ? new float[b * hT] : null;
    double lt = 0;
    double ls = 0;
    double ld = 0;
    double lh = 0;
    double wsum = 0;
    for (int i = 0; i < b; i++) {
      Example e = batch.get(i);
      float y = e.label();
      float w = e.weight() / b;
      pT[i] = useTeacher ? Kernels.sigmoid(zt[i]) : Float.NaN;
      pS[i] = Kernels.sigmoid(zs[i]);
      ls += e.weight() * LabelLoss.value(zs[i], y);
      if (useTeacher) {
        lt += e.weight() * LabelLoss.value(zt[i], y);
        ld += e.weight() * dl.value(zs[i], zt[i], temp);
      }
      wsum += e.weight();
      gZt[i] = w * LabelLoss.gradient(zt[i], y);
      gZs[i] = w * (alpha * LabelLoss.gradient(zs[i], y)
          + (useTeacher ? lam * dl.gradStudent(zs[i], zt[i], temp) : 0f));
      if (!blocking) {
        gZt[i] += w * lam * dl.gradTeacher(zs[i], zt[i], temp);
      }
      if (proj != null) {
        lh += e.weight() * HintLoss.value(proj, ht, i * hT, hT);
        HintLoss.gradient(proj, ht, i * hT, hT, w * mu, gProj);
        if (gHt != null) {
          for (int j = 0; j < hT; j++) {
            gHt[i * hT + j] = -gProj[i * hT + j];
          }
        }
      }
    }
    double norm = wsum > 0 ? wsum : 1;
    TrainResult result = new TrainResult(step, lambda, pT, pS, lt / norm, ls / norm, ld / norm, lh / norm);

    for (ParamBlock pb : blocks) {
      pb.zeroGrad();
    }
    float[] gxt = new float[b * teacherIn];
    float[] gxs = cfg.studentStopsAtShared() ? null : new float[b * studentIn];
    float[] gHs = null;
    if (proj != null) {
      gHs = new float[b * student.hiddenSize()];
      hintProjection.backward(hs, proj, gProj, b, gHs);
    }
    // The teacher's backward runs first: the student's uses its own buffers only.
    if (useTeacher) {
      teacher.backward(gZt, gHt, b, gxt);
    }
    student.backward(gZs, gHs, b, gxs);

    float[] rowGrad = new float[enc.rowCount * dim];
    scatter(enc, b, gxt, gxs, rowGrad);

    Pass p = new Pass();
    p.enc = enc;
    p.result = result;
    p.rowGrad = rowGrad;
    p.batch = b;
    if (training) {
      p.enc.pendingStats = batch;
    }
    return p;
  }

  private void apply(Pass p) {
    long t = step + 1;
    for (ParamBlock pb : blocks) {
      DenseOptimizer.step(optimizerOf(pb), pb, slots.get(pb), t);
    }
    Encoded enc = p.enc;
    for (int r = 0; r < enc.rowCount; r++) {
      float[] row = enc.rows[r];
      embeddingOptimizer.step(row, p.rowGrad, r * dim);
      store.put(enc.rowKeys[r], row);
    }
    updateStatistics(enc.pendingStats);
    if (sketch != null) {
      for (long key : enc.seenKeys) {
        sketch.add(key);
      }
    }
    step++;
  }

  // ---------------------------------------------------------------- scoring

  /** Student click probabilities; no state changes; values without a row are zero inputs. */
  public float[] scoreStudent(List<Example> batch) {
    return score(batch, false);
  }

  /** Teacher click probabilities; no state changes. */
  public float[] scoreTeacher(List<Example> batch) {
    return score(batch, true);
  }

  private float[] score(List<Example> batch, boolean withTeacher) {
    int b = batch.size();
    Encoded enc = encode(batch, false);
    float[] xt = new float[b * teacherIn];
    float[] xs = new float[b * studentIn];
    assemble(enc, b, xt, xs);
    float[] z = withTeacher ? teacher.forward(xt, b) : student.forward(xs, b);
    float[] p = new float[b];
    for (int i = 0; i < b; i++) {
      p[i] = Kernels.sigmoid(z[i]);
    }
    return p;
  }

  // ---------------------------------------------------------------- encoding

  /** A batch mapped to local rows: CSR lists of row indices per (example, field) and numeric inputs. */
  private static final class Encoded {
    int rowCount;
    long[] rowKeys;
    float[][] rows;
    int[] start; // (B·F + 1) offsets into rowIndex
    int[] rowIndex;
    float[] numeric; // B·F
    List<Long> seenKeys;
    List<Example> pendingStats;
  }

  private Encoded encode(List<Example> batch, boolean training) {
    int b = batch.size();
    int nf = spec.size();
    Encoded enc = new Encoded();
    LongIntMap local = new LongIntMap(b * nf);
    List<Long> keys = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    enc.start = new int[b * nf + 1];
    int[] idx = new int[Math.max(16, b * nf * 2)];
    int n = 0;
    enc.numeric = new float[b * nf];
    enc.seenKeys = sketch != null && training ? new ArrayList<>() : List.of();
    long buckets = cfg.hashBuckets();
    for (int i = 0; i < b; i++) {
      Example e = batch.get(i);
      for (int f = 0; f < nf; f++) {
        enc.start[i * nf + f] = n;
        FieldSpec fs = spec.field(f);
        if (fs.categorical()) {
          List<String> values = e.categorical().get(fs.name());
          if (values == null) {
            continue;
          }
          for (String v : values) {
            if (v == null) {
              continue;
            }
            long key = RowKeys.key(f, fs.name(), v, buckets);
            int r = local.get(key);
            if (r < 0) {
              float[] row = store.get(key);
              if (row == null) {
                if (!training || !admitted(key)) {
                  if (training && sketch != null) {
                    enc.seenKeys.add(key);
                  }
                  continue;
                }
                row = newRow(key);
              }
              if (training && sketch != null) {
                enc.seenKeys.add(key);
              }
              r = keys.size();
              keys.add(key);
              rows.add(row);
              local.put(key, r);
            }
            if (n == idx.length) {
              idx = java.util.Arrays.copyOf(idx, n * 2);
            }
            idx[n++] = r;
          }
        } else {
          Float v = e.numeric().get(fs.name());
          if (v == null || !Float.isFinite(v)) {
            continue; // missing (or non-finite): a zero input
          }
          float pre = fs.transform().preTransform(v);
          enc.numeric[i * nf + f] = fs.transform().standardizes()
              ? Standardizer.apply(pre, statMean[f], Standardizer.std(statCount[f], statM2[f]))
              : pre;
        }
      }
    }
    enc.start[b * nf] = n;
    enc.rowIndex = idx;
    enc.rowCount = keys.size();
    enc.rowKeys = new long[enc.rowCount];
    enc.rows = new float[enc.rowCount][];
    for (int r = 0; r < enc.rowCount; r++) {
      enc.rowKeys[r] = keys.get(r);
      enc.rows[r] = rows.get(r);
    }
    return enc;
  }

  private boolean admitted(long key) {
    return sketch == null || sketch.estimate(key) + 1 >= cfg.minCount();
  }

  /** A new row: its embedding is seeded by (seed, key), so it is the same whenever and wherever created. */
  private float[] newRow(long key) {
    float[] row = new float[embeddingOptimizer.rowWidth()];
    SplittableRandom r = new SplittableRandom(StableHash.mix(cfg.seed() ^ key));
    float scale = cfg.embeddingInitScale();
    for (int j = 0; j < dim; j++) {
      row[j] = (float) ((r.nextDouble() * 2 - 1) * scale);
    }
    embeddingOptimizer.initSlots(row);
    return row;
  }

  private void assemble(Encoded enc, int b, float[] xt, float[] xs) {
    int nf = spec.size();
    for (int i = 0; i < b; i++) {
      for (int f = 0; f < nf; f++) {
        FieldSpec fs = spec.field(f);
        int to = i * teacherIn + teacherOffset[f];
        int so = studentOffset[f] >= 0 ? i * studentIn + studentOffset[f] : -1;
        if (fs.categorical()) {
          int from = enc.start[i * nf + f];
          int until = enc.start[i * nf + f + 1];
          for (int k = from; k < until; k++) {
            float[] row = enc.rows[enc.rowIndex[k]];
            for (int j = 0; j < dim; j++) {
              xt[to + j] += row[j];
            }
          }
          if (so >= 0) {
            System.arraycopy(xt, to, xs, so, dim);
          }
        } else {
          float v = enc.numeric[i * nf + f];
          xt[to] = v;
          if (so >= 0) {
            xs[so] = v;
          }
        }
      }
    }
  }

  private void scatter(Encoded enc, int b, float[] gxt, float[] gxs, float[] rowGrad) {
    int nf = spec.size();
    for (int i = 0; i < b; i++) {
      for (int f = 0; f < nf; f++) {
        FieldSpec fs = spec.field(f);
        if (!fs.categorical()) {
          continue;
        }
        int to = i * teacherIn + teacherOffset[f];
        int so = gxs != null && studentOffset[f] >= 0 ? i * studentIn + studentOffset[f] : -1;
        int from = enc.start[i * nf + f];
        int until = enc.start[i * nf + f + 1];
        for (int k = from; k < until; k++) {
          int g = enc.rowIndex[k] * dim;
          for (int j = 0; j < dim; j++) {
            rowGrad[g + j] += gxt[to + j];
          }
          if (so >= 0) {
            for (int j = 0; j < dim; j++) {
              rowGrad[g + j] += gxs[so + j];
            }
          }
        }
      }
    }
  }

  private void updateStatistics(List<Example> batch) {
    int nf = spec.size();
    for (Example e : batch) {
      for (int f = 0; f < nf; f++) {
        FieldSpec fs = spec.field(f);
        if (fs.categorical() || !fs.transform().standardizes()) {
          continue;
        }
        Float v = e.numeric().get(fs.name());
        if (v == null || !Float.isFinite(v)) {
          continue;
        }
        double x = fs.transform().preTransform(v);
        statCount[f] += 1;
        double d = x - statMean[f];
        statMean[f] += d / statCount[f];
        statM2[f] += d * (x - statMean[f]);
      }
    }
  }

  // ---------------------------------------------------------------- export

  /**
   * The student alone: shared fields, their frozen statistics, the student network and the embedding rows
   * of shared categorical fields (embedding part only). Holds nothing of the teacher or privileged fields.
   */
  public StudentModel exportStudent() {
    int nf = spec.size();
    List<StudentModel.Field> fields = new ArrayList<>();
    for (int f = 0; f < nf; f++) {
      FieldSpec fs = spec.field(f);
      if (!fs.shared()) {
        continue;
      }
      double mean = fs.transform().standardizes() ? statMean[f] : 0;
      double std = fs.transform().standardizes() ? Standardizer.std(statCount[f], statM2[f]) : 1;
      fields.add(new StudentModel.Field(f, fs, mean, std));
    }
    boolean[] sharedCat = new boolean[nf];
    for (int f = 0; f < nf; f++) {
      sharedCat[f] = spec.field(f).shared() && spec.field(f).categorical();
    }
    List<Long> keys = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    store.forEach((k, row) -> {
      int f = RowKeys.fieldIndex(k);
      if (f < nf && sharedCat[f]) {
        keys.add(k);
        rows.add(java.util.Arrays.copyOf(row, dim));
      }
    });
    // Sorted keys make the export (and so its checksum) independent of the store's iteration order.
    Integer[] order = new Integer[keys.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, c) -> Long.compare(keys.get(a), keys.get(c)));
    long[] k = new long[order.length];
    float[] emb = new float[order.length * dim];
    for (int i = 0; i < order.length; i++) {
      k[i] = keys.get(order[i]);
      System.arraycopy(rows.get(order[i]), 0, emb, i * dim, dim);
    }
    List<StudentModel.Layer> layers = new ArrayList<>();
    for (Dense d : student.mlp().layers()) {
      layers.add(new StudentModel.Layer(d.in(), d.out(), d.weight().value().clone(),
          d.bias().value().clone(), true));
    }
    Dense h = student.head();
    layers.add(new StudentModel.Layer(h.in(), h.out(), h.weight().value().clone(), h.bias().value().clone(),
        false));
    return new StudentModel(dim, cfg.hashBuckets(), fields, layers, k, emb);
  }
}
