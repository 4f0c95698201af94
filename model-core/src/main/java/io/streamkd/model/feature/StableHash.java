package io.streamkd.model.feature;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of (field, value) that is the same on every JVM, platform and release: FNV-1a over the
 * UTF-8 bytes of the field name, a 0xFF separator (never valid UTF-8, so "ab"+"c" ≠ "a"+"bc") and the value,
 * finished with the SplitMix64 mixer so that the low bits are usable as bucket indices. {@code
 * String.hashCode} is 32 bits and only stable by convention, so it is not used.
 *
 * <p>Changing this function changes every embedding row key: it is part of the snapshot format and pinned by
 * test vectors.
 */
public final class StableHash {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private StableHash() {}

  public static long of(String field, String value) {
    long h = FNV_OFFSET;
    h = feed(h, field);
    h = (h ^ 0xFF) * FNV_PRIME;
    h = feed(h, value);
    return mix(h);
  }

  private static long feed(long h, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      h = (h ^ (b & 0xFF)) * FNV_PRIME;
    }
    return h;
  }

  /** SplitMix64 finaliser (Steele, Lea, Flood 2014). */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
