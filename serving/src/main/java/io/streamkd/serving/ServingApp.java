package io.streamkd.serving;

import io.streamkd.model.config.ConfigException;
import io.streamkd.model.config.OptionValues;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * The serving process: a {@link SnapshotFollower} keeping a {@link ModelRegistry} current and a {@link
 * ScoringServer} in front of it. {@link #start} is used by the CLI's {@code serve} and by the demo.
 */
public final class ServingApp implements AutoCloseable {
  private final ModelRegistry registry = new ModelRegistry();
  private final ServingMetrics metrics = new ServingMetrics();
  private final StudentScorer scorer = new StudentScorer(registry);
  private final SnapshotFollower follower;
  private final ScoringServer server;

  private ServingApp(OptionValues v) throws IOException {
    follower = new SnapshotFollower(v.get(ServingOptions.BOOTSTRAP_SERVERS), v.get(ServingOptions.SNAPSHOTS_TOPIC),
        registry, metrics).start();
    server = ScoringServer.start(scorer, metrics, v.get(ServingOptions.BIND), v.get(ServingOptions.PORT),
        v.get(ServingOptions.THREADS), v.get(ServingOptions.MAX_BATCH), v.get(ServingOptions.MAX_BODY_BYTES),
        v.get(ServingOptions.REQUIRE_MODEL));
  }

  public static ServingApp start(OptionValues v) throws IOException {
    return new ServingApp(v);
  }

  public static String usage() {
    return OptionValues.usage("streamkd serve",
        "Follows student snapshots on Kafka, hot-swaps them and scores over HTTP (POST /v1/models/{id}/score).",
        ServingOptions.ALL);
  }

  public static void main(String[] args) throws Exception {
    OptionValues v;
    try {
      v = OptionValues.parse(ServingOptions.ALL, args);
    } catch (ConfigException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (v.helpRequested()) {
      System.out.println(usage());
      return;
    }
    try (ServingApp app = start(v)) {
      System.out.println("serving on http://" + v.get(ServingOptions.BIND) + ":" + app.port()
          + " (snapshots from " + v.get(ServingOptions.SNAPSHOTS_TOPIC) + ")");
      CountDownLatch done = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(done::countDown));
      done.await();
    }
  }

  public int port() {
    return server.port();
  }

  public StudentScorer scorer() {
    return scorer;
  }

  public ModelRegistry registry() {
    return registry;
  }

  public ServingMetrics metrics() {
    return metrics;
  }

  public SnapshotFollower follower() {
    return follower;
  }

  @Override
  public void close() {
    server.close();
    follower.close();
  }
}
