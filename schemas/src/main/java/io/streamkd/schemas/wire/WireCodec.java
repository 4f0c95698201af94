package io.streamkd.schemas.wire;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (spec 1.12, "Single-object encoding"): {@code C3 01}, the writer schema's
 * 8-byte CRC-64-AVRO fingerprint (little-endian), then the binary body. Consumers need no schema
 * registry: a decoder knows the current schema and every released one, and resolves a record written with
 * any of them to the current reader schema (older and newer writers alike).
 *
 * <p>Decoding never trusts the bytes: wrong marker, unknown fingerprint, truncation, absurd lengths and
 * trailing garbage each give a {@link DecodeException} whose message says what and where. Thread-safe.
 *
 * @param <T> the generated record class
 */
public final class WireCodec<T extends SpecificRecord> {
  public static final byte MARKER_0 = (byte) 0xC3;
  public static final byte MARKER_1 = (byte) 0x01;
  public static final int HEADER_SIZE = 10;
  /** No field of any StreamKD schema legitimately holds more items. */
  public static final int DEFAULT_MAX_COLLECTION_ITEMS = 1_000_000;

  private final Class<T> type;
  private final Schema schema;
  private final long fingerprint;
  private final Map<Long, Schema> writers;
  private final int maxCollectionItems;

  private WireCodec(Class<T> type, Schema schema, List<Schema> released, int maxCollectionItems) {
    this.type = type;
    this.schema = schema;
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    Map<Long, Schema> w = new LinkedHashMap<>();
    w.put(fingerprint, schema);
    for (Schema s : released) {
      w.putIfAbsent(SchemaNormalization.parsingFingerprint64(s), s);
    }
    this.writers = Collections.unmodifiableMap(w);
    this.maxCollectionItems = maxCollectionItems;
  }

  /**
   * @param released writer schemas of earlier (or other known) versions that this decoder must read
   */
  public static <T extends SpecificRecord> WireCodec<T> of(Class<T> type, List<Schema> released) {
    return new WireCodec<>(type, SpecificData.get().getSchema(type), released, DEFAULT_MAX_COLLECTION_ITEMS);
  }

  /** The same codec with another bound on collection sizes. */
  public WireCodec<T> withMaxCollectionItems(int max) {
    return new WireCodec<>(type, schema, new ArrayList<>(writers.values()), max);
  }

  public Schema schema() {
    return schema;
  }

  public long fingerprint() {
    return fingerprint;
  }

  public Map<Long, Schema> knownWriters() {
    return writers;
  }

  public Class<T> type() {
    return type;
  }

  public byte[] encode(T record) {
    return encode(record, schema);
  }

  /** Encodes with an explicit writer schema (a producer on another version). */
  public byte[] encode(Object record, Schema writer) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(128);
      out.write(MARKER_0);
      out.write(MARKER_1);
      long fp = SchemaNormalization.parsingFingerprint64(writer);
      for (int i = 0; i < 8; i++) {
        out.write((int) (fp >>> (8 * i)));
      }
      BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
      new SpecificDatumWriter<>(writer).write(record, enc);
      enc.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public T decode(byte[] bytes) throws DecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new DecodeException("empty payload: expected an Avro single-object encoded "
          + type.getSimpleName());
    }
    if (bytes.length < HEADER_SIZE) {
      throw new DecodeException("truncated header: " + bytes.length + " bytes, the single-object header alone has "
          + HEADER_SIZE);
    }
    if (bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
      throw new DecodeException(String.format(
          "wrong marker 0x%02x%02x: not Avro single-object encoding (expected 0xc301)", bytes[0], bytes[1]));
    }
    long fp = 0;
    for (int i = 0; i < 8; i++) {
      fp |= (bytes[2 + i] & 0xFFL) << (8 * i);
    }
    Schema writer = writers.get(fp);
    if (writer == null) {
      throw new DecodeException(String.format(
          "unknown schema fingerprint 0x%016x for %s (known: %s)", fp, type.getSimpleName(),
          writers.keySet().stream().map(k -> String.format("0x%016x", k)).toList()));
    }
    BoundedDecoder in = new BoundedDecoder(bytes, HEADER_SIZE, maxCollectionItems);
    T record;
    try {
      SpecificDatumReader<T> reader = new SpecificDatumReader<>(writer, schema);
      record = reader.read(null, in);
    } catch (EOFException e) {
      throw new DecodeException("truncated at byte " + in.position() + " of " + bytes.length + ": the "
          + type.getSimpleName() + " body ends early", e);
    } catch (BoundedDecoder.LimitException e) {
      throw new DecodeException("corrupt or truncated " + type.getSimpleName() + " (" + bytes.length
          + " bytes): " + e.getMessage(), e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException
        | NegativeArraySizeException e) {
      throw new DecodeException("corrupt " + type.getSimpleName() + " at byte " + in.position() + " of "
          + bytes.length + ": " + e, e);
    }
    if (in.remaining() > 0) {
      throw new DecodeException(in.remaining() + " trailing bytes after the " + type.getSimpleName()
          + " record (ends at byte " + in.position() + " of " + bytes.length + ")");
    }
    return record;
  }
}
