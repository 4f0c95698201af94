package io.streamkd.schemas.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * The evolution policy: FULL compatibility. Every current schema reads every released version's data and
 * every released reader reads current data, which in Avro terms means any added field has a default and
 * no field lost its default or changed type. A change that breaks it fails here, with Avro's reason.
 */
class SchemaCompatibilityTest {
  static final List<WireCodec<?>> ALL = List.of(Codecs.IMPRESSION, Codecs.CLICK, Codecs.SNAPSHOT,
      Codecs.DEAD_LETTER, Codecs.LABELED_EXAMPLE);

  @Test
  void currentSchemasShouldBeFullyCompatibleWithEveryReleasedVersion() {
    for (WireCodec<?> codec : ALL) {
      String name = codec.type().getSimpleName();
      List<Schema> released = Codecs.released(name);
      assertFalse(released.isEmpty(), "no released schema kept for " + name);
      for (Schema old : released) {
        assertCompatible(name + ": current reads released", codec.schema(), old);
        assertCompatible(name + ": released reads current", old, codec.schema());
      }
    }
  }

  @Test
  void codecsShouldKnowEveryReleasedWriter() {
    for (WireCodec<?> codec : ALL) {
      for (Schema old : Codecs.released(codec.type().getSimpleName())) {
        assertNotNull(codec.knownWriters().get(org.apache.avro.SchemaNormalization.parsingFingerprint64(old)));
      }
    }
  }

  private static void assertCompatible(String what, Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility c =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    assertEquals(SchemaCompatibilityType.COMPATIBLE, c.getType(), what + ": " + c.getDescription());
  }
}
