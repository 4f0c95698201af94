package io.streamkd.schemas.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder over one in-memory message that refuses lengths and counts the remaining bytes
 * cannot hold, so that a corrupt length prefix ("a string of 2 GB", "a map of 10⁹ entries") fails at once
 * instead of allocating. Every string, byte and collection element takes at least one byte on the wire,
 * so no honest message is refused. Also knows its position, for error messages.
 */
final class BoundedDecoder extends Decoder {
  /** A stream whose position is visible. */
  static final class Input extends ByteArrayInputStream {
    Input(byte[] buf, int offset) {
      super(buf, offset, buf.length - offset);
    }

    int position() {
      return pos;
    }

    int remaining() {
      return count - pos;
    }
  }

  private final Input input;
  private final BinaryDecoder in;
  private final int maxCollectionItems;

  BoundedDecoder(byte[] message, int offset, int maxCollectionItems) {
    this.input = new Input(message, offset);
    this.in = DecoderFactory.get().directBinaryDecoder(input, null);
    this.maxCollectionItems = maxCollectionItems;
  }

  int position() {
    return input.position();
  }

  int remaining() {
    return input.remaining();
  }

  private int checkedLength(long length, String what) throws IOException {
    if (length < 0) {
      throw new LimitException(what + " has negative length " + length + " at byte " + position());
    }
    if (length > remaining()) {
      throw new LimitException(what + " of " + length + " bytes at byte " + position()
          + " exceeds the " + remaining() + " bytes left in the message");
    }
    return (int) length;
  }

  private long checkedCount(long count, String what) throws IOException {
    if (count < 0) {
      // A negative block count is followed by the block's byte size; read and check it.
      long size = in.readLong();
      checkedLength(size, what + " block");
      count = -count;
    }
    if (count > maxCollectionItems) {
      throw new LimitException(what + " of " + count + " items at byte " + position()
          + " exceeds the limit of " + maxCollectionItems);
    }
    if (count > remaining()) {
      throw new LimitException(what + " of " + count + " items at byte " + position()
          + " cannot fit in the " + remaining() + " bytes left");
    }
    return count;
  }

  /** A length or count the message cannot hold. */
  static final class LimitException extends IOException {
    LimitException(String message) {
      super(message);
    }
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int len = checkedLength(in.readLong(), "string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(len);
    if (len > 0) {
      in.readFixed(result.getBytes(), 0, len);
    }
    return result;
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(checkedLength(in.readLong(), "string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int len = checkedLength(in.readLong(), "bytes");
    byte[] b = new byte[len];
    in.readFixed(b, 0, len);
    return ByteBuffer.wrap(b);
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(checkedLength(in.readLong(), "bytes"));
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    checkedLength(length, "fixed");
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(checkedLength(length, "fixed"));
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long readArrayStart() throws IOException {
    return checkedCount(in.readLong(), "array");
  }

  @Override
  public long arrayNext() throws IOException {
    return checkedCount(in.readLong(), "array");
  }

  @Override
  public long skipArray() throws IOException {
    return in.skipArray();
  }

  @Override
  public long readMapStart() throws IOException {
    return checkedCount(in.readLong(), "map");
  }

  @Override
  public long mapNext() throws IOException {
    return checkedCount(in.readLong(), "map");
  }

  @Override
  public long skipMap() throws IOException {
    return in.skipMap();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
