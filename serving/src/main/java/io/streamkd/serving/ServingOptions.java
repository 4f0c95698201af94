package io.streamkd.serving;

import io.streamkd.model.config.Option;
import java.util.List;

/** Flags of the serving process, with their defaults. */
public final class ServingOptions {
  private ServingOptions() {}

  public static final Option<String> BOOTSTRAP_SERVERS =
      Option.string("bootstrap-servers", "localhost:9092", "Kafka bootstrap servers");
  public static final Option<String> SNAPSHOTS_TOPIC =
      Option.string("snapshots-topic", "student-snapshots", "topic to follow for student snapshots");
  public static final Option<Integer> PORT = Option.integer("port", 8080, 0, "HTTP port (0 = any free port)");
  public static final Option<String> BIND = Option.string("bind", "127.0.0.1",
      "address to listen on (0.0.0.0 for all interfaces, as in docker-compose)");
  public static final Option<Integer> THREADS = Option.integer("threads", 4, 1, "HTTP worker threads");
  public static final Option<Integer> MAX_BATCH =
      Option.integer("max-batch", 1000, 1, "most examples one score request may carry");
  public static final Option<Integer> MAX_BODY_BYTES =
      Option.integer("max-body-bytes", 1 << 20, 1024, "largest request body accepted");
  public static final Option<String> REQUIRE_MODEL = Option.string("require-model", "",
      "readiness waits for this model id ('' = any model)");

  public static final List<Option<?>> ALL =
      List.of(BOOTSTRAP_SERVERS, SNAPSHOTS_TOPIC, PORT, BIND, THREADS, MAX_BATCH, MAX_BODY_BYTES, REQUIRE_MODEL);
}
