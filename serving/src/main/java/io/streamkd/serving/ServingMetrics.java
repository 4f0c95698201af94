package io.streamkd.serving;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and a latency histogram, rendered in the Prometheus text format. No metrics library: a handful
 * of {@link LongAdder}s is all a scoring service needs, and they cost nothing on the hot path.
 */
public final class ServingMetrics {
  /** Latency histogram bucket upper bounds, in seconds. */
  static final double[] BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
      0.5, 1, 2.5};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
  private final LongAdder latencyCount = new LongAdder();
  private final AtomicLong latencySumNanos = new AtomicLong();
  final LongAdder examplesScored = new LongAdder();
  final LongAdder snapshotsLoaded = new LongAdder();
  final Map<String, LongAdder> snapshotsRejected = new ConcurrentHashMap<>();

  public ServingMetrics() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  public void request(String endpoint, int status, long nanos) {
    requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new LongAdder()).increment();
    double s = nanos / 1e9;
    int i = 0;
    while (i < BUCKETS.length && s > BUCKETS[i]) {
      i++;
    }
    buckets[i].increment();
    latencyCount.increment();
    latencySumNanos.addAndGet(nanos);
  }

  public void rejected(String reasonKind) {
    snapshotsRejected.computeIfAbsent(reasonKind, k -> new LongAdder()).increment();
  }

  public long rejectedTotal() {
    return snapshotsRejected.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public String render(ModelRegistry registry) {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP streamkd_requests_total HTTP requests by endpoint and status.\n");
    sb.append("# TYPE streamkd_requests_total counter\n");
    requests.forEach((k, v) -> {
      String[] p = k.split("\u0000");
      sb.append("streamkd_requests_total{endpoint=\"").append(p[0]).append("\",status=\"").append(p[1])
          .append("\"} ").append(v.sum()).append('\n');
    });
    sb.append("# HELP streamkd_request_seconds HTTP request latency.\n");
    sb.append("# TYPE streamkd_request_seconds histogram\n");
    long cum = 0;
    for (int i = 0; i < BUCKETS.length; i++) {
      cum += buckets[i].sum();
      sb.append("streamkd_request_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ").append(cum).append('\n');
    }
    cum += buckets[BUCKETS.length].sum();
    sb.append("streamkd_request_seconds_bucket{le=\"+Inf\"} ").append(cum).append('\n');
    sb.append("streamkd_request_seconds_sum ").append(latencySumNanos.get() / 1e9).append('\n');
    sb.append("streamkd_request_seconds_count ").append(latencyCount.sum()).append('\n');
    sb.append("# TYPE streamkd_examples_scored_total counter\n");
    sb.append("streamkd_examples_scored_total ").append(examplesScored.sum()).append('\n');
    sb.append("# TYPE streamkd_snapshots_loaded_total counter\n");
    sb.append("streamkd_snapshots_loaded_total ").append(snapshotsLoaded.sum()).append('\n');
    sb.append("# HELP streamkd_snapshots_rejected_total Snapshots refused, by reason.\n");
    sb.append("# TYPE streamkd_snapshots_rejected_total counter\n");
    snapshotsRejected.forEach((k, v) -> sb.append("streamkd_snapshots_rejected_total{reason=\"").append(k)
        .append("\"} ").append(v.sum()).append('\n'));
    sb.append("# HELP streamkd_model_version Version of the served model.\n");
    sb.append("# TYPE streamkd_model_version gauge\n");
    sb.append("# HELP streamkd_snapshot_age_seconds Age of the served snapshot (now - created_at): snapshot lag.\n");
    sb.append("# TYPE streamkd_snapshot_age_seconds gauge\n");
    long now = Instant.now().toEpochMilli();
    for (LoadedModel m : registry.all()) {
      sb.append("streamkd_model_version{model=\"").append(m.modelId()).append("\"} ").append(m.version())
          .append('\n');
      sb.append("streamkd_snapshot_age_seconds{model=\"").append(m.modelId()).append("\"} ")
          .append((now - m.metadata().getCreatedAt().toEpochMilli()) / 1000.0).append('\n');
    }
    return sb.toString();
  }
}
