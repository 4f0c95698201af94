package io.streamkd.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamkd.model.feature.Example;
import io.streamkd.schemas.SnapshotField;
import io.streamkd.schemas.StudentSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API, on the JDK's built-in server: no dependency, no framework start-up, and scoring is a few
 * microseconds of array math, so the server's own overhead is what matters and it is small. Endpoints:
 *
 * <ul>
 *   <li>{@code POST /v1/models/{id}/score} — probabilities and the model version used;
 *   <li>{@code GET /v1/models}, {@code GET /v1/models/{id}} — metadata: version, step, λ, training
 *       metrics, snapshot age;
 *   <li>{@code GET /healthz} (liveness), {@code GET /readyz} (ready once a model is loaded);
 *   <li>{@code GET /metrics} — Prometheus text.
 * </ul>
 *
 * Client errors are 4xx with a JSON body {@code {"error": "...", "field": "..."}}, never 500.
 */
public final class ScoringServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringServer.class);
  private static final String PREFIX = "/v1/models";

  static {
    // Without TCP_NODELAY a small JSON response waits for the client's delayed ACK (Nagle): ~40 ms per
    // request instead of ~0.1 ms. The JDK server reads this property once, before its first use.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private final StudentScorer scorer;
  private final ServingMetrics metrics;
  private final ScoreRequestParser parser;
  private final int maxBodyBytes;
  private final String requiredModel;
  private final ObjectMapper json = new ObjectMapper();

  private ScoringServer(StudentScorer scorer, ServingMetrics metrics, String bind, int port, int threads,
      int maxBatch, int maxBodyBytes, String requiredModel) throws IOException {
    this.scorer = scorer;
    this.metrics = metrics;
    this.parser = new ScoreRequestParser(maxBatch);
    this.maxBodyBytes = maxBodyBytes;
    this.requiredModel = requiredModel;
    this.server = HttpServer.create(new InetSocketAddress(bind, port), 256);
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "http-worker");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  public static ScoringServer start(StudentScorer scorer, ServingMetrics metrics, String bind, int port,
      int threads, int maxBatch, int maxBodyBytes, String requiredModel) throws IOException {
    ScoringServer s = new ScoringServer(scorer, metrics, bind, port, threads, maxBatch, maxBodyBytes, requiredModel);
    s.server.start();
    return s;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    long t0 = System.nanoTime();
    String path = ex.getRequestURI().getPath();
    String endpoint = "other";
    int status;
    try {
      if (path.equals("/healthz")) {
        endpoint = "healthz";
        status = send(ex, 200, "text/plain", "ok\n");
      } else if (path.equals("/readyz")) {
        endpoint = "readyz";
        boolean ready = requiredModel.isEmpty() ? !scorer.registry().isEmpty()
            : scorer.registry().get(requiredModel).isPresent();
        status = send(ex, ready ? 200 : 503, "text/plain", ready ? "ready\n" : "no model loaded yet\n");
      } else if (path.equals("/metrics")) {
        endpoint = "metrics";
        status = send(ex, 200, "text/plain; version=0.0.4", metrics.render(scorer.registry()));
      } else if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
        endpoint = "models";
        requireMethod(ex, "GET");
        ArrayNode arr = json.createArrayNode();
        scorer.registry().all().forEach(m -> arr.add(describe(m)));
        status = sendJson(ex, 200, json.createObjectNode().set("models", arr));
      } else if (path.startsWith(PREFIX + "/") && path.endsWith("/score")) {
        endpoint = "score";
        requireMethod(ex, "POST");
        String id = path.substring(PREFIX.length() + 1, path.length() - "/score".length());
        status = score(ex, id);
      } else if (path.startsWith(PREFIX + "/")) {
        endpoint = "model";
        requireMethod(ex, "GET");
        String id = path.substring(PREFIX.length() + 1);
        Optional<LoadedModel> m = scorer.registry().get(id);
        if (m.isEmpty()) {
          throw new RequestException(404, "model", "model '" + id + "' is not loaded");
        }
        status = sendJson(ex, 200, describe(m.get()));
      } else {
        throw new RequestException(404, "path", "no such endpoint: " + path);
      }
    } catch (RequestException e) {
      ObjectNode err = json.createObjectNode().put("error", e.getMessage()).put("field", e.field);
      status = sendJson(ex, e.status, err);
    } catch (RuntimeException e) {
      LOG.error("internal error on {}", path, e);
      status = sendJson(ex, 500, json.createObjectNode().put("error", "internal error: " + e));
    } finally {
      ex.close();
    }
    metrics.request(endpoint, status, System.nanoTime() - t0);
  }

  private static void requireMethod(HttpExchange ex, String method) throws RequestException {
    if (!ex.getRequestMethod().equalsIgnoreCase(method)) {
      throw new RequestException(405, "method", ex.getRequestMethod() + " not allowed here; use " + method);
    }
  }

  private int score(HttpExchange ex, String modelId) throws IOException, RequestException {
    byte[] body = readBody(ex);
    List<Example> examples = parser.parse(body);
    StudentScorer.Scores s;
    try {
      s = scorer.score(modelId, examples);
    } catch (StudentScorer.UnknownModelException e) {
      throw new RequestException(404, "model", e.getMessage());
    }
    metrics.examplesScored.add(examples.size());
    ObjectNode out = json.createObjectNode().put("model_id", s.modelId()).put("model_version", s.modelVersion());
    ArrayNode scores = out.putArray("scores");
    for (float p : s.probabilities()) {
      scores.add(p);
    }
    return sendJson(ex, 200, out);
  }

  private byte[] readBody(HttpExchange ex) throws IOException, RequestException {
    String len = ex.getRequestHeaders().getFirst("Content-Length");
    if (len != null) {
      try {
        if (Long.parseLong(len) > maxBodyBytes) {
          throw new RequestException(413, "body", "body of " + len + " bytes exceeds the limit of " + maxBodyBytes);
        }
      } catch (NumberFormatException e) {
        throw new RequestException(400, "Content-Length", "bad Content-Length '" + len + "'");
      }
    }
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(maxBodyBytes + 1);
      if (b.length > maxBodyBytes) {
        throw new RequestException(413, "body", "body exceeds the limit of " + maxBodyBytes + " bytes");
      }
      return b;
    }
  }

  private ObjectNode describe(LoadedModel m) {
    StudentSnapshot s = m.metadata();
    ObjectNode n = json.createObjectNode()
        .put("model_id", s.getModelId())
        .put("model_version", s.getModelVersion())
        .put("training_step", s.getTrainingStep())
        .put("lambda", s.getLambda())
        .put("created_at", s.getCreatedAt().toString())
        .put("age_seconds", (Instant.now().toEpochMilli() - s.getCreatedAt().toEpochMilli()) / 1000.0)
        .put("loaded_at", m.loadedAt().toString())
        .put("architecture", s.getArchitecture())
        .put("embedding_rows", m.model().rowCount());
    ArrayNode f = n.putArray("features");
    for (SnapshotField sf : s.getFeatureSpec()) {
      f.add(json.createObjectNode().put("name", sf.getName()).put("kind", sf.getKind())
          .put("transform", sf.getTransform()));
    }
    n.set("training_metrics", json.createObjectNode()
        .put("examples", s.getMetrics().getExamples())
        .put("teacher_auc", s.getMetrics().getTeacherAuc())
        .put("teacher_logloss", s.getMetrics().getTeacherLogloss())
        .put("student_auc", s.getMetrics().getStudentAuc())
        .put("student_logloss", s.getMetrics().getStudentLogloss())
        .put("student_alone_auc", s.getMetrics().getStudentAloneAuc()));
    return n;
  }

  private int sendJson(HttpExchange ex, int status, Object body) throws IOException {
    return send(ex, status, "application/json", json.writeValueAsString(body));
  }

  private static int send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
    return status;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdown();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
