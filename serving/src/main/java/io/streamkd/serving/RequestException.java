package io.streamkd.serving;

/** A client error: an HTTP 4xx status and a message naming the offending field. */
final class RequestException extends Exception {
  final int status;
  final String field;

  RequestException(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }
}
