package io.streamkd.model.config;

/** A configuration value that cannot be used; the message names the flag and what is allowed. */
public final class ConfigException extends IllegalArgumentException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
