package io.streamkd.model.synthetic;

import io.streamkd.model.events.EventMapping;
import io.streamkd.model.feature.Example;
import io.streamkd.schemas.Features;
import io.streamkd.schemas.ImpressionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.streamkd.model.nn.Kernels;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic recommendation world with a hidden click model, for the demo, the event
 * generator and learning tests. Users and items have latent factors; the click probability is
 *
 * <pre>
 *   p = σ(base + a·⟨u, v⟩/√k + itemBias + positionBias(pos))
 * </pre>
 *
 * so the serving-time fields (user id, item id, segment, category, position) carry the signal only
 * through a hard user×item interaction, while the privileged fields (a noisy offline relevance score of
 * the interaction, past user×item clicks, a user×category affinity) expose it almost directly. The
 * teacher, which sees them, learns fast; a student alone must discover the interaction from ids; a
 * distilled student learns it from the teacher's soft labels.
 */
public final class SyntheticWorld {
  /** Sizes and strengths of the world. */
  public record Params(
      long seed,
      int users,
      int items,
      int latentDim,
      int categories,
      int segments,
      int positions,
      double interactionStrength,
      double baseLogit,
      double positionDecay,
      double offlineScoreNoise) {
    public static Params defaults(long seed) {
      return new Params(seed, 1_000, 500, 4, 20, 8, 5, 2.0, -1.6, 0.25, 0.4);
    }
  }

  private final Params p;
  private final float[][] user;
  private final float[][] item;
  private final int[] userSegment;
  private final int[] itemCategory;
  private final float[] itemBias;
  private final float[][] categoryCentre;
  private final SplittableRandom rng;

  public SyntheticWorld(Params p) {
    this.p = p;
    SplittableRandom setup = new SplittableRandom(p.seed());
    int k = p.latentDim();
    categoryCentre = new float[p.categories()][k];
    for (float[] c : categoryCentre) {
      fillGaussian(setup, c, 1.0);
    }
    user = new float[p.users()][k];
    userSegment = new int[p.users()];
    for (int u = 0; u < p.users(); u++) {
      fillGaussian(setup, user[u], 1.0);
      userSegment[u] = segmentOf(user[u], p.segments());
    }
    item = new float[p.items()][k];
    itemCategory = new int[p.items()];
    itemBias = new float[p.items()];
    for (int i = 0; i < p.items(); i++) {
      int c = setup.nextInt(p.categories());
      itemCategory[i] = c;
      for (int j = 0; j < k; j++) {
        item[i][j] = (float) (0.7 * categoryCentre[c][j] + 0.7 * gaussian(setup));
      }
      itemBias[i] = (float) (0.5 * gaussian(setup));
    }
    rng = setup.split();
  }

  private static int segmentOf(float[] u, int segments) {
    // Coarse, partly informative: the sign pattern of the first latent coordinates.
    int s = 0;
    for (int j = 0; j < Math.min(3, u.length); j++) {
      s = s * 2 + (u[j] > 0 ? 1 : 0);
    }
    return s % segments;
  }

  private static void fillGaussian(SplittableRandom r, float[] a, double sd) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (sd * gaussian(r));
    }
  }

  static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  public Params params() {
    return p;
  }

  /** One impression drawn from the world, with its true click probability and sampled click. */
  public record Impression(
      int user,
      int item,
      int position,
      double interaction,
      double clickProbability,
      boolean clicked,
      float offlineScore,
      float userItemClicks,
      float userCategoryAffinity) {}

  /** Draws the next impression (users uniform, items with a Zipf-like popularity skew). */
  public Impression next() {
    int u = rng.nextInt(p.users());
    // popularity skew: square of a uniform concentrates mass on low item ids
    double x = rng.nextDouble();
    int i = (int) (x * x * p.items());
    int pos = rng.nextInt(p.positions());
    double inter = dot(user[u], item[i]) / Math.sqrt(p.latentDim());
    double relevance = p.interactionStrength() * inter + itemBias[i];
    double logit = p.baseLogit() + relevance - p.positionDecay() * pos;
    double prob = Kernels.sigmoid((float) logit);
    boolean clicked = rng.nextDouble() < prob;
    float offline = (float) (relevance + p.offlineScoreNoise() * gaussian(rng));
    double pastRate = Kernels.sigmoid((float) (p.baseLogit() + relevance));
    float pastClicks = poisson(rng, 4.0 * pastRate);
    float affinity = (float) (dot(user[u], categoryCentre[itemCategory[i]]) / Math.sqrt(p.latentDim())
        + 0.5 * gaussian(rng));
    return new Impression(u, i, pos, inter, prob, clicked, offline, pastClicks, affinity);
  }

  private static float poisson(SplittableRandom r, double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double prod = r.nextDouble();
    while (prod > l) {
      k++;
      prod *= r.nextDouble();
    }
    return k;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * (double) b[j];
    }
    return s;
  }

  public String userId(int u) {
    return "u" + u;
  }

  public String itemId(int i) {
    return "i" + i;
  }

  public String segment(int u) {
    return "s" + userSegment[u];
  }

  public String category(int i) {
    return "c" + itemCategory[i];
  }

  /**
   * The impression as an event, in the layout of {@code ModelOptions.DEMO_FEATURES}: segment and category
   * are shared features, the offline score, past clicks and affinity privileged ones.
   */
  public ImpressionEvent toEvent(Impression im, String impressionId, String requestId, long eventTime) {
    return ImpressionEvent.newBuilder()
        .setImpressionId(impressionId)
        .setRequestId(requestId)
        .setUserId(userId(im.user()))
        .setItemId(itemId(im.item()))
        .setEventTime(Instant.ofEpochMilli(eventTime))
        .setPosition(im.position())
        .setSharedFeatures(Features.newBuilder()
            .setCategorical(Map.of("user_segment", List.of(segment(im.user())),
                "item_category", List.of(category(im.item()))))
            .setNumeric(Map.of())
            .build())
        .setPrivilegedFeatures(Features.newBuilder()
            .setCategorical(Map.of())
            .setNumeric(Map.of("offline_score", im.offlineScore(), "user_item_clicks", im.userItemClicks(),
                "user_category_affinity", im.userCategoryAffinity()))
            .build())
        .build();
  }

  /** The impression as a labeled example, exactly as the Flink job would build it from its events. */
  public Example toExample(Impression im, long eventTime) {
    ImpressionEvent e = toEvent(im, "imp-" + eventTime, "req-" + eventTime, eventTime);
    return EventMapping.toExample(e, im.clicked() ? 1f : 0f, 1f, null);
  }
}
