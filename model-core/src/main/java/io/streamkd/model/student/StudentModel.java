package io.streamkd.model.student;

import io.streamkd.model.feature.Example;
import io.streamkd.model.feature.FieldSpec;
import io.streamkd.model.feature.RowKeys;
import io.streamkd.model.feature.Standardizer;
import io.streamkd.model.nn.Kernels;
import io.streamkd.model.util.LongIntMap;
import java.util.List;

/**
 * The served model: the student network, the shared fields it reads with their frozen statistics, and the
 * embedding rows of shared categorical fields. Nothing of the teacher, no privileged field, no optimizer
 * state. Scores on plain arrays (no native start-up), immutable and safe to share between threads; each
 * call allocates its own small buffers. Scores are bit-for-bit those of the joint model's student.
 */
public final class StudentModel {
  /**
   * A field the student reads.
   *
   * @param index the field's index in the training feature spec (part of its row keys)
   * @param spec the field
   * @param mean frozen running mean (standardised fields)
   * @param std frozen running standard deviation (standardised fields)
   */
  public record Field(int index, FieldSpec spec, double mean, double std) {}

  /** A dense layer: y = x·W + b, W [in × out] row-major, with an optional ReLU. */
  public record Layer(int in, int out, float[] weight, float[] bias, boolean relu) {
    public Layer {
      if (weight.length != in * out || bias.length != out) {
        throw new IllegalArgumentException(
            "layer shape mismatch: " + in + "x" + out + " with " + weight.length + " weights, "
                + bias.length + " biases");
      }
    }
  }

  private final int dim;
  private final long hashBuckets;
  private final List<Field> fields;
  private final List<Layer> layers;
  private final long[] rowKeys;
  private final float[] embeddings;
  private final LongIntMap index;
  private final int inputSize;
  private final int widest;

  public StudentModel(
      int dim, long hashBuckets, List<Field> fields, List<Layer> layers, long[] rowKeys, float[] embeddings) {
    if (embeddings.length != rowKeys.length * dim) {
      throw new IllegalArgumentException("embeddings hold " + embeddings.length + " floats for "
          + rowKeys.length + " rows of dimension " + dim);
    }
    for (Field f : fields) {
      if (!f.spec().shared()) {
        throw new IllegalArgumentException(
            "privileged field '" + f.spec().name() + "' cannot be part of a student model");
      }
    }
    this.dim = dim;
    this.hashBuckets = hashBuckets;
    this.fields = List.copyOf(fields);
    this.layers = List.copyOf(layers);
    this.rowKeys = rowKeys;
    this.embeddings = embeddings;
    this.index = new LongIntMap(rowKeys.length);
    for (int i = 0; i < rowKeys.length; i++) {
      index.put(rowKeys[i], i);
    }
    int in = 0;
    for (Field f : fields) {
      in += f.spec().categorical() ? dim : 1;
    }
    this.inputSize = in;
    if (layers.isEmpty() || layers.get(0).in() != in || layers.get(layers.size() - 1).out() != 1) {
      throw new IllegalArgumentException("layers do not map " + in + " inputs to one logit");
    }
    int w = in;
    for (Layer l : layers) {
      w = Math.max(w, l.out());
    }
    this.widest = w;
  }

  public int embeddingDim() {
    return dim;
  }

  public long hashBuckets() {
    return hashBuckets;
  }

  public List<Field> fields() {
    return fields;
  }

  public List<Layer> layers() {
    return layers;
  }

  public long[] rowKeys() {
    return rowKeys;
  }

  public float[] embeddings() {
    return embeddings;
  }

  public int rowCount() {
    return rowKeys.length;
  }

  public int inputSize() {
    return inputSize;
  }

  /** Click probability of one example. Missing fields and unseen values are zero inputs. */
  public float score(Example e) {
    return Kernels.sigmoid(logit(e));
  }

  public float[] score(List<Example> batch) {
    float[] out = new float[batch.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = score(batch.get(i));
    }
    return out;
  }

  public float logit(Example e) {
    float[] x = new float[widest];
    float[] y = new float[widest];
    int o = 0;
    for (Field f : fields) {
      FieldSpec fs = f.spec();
      if (fs.categorical()) {
        List<String> values = e.categorical().get(fs.name());
        if (values != null) {
          for (String v : values) {
            if (v == null) {
              continue;
            }
            int r = index.get(RowKeys.key(f.index(), fs.name(), v, hashBuckets));
            if (r >= 0) {
              int base = r * dim;
              for (int j = 0; j < dim; j++) {
                x[o + j] += embeddings[base + j];
              }
            }
          }
        }
        o += dim;
      } else {
        Float v = e.numeric().get(fs.name());
        if (v != null && Float.isFinite(v)) {
          float pre = fs.transform().preTransform(v);
          x[o] = fs.transform().standardizes() ? Standardizer.apply(pre, f.mean(), f.std()) : pre;
        }
        o += 1;
      }
    }
    float[] cur = x;
    float[] next = y;
    for (Layer l : layers) {
      Kernels.affine(cur, 1, l.in(), l.weight(), l.bias(), l.out(), next);
      if (l.relu()) {
        for (int j = 0; j < l.out(); j++) {
          if (next[j] < 0f) {
            next[j] = 0f;
          }
        }
      }
      float[] t = cur;
      cur = next;
      next = t;
      java.util.Arrays.fill(next, 0f);
    }
    return cur[0];
  }

  /** Multiply-adds per scored example. */
  public long macs() {
    long m = 0;
    for (Layer l : layers) {
      m += (long) l.in() * l.out();
    }
    return m;
  }

  public String describe() {
    StringBuilder sb = new StringBuilder("emb").append(dim).append(" x ").append(fields.size())
        .append(" fields -> ");
    for (int i = 0; i < layers.size() - 1; i++) {
      sb.append(layers.get(i).out()).append(" relu -> ");
    }
    return sb.append("logit").toString();
  }
}
