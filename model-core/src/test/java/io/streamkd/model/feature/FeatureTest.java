package io.streamkd.model.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureTest {
  /** Pinned (values computed by an independent Python implementation of the spec): changing the hash silently re-keys every embedding table and breaks all snapshots. */
  @Test
  void stableHashShouldMatchPinnedVectors() {
    assertEquals(0x74ee22336e956d00L, StableHash.of("user_id", "u42"));
    assertEquals(0x4f2db50f124040cdL, StableHash.of("", ""));
    assertNotEquals(StableHash.of("ab", "c"), StableHash.of("a", "bc"));
    assertNotEquals(StableHash.of("user_id", "ü"), StableHash.of("user_id", "u"));
  }

  @Test
  void rowKeysShouldCarryTheFieldAndRespectBuckets() {
    long k = RowKeys.key(7, "item", "x", 0);
    assertEquals(7, RowKeys.fieldIndex(k));
    long b = RowKeys.key(3, "item", "x", 1000);
    assertEquals(3, RowKeys.fieldIndex(b));
    assertTrue((b & ((1L << 56) - 1)) < 1000);
  }

  @Test
  void specShouldParseAndFormatRoundTrip() {
    FeatureSpec s = FeatureSpec.parse("user:cat, price:num:log1p_standardize, score:num:privileged:standardize");
    assertEquals(3, s.size());
    assertEquals(FieldRole.PRIVILEGED, s.field(2).role());
    assertEquals(NumericTransform.LOG1P_STANDARDIZE, s.field(1).transform());
    assertEquals(s, FeatureSpec.parse(s.format()));
  }

  @Test
  void badSpecsShouldSayWhatIsWrong() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse("a:vec")).getMessage()
        .contains("[cat, num]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse("a:cat,a:num")).getMessage()
        .contains("declared twice"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse("a:cat:privileged"))
        .getMessage().contains("at least one shared field"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FeatureSpec.parse("a:num:sqrt")).getMessage()
        .contains("Supported"));
  }

  @Test
  void log1pShouldKeepTheSign() {
    assertEquals((float) Math.log1p(9), NumericTransform.LOG1P.preTransform(9f));
    assertEquals((float) -Math.log1p(9), NumericTransform.LOG1P.preTransform(-9f));
  }
}
