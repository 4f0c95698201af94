package io.streamkd.schemas.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamkd.schemas.ClickEvent;
import io.streamkd.schemas.ImpressionEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireCodecTest {

  @Test
  void everyTypeShouldRoundTrip() throws Exception {
    assertEquals(SampleRecords.impression(), Codecs.IMPRESSION.decode(Codecs.IMPRESSION.encode(SampleRecords.impression())));
    assertEquals(SampleRecords.click(), Codecs.CLICK.decode(Codecs.CLICK.encode(SampleRecords.click())));
    assertEquals(SampleRecords.snapshot(), Codecs.SNAPSHOT.decode(Codecs.SNAPSHOT.encode(SampleRecords.snapshot())));
    assertEquals(SampleRecords.deadLetter(),
        Codecs.DEAD_LETTER.decode(Codecs.DEAD_LETTER.encode(SampleRecords.deadLetter())));
  }

  @Test
  void encodingShouldBeTheSpecsSingleObjectFormat() {
    byte[] b = Codecs.CLICK.encode(SampleRecords.click());
    assertEquals((byte) 0xC3, b[0]);
    assertEquals((byte) 0x01, b[1]);
    long fp = ByteBuffer.wrap(b, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(Codecs.CLICK.fingerprint(), fp);
    // Avro's own single-object encoder writes the same bytes: any Avro client can read our topics.
    assertEquals(ByteBuffer.wrap(b), encodeWithAvro(SampleRecords.click()));
  }

  private static ByteBuffer encodeWithAvro(ClickEvent c) {
    try {
      return c.toByteBuffer();
    } catch (java.io.IOException e) {
      throw new RuntimeException(e);
    }
  }

  /** An older ClickEvent: before dwell time, conversion and signals were added. */
  static final Schema CLICK_V0 = new Schema.Parser().parse("""
      {"type":"record","name":"ClickEvent","namespace":"io.streamkd.schemas","fields":[
        {"name":"impression_id","type":"string"},
        {"name":"event_time","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");

  /** A newer ClickEvent: one more field, with a default as the policy demands. */
  static final Schema CLICK_NEXT = new Schema.Parser().parse(ClickEvent.getClassSchema().toString()
      .replace("\"fields\":[", "\"fields\":[{\"name\":\"device\",\"type\":\"string\",\"default\":\"unknown\"},"));

  @Test
  void snapshotsWrittenWithTheReleasedV1SchemaShouldStillDecode() throws Exception {
    Schema v1 = Codecs.released("StudentSnapshot").get(0);
    io.streamkd.schemas.StudentSnapshot current = SampleRecords.snapshot();
    // A v1 producer's bytes (v1 has no student_alone_* metrics): written with the v1 schema.
    byte[] bytes = Codecs.SNAPSHOT.encode(current, v1);
    io.streamkd.schemas.StudentSnapshot read = Codecs.SNAPSHOT.decode(bytes);
    assertEquals(current.getModelVersion(), read.getModelVersion());
    assertEquals(current.getMetrics().getStudentAuc(), read.getMetrics().getStudentAuc());
    assertEquals(null, read.getMetrics().getStudentAloneAuc(), "field added after v1 takes its default");
  }

  @Test
  void oldWriterShouldBeReadByTheNewReaderWithDefaults() throws Exception {
    WireCodec<ClickEvent> codec = WireCodec.of(ClickEvent.class, List.of(CLICK_V0));
    GenericRecord old = new GenericData.Record(CLICK_V0);
    old.put("impression_id", "imp-9");
    old.put("event_time", 5L);
    ClickEvent c = codec.decode(codec.encode(old, CLICK_V0));
    assertEquals("imp-9", c.getImpressionId());
    assertEquals(null, c.getDwellTimeMs());
    assertFalse(c.getConverted());
    assertTrue(c.getSignals().isEmpty());
  }

  @Test
  void newWriterShouldBeReadByTheOldReaderIgnoringTheNewField() throws Exception {
    WireCodec<ClickEvent> codec = WireCodec.of(ClickEvent.class, List.of(CLICK_NEXT));
    GenericRecord next = new GenericData.Record(CLICK_NEXT);
    next.put("device", "tv");
    next.put("impression_id", "imp-10");
    next.put("event_time", 6L);
    next.put("dwell_time_ms", 100L);
    next.put("converted", false);
    next.put("signals", java.util.Map.of());
    ClickEvent c = codec.decode(codec.encode(next, CLICK_NEXT));
    assertEquals("imp-10", c.getImpressionId());
    assertEquals(100L, c.getDwellTimeMs());
  }

  private static String reason(WireCodec<?> codec, byte[] bytes) {
    return assertThrows(DecodeException.class, () -> codec.decode(bytes)).getMessage();
  }

  @Test
  void garbageShouldGiveAReasonAPersonCanActOn() {
    byte[] good = Codecs.IMPRESSION.encode(SampleRecords.impression());
    assertTrue(reason(Codecs.IMPRESSION, new byte[0]).startsWith("empty payload"));
    assertTrue(reason(Codecs.IMPRESSION, new byte[] {(byte) 0xC3, 1, 2}).startsWith("truncated header"));
    assertTrue(reason(Codecs.IMPRESSION, "{\"json\": true}".getBytes()).startsWith("wrong marker 0x7b22"));
    byte[] otherFp = good.clone();
    otherFp[5] ^= 0x55;
    assertTrue(reason(Codecs.IMPRESSION, otherFp).startsWith("unknown schema fingerprint 0x"));
    String truncated = reason(Codecs.IMPRESSION, Arrays.copyOf(good, 37));
    assertTrue(truncated.contains("truncated") && truncated.contains("at byte"), truncated);
    byte[] trailing = Arrays.copyOf(good, good.length + 3);
    assertTrue(reason(Codecs.IMPRESSION, trailing).startsWith("3 trailing bytes"));
    // A click is not an impression: its fingerprint is unknown to the impression codec.
    assertTrue(reason(Codecs.IMPRESSION, Codecs.CLICK.encode(SampleRecords.click()))
        .startsWith("unknown schema fingerprint"));
  }

  @Test
  void absurdLengthsShouldBeRejectedWithoutAllocating() throws Exception {
    byte[] header = Arrays.copyOf(Codecs.CLICK.encode(SampleRecords.click()), WireCodec.HEADER_SIZE);
    // ClickEvent body: impression_id string with a claimed length of 2^40 bytes.
    assertTrue(reason(Codecs.CLICK, concat(header, varints(1L << 40))).contains("exceeds the"));
    // Valid id and time, null dwell, converted=false, then a map claiming 2^31 entries.
    byte[] body = concat(varints(1), new byte[] {'x'}, varints(5), varints(0), new byte[] {0},
        varints(1L << 31));
    String r = reason(Codecs.CLICK, concat(header, body));
    assertTrue(r.contains("map of 2147483648 items"), r);
    // A map claiming 500k entries (under the item limit) in a 30-byte message.
    body = concat(varints(1), new byte[] {'x'}, varints(5), varints(0), new byte[] {0}, varints(500_000));
    r = reason(Codecs.CLICK, concat(header, body));
    assertTrue(r.contains("cannot fit"), r);
  }

  private static byte[] varints(long... values) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
      for (long v : values) {
        e.writeLong(v);
      }
      e.flush();
      return out.toByteArray();
    } catch (java.io.IOException ex) {
      throw new RuntimeException(ex);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void kafkaSerdesShouldRoundTripAndNameTheTopicOnGarbage() {
    AvroSerializer<ImpressionEvent> ser = new AvroSerializer<>(Codecs.IMPRESSION);
    AvroDeserializer<ImpressionEvent> de = new AvroDeserializer<>(Codecs.IMPRESSION);
    assertEquals(SampleRecords.impression(), de.deserialize("impressions", ser.serialize("impressions",
        SampleRecords.impression())));
    SerializationException e = assertThrows(SerializationException.class,
        () -> de.deserialize("impressions", new byte[] {1, 2, 3}));
    assertTrue(e.getMessage().startsWith("topic impressions: truncated header"), e.getMessage());
  }
}
