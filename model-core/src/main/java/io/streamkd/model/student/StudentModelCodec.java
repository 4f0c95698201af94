package io.streamkd.model.student;

import io.streamkd.model.feature.FieldKind;
import io.streamkd.model.feature.FieldRole;
import io.streamkd.model.feature.FieldSpec;
import io.streamkd.model.feature.NumericTransform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The versioned binary form of a {@link StudentModel}, carried in {@code StudentSnapshot.parameters}.
 * Big-endian; floats as raw IEEE bits, so a round trip is bit-exact:
 *
 * <pre>
 *   "SKDS" | format u32 | dim u32 | hashBuckets u64
 *   fields u32 × (index u32, name utf, kind u8, transform u8, mean f64, std f64)
 *   layers u32 × (in u32, out u32, relu u8, W f32[in·out], b f32[out])
 *   rows u32 × key u64, then rows·dim f32
 * </pre>
 *
 * Decoders reject unknown versions and impossible sizes with a message naming what is wrong.
 */
public final class StudentModelCodec {
  public static final int MAGIC = 0x534B4453; // "SKDS"
  public static final int FORMAT_VERSION = 1;
  private static final int MAX_ROWS = 200_000_000;

  private StudentModelCodec() {}

  public static byte[] encode(StudentModel m) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(
          64 + m.rowCount() * (8 + 4 * m.embeddingDim()));
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(m.embeddingDim());
      out.writeLong(m.hashBuckets());
      out.writeInt(m.fields().size());
      for (StudentModel.Field f : m.fields()) {
        out.writeInt(f.index());
        out.writeUTF(f.spec().name());
        out.writeByte(f.spec().kind().ordinal());
        out.writeByte(f.spec().transform().ordinal());
        out.writeLong(Double.doubleToRawLongBits(f.mean()));
        out.writeLong(Double.doubleToRawLongBits(f.std()));
      }
      out.writeInt(m.layers().size());
      for (StudentModel.Layer l : m.layers()) {
        out.writeInt(l.in());
        out.writeInt(l.out());
        out.writeByte(l.relu() ? 1 : 0);
        writeFloats(out, l.weight());
        writeFloats(out, l.bias());
      }
      long[] keys = m.rowKeys();
      out.writeInt(keys.length);
      for (long k : keys) {
        out.writeLong(k);
      }
      writeFloats(out, m.embeddings());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws IllegalArgumentException with the reason when the bytes are not a student model this version
   *     can read
   */
  public static StudentModel decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new IllegalArgumentException(
            String.format("not a StreamKD student model: magic 0x%08x, expected 0x%08x", magic, MAGIC));
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("student model format version " + version
            + " is not supported; this build reads version " + FORMAT_VERSION);
      }
      int dim = bounded(in.readInt(), 1, 1024, "embedding dim");
      long buckets = in.readLong();
      int nf = bounded(in.readInt(), 1, 256, "field count");
      List<StudentModel.Field> fields = new ArrayList<>(nf);
      for (int i = 0; i < nf; i++) {
        int index = bounded(in.readInt(), 0, 255, "field index");
        String name = in.readUTF();
        FieldKind kind = FieldKind.values()[bounded(in.readByte(), 0, FieldKind.values().length - 1,
            "field kind")];
        NumericTransform t = NumericTransform.values()[bounded(in.readByte(), 0,
            NumericTransform.values().length - 1, "transform")];
        double mean = Double.longBitsToDouble(in.readLong());
        double std = Double.longBitsToDouble(in.readLong());
        fields.add(new StudentModel.Field(index, new FieldSpec(name, kind, FieldRole.SHARED, t), mean, std));
      }
      int nl = bounded(in.readInt(), 1, 64, "layer count");
      List<StudentModel.Layer> layers = new ArrayList<>(nl);
      for (int i = 0; i < nl; i++) {
        int lin = bounded(in.readInt(), 1, 1 << 16, "layer input size");
        int lout = bounded(in.readInt(), 1, 1 << 16, "layer output size");
        boolean relu = in.readByte() != 0;
        long weights = (long) lin * lout;
        if (weights > data.length / 4) {
          throw new IllegalArgumentException("layer " + i + " claims " + weights
              + " weights, more than the " + data.length + " bytes hold");
        }
        layers.add(new StudentModel.Layer(lin, lout, readFloats(in, (int) weights), readFloats(in, lout),
            relu));
      }
      int rows = bounded(in.readInt(), 0, MAX_ROWS, "row count");
      if ((long) rows * (8 + 4L * dim) > data.length) {
        throw new IllegalArgumentException(
            "model claims " + rows + " rows, more than the " + data.length + " bytes hold");
      }
      long[] keys = new long[rows];
      for (int i = 0; i < rows; i++) {
        keys[i] = in.readLong();
      }
      float[] emb = readFloats(in, rows * dim);
      if (in.available() > 0) {
        throw new IllegalArgumentException(in.available() + " unexpected trailing bytes");
      }
      return new StudentModel(dim, buckets, fields, layers, keys, emb);
    } catch (EOFException e) {
      throw new IllegalArgumentException("student model truncated (" + data.length + " bytes)", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int bounded(int v, int min, int max, String what) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(what + " " + v + " is outside [" + min + ", " + max + "]");
    }
    return v;
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    for (float f : a) {
      out.writeInt(Float.floatToRawIntBits(f));
    }
  }

  private static float[] readFloats(DataInputStream in, int n) throws IOException {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = Float.intBitsToFloat(in.readInt());
    }
    return a;
  }
}
