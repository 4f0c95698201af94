package io.streamkd.model.train;

import io.streamkd.model.nn.ParamBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Everything of a {@link JointModel} that is not an embedding row, in a compact versioned binary form: the
 * step counter, each dense block with its optimizer slots, the running statistics and the count-min
 * sketch. Floats travel as raw bits, so write → read is bit-exact. A state written for another
 * architecture is rejected with the first block that differs.
 */
public final class DenseStateCodec {
  public static final int MAGIC = 0x534B444A; // "SKDJ"
  public static final int VERSION = 1;

  private DenseStateCodec() {}

  public static byte[] write(JointModel m) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(m.step);
      List<ParamBlock> blocks = m.blocks();
      out.writeInt(blocks.size());
      for (ParamBlock b : blocks) {
        out.writeUTF(b.name());
        out.writeInt(b.size());
        writeFloats(out, b.value());
        float[][] slots = m.slotsOf(b);
        out.writeByte(slots.length);
        for (float[] s : slots) {
          writeFloats(out, s);
        }
      }
      int nf = m.statCount.length;
      out.writeInt(nf);
      for (int f = 0; f < nf; f++) {
        out.writeLong(Double.doubleToRawLongBits(m.statCount[f]));
        out.writeLong(Double.doubleToRawLongBits(m.statMean[f]));
        out.writeLong(Double.doubleToRawLongBits(m.statM2[f]));
      }
      out.writeBoolean(m.sketch != null);
      if (m.sketch != null) {
        m.sketch.write(out);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Overwrites the model's dense state with the bytes; the model must have the same architecture. */
  public static void read(JointModel m, byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a StreamKD joint model state (bad magic)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "joint model state version " + version + " is not supported; this build reads " + VERSION);
      }
      long step = in.readLong();
      List<ParamBlock> blocks = m.blocks();
      int n = in.readInt();
      if (n != blocks.size()) {
        throw new IllegalArgumentException("state has " + n + " dense blocks but the configured model has "
            + blocks.size() + ": the architecture flags differ from the ones the state was written with");
      }
      for (ParamBlock b : blocks) {
        String name = in.readUTF();
        int size = in.readInt();
        if (!name.equals(b.name()) || size != b.size()) {
          throw new IllegalArgumentException("state block " + name + "[" + size + "] does not match "
              + b.name() + "[" + b.size() + "]: the architecture flags differ");
        }
        readFloats(in, b.value());
        int slotCount = in.readByte();
        float[][] slots = m.slotsOf(b);
        if (slotCount != slots.length) {
          throw new IllegalArgumentException("state block " + name + " has " + slotCount
              + " optimizer slots, the configured optimizer keeps " + slots.length);
        }
        for (float[] s : slots) {
          readFloats(in, s);
        }
      }
      int nf = in.readInt();
      if (nf != m.statCount.length) {
        throw new IllegalArgumentException(
            "state has " + nf + " fields, the feature spec has " + m.statCount.length);
      }
      for (int f = 0; f < nf; f++) {
        m.statCount[f] = Double.longBitsToDouble(in.readLong());
        m.statMean[f] = Double.longBitsToDouble(in.readLong());
        m.statM2[f] = Double.longBitsToDouble(in.readLong());
      }
      boolean hasSketch = in.readBoolean();
      m.sketch = hasSketch ? CountMinSketch.read(in) : null;
      m.step = step;
    } catch (EOFException e) {
      throw new IllegalArgumentException("joint model state truncated (" + data.length + " bytes)", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    for (float f : a) {
      out.writeInt(Float.floatToRawIntBits(f));
    }
  }

  private static void readFloats(DataInputStream in, float[] into) throws IOException {
    for (int i = 0; i < into.length; i++) {
      into[i] = Float.intBitsToFloat(in.readInt());
    }
  }
}
