package io.streamkd.cli;

import io.streamkd.model.config.Option;
import io.streamkd.model.config.OptionValues;
import io.streamkd.model.synthetic.SyntheticWorld;
import java.io.PrintStream;
import java.util.List;

/** {@code streamkd generate}: the synthetic event generator against an existing Kafka. */
final class GenerateCommand {
  static final Option<String> BOOTSTRAP = Option.string("bootstrap-servers", "localhost:9092", "Kafka bootstrap servers");
  static final Option<Double> RATE = Option.decimal("rate", 500, 0.001, 1e6, "impressions per second");
  static final Option<Long> COUNT = Option.longValue("count", 0L, 0, "stop after this many impressions (0 = run until stopped)");
  static final Option<Long> SEED = Option.longValue("seed", 1L, Long.MIN_VALUE, "world seed: same seed, same users, items and clicks");
  static final Option<Integer> USERS = Option.integer("users", 1000, 1, "number of users");
  static final Option<Integer> ITEMS = Option.integer("items", 500, 1, "number of items");
  static final Option<Long> MEAN_CLICK_DELAY_MS = Option.longValue("mean-click-delay-ms", 2000L, 0, "mean delay from impression to click");
  static final Option<Long> MAX_CLICK_DELAY_MS = Option.longValue("max-click-delay-ms", 8000L, 0,
      "clicks come at most this long after their impression (keep it below the job's attribution window)");
  static final Option<Double> MALFORMED_RATIO = Option.decimal("malformed-ratio", 0.0, 0, 1,
      "fraction of extra malformed records mixed into the impressions topic (to see dead letters)");
  static final Option<String> IMPRESSIONS_TOPIC = Option.string("impressions-topic", "impressions", "impressions topic");
  static final Option<String> CLICKS_TOPIC = Option.string("clicks-topic", "clicks", "clicks topic");
  static final List<Option<?>> ALL = List.of(BOOTSTRAP, RATE, COUNT, SEED, USERS, ITEMS, MEAN_CLICK_DELAY_MS,
      MAX_CLICK_DELAY_MS, MALFORMED_RATIO, IMPRESSIONS_TOPIC, CLICKS_TOPIC);

  private GenerateCommand() {}

  static SyntheticWorld world(OptionValues v) {
    SyntheticWorld.Params d = SyntheticWorld.Params.defaults(v.get(SEED));
    return new SyntheticWorld(new SyntheticWorld.Params(d.seed(), v.get(USERS), v.get(ITEMS), d.latentDim(),
        d.categories(), d.segments(), d.positions(), d.interactionStrength(), d.baseLogit(), d.positionDecay(),
        d.offlineScoreNoise()));
  }

  static int run(String[] args, PrintStream out) throws Exception {
    OptionValues v = OptionValues.parse(ALL, args);
    if (v.helpRequested()) {
      out.println(OptionValues.usage("streamkd generate",
          "Sends a synthetic click stream (users and items with latent factors, a hidden click model with\n"
              + "position bias, privileged features, click delays and play times) to Kafka, in real time.", ALL));
      return 0;
    }
    EventGenerator g = new EventGenerator(v.get(BOOTSTRAP), world(v), v.get(RATE), v.get(MEAN_CLICK_DELAY_MS),
        v.get(MAX_CLICK_DELAY_MS), v.get(IMPRESSIONS_TOPIC), v.get(CLICKS_TOPIC), v.get(COUNT), v.get(MALFORMED_RATIO));
    Thread t = new Thread(g, "generator");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      g.stop();
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    t.start();
    long start = System.nanoTime();
    long last = 0;
    while (t.isAlive()) {
      t.join(5000);
      long n = g.impressions.get();
      double secs = (System.nanoTime() - start) / 1e9;
      out.printf("%6.0fs  impressions %,d (%.0f/s)  clicks %,d  malformed %,d%n", secs, n, (n - last) / 5.0,
          g.clicks.get(), g.malformed.get());
      last = n;
    }
    if (g.failure() != null) {
      throw new IllegalStateException("generator failed: " + g.failure(), g.failure());
    }
    out.printf("done: %,d impressions, %,d clicks, %,d malformed records%n", g.impressions.get(), g.clicks.get(),
        g.malformed.get());
    return 0;
  }
}
