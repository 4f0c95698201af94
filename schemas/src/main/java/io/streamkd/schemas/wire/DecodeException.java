package io.streamkd.schemas.wire;

/**
 * Bytes that are not a record this build can read. The message is meant for a person reading the dead
 * letter topic: it says what was found and where ("unknown schema fingerprint 0x…", "truncated at byte
 * 37 of 40").
 */
public final class DecodeException extends Exception {
  public DecodeException(String message) {
    super(message);
  }

  public DecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
