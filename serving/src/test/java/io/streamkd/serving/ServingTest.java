package io.streamkd.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkd.kafka.EmbeddedKafka;
import io.streamkd.model.config.OptionValues;
import io.streamkd.model.events.EventMapping;
import io.streamkd.model.feature.Example;
import io.streamkd.model.feature.FeatureSpec;
import io.streamkd.model.snapshot.Snapshots;
import io.streamkd.model.student.StudentModel;
import io.streamkd.model.synthetic.SyntheticWorld;
import io.streamkd.model.train.InMemoryEmbeddingStore;
import io.streamkd.model.train.JointModel;
import io.streamkd.model.train.ModelConfig;
import io.streamkd.model.train.ModelOptions;
import io.streamkd.schemas.ImpressionEvent;
import io.streamkd.schemas.SnapshotMetrics;
import io.streamkd.schemas.StudentSnapshot;
import io.streamkd.schemas.wire.Codecs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Serving against a real in-process broker and a real HTTP client: snapshots published the way the
 * training job publishes them are served, hot-swapped under load, rejected when corrupt, and score
 * exactly as model-core's student.
 */
@Timeout(180)
class ServingTest {
  static EmbeddedKafka kafka;
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final SyntheticWorld WORLD = new SyntheticWorld(SyntheticWorld.Params.defaults(2));
  static JointModel trainer;
  static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    trainer = new JointModel(ModelConfig.builder(FeatureSpec.parse(ModelOptions.DEMO_FEATURES)).build(),
        new InMemoryEmbeddingStore());
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-publisher"), new ByteArraySerializer(),
        new ByteArraySerializer());
    producer.initTransactions();
  }

  @AfterAll
  static void stop() {
    producer.close();
    kafka.close();
  }

  static StudentModel trainMore(int batches) {
    for (int b = 0; b < batches; b++) {
      List<Example> batch = new ArrayList<>();
      for (int i = 0; i < 256; i++) {
        batch.add(WORLD.toExample(WORLD.next(), i));
      }
      trainer.train(batch);
    }
    return trainer.exportStudent();
  }

  /** Publishes like the job: chunked, keyed by model id, in one transaction. */
  static void publish(String topic, String modelId, long version, StudentModel s, int chunkBytes) {
    List<StudentSnapshot> chunks = Snapshots.split(s, new Snapshots.Metadata(modelId, version, Instant.now(),
        trainer.step(), trainer.currentLambda(), new SnapshotMetrics(100L, 0.8, 0.4, 0.7, 0.5, null, null), Map.of(), 42,
        Map.of()), chunkBytes);
    sendAll(topic, modelId, chunks);
  }

  static void sendAll(String topic, String modelId, List<StudentSnapshot> chunks) {
    producer.beginTransaction();
    for (StudentSnapshot c : chunks) {
      producer.send(new ProducerRecord<>(topic, modelId.getBytes(), Codecs.SNAPSHOT.encode(c)));
    }
    producer.commitTransaction();
  }

  static ServingApp serve(String topic) throws Exception {
    return ServingApp.start(OptionValues.parse(ServingOptions.ALL, "--bootstrap-servers",
        kafka.bootstrapServers(), "--snapshots-topic", topic, "--port", "0", "--max-batch", "500"));
  }

  static void waitFor(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
    }
  }

  static HttpResponse<String> post(ServingApp app, String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(ServingApp app, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static List<ImpressionEvent> probes(int n) {
    List<ImpressionEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(WORLD.toEvent(WORLD.next(), "p" + i, "r", i));
    }
    return out;
  }

  static String requestJson(List<ImpressionEvent> events) throws Exception {
    var root = JSON.createObjectNode();
    var arr = root.putArray("examples");
    for (ImpressionEvent e : events) {
      var n = arr.addObject().put("user_id", e.getUserId()).put("item_id", e.getItemId())
          .put("position", e.getPosition());
      var cat = n.putObject("categorical");
      e.getSharedFeatures().getCategorical().forEach((k, v) -> {
        var a = cat.putArray(k);
        v.forEach(a::add);
      });
      var num = n.putObject("numeric");
      e.getSharedFeatures().getNumeric().forEach(num::put);
    }
    return JSON.writeValueAsString(root);
  }

  @Test
  void servedScoresShouldEqualModelCoreStudentScoresBitForBit() throws Exception {
    kafka.createTopics(1, "snap-contract");
    StudentModel student = trainMore(10);
    publish("snap-contract", "ctr", 1, student, 2048); // several chunks
    try (ServingApp app = serve("snap-contract")) {
      assertTrue(app.follower().awaitCaughtUp(Duration.ofSeconds(60)));
      waitFor(() -> app.registry().get("ctr").isPresent(), "model loaded");
      assertEquals(200, get(app, "/readyz").statusCode());
      List<ImpressionEvent> events = probes(50);
      HttpResponse<String> r = post(app, "/v1/models/ctr/score", requestJson(events));
      assertEquals(200, r.statusCode(), r.body());
      JsonNode body = JSON.readTree(r.body());
      assertEquals(1, body.get("model_version").asLong());
      for (int i = 0; i < events.size(); i++) {
        float expected = student.score(EventMapping.toExample(events.get(i)));
        float served = body.get("scores").get(i).floatValue();
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(served), "example " + i);
        // the in-process API too
        assertEquals(expected, app.scorer().scoreImpressions("ctr", List.of(events.get(i))).probabilities()[0]);
      }
      JsonNode meta = JSON.readTree(get(app, "/v1/models/ctr").body());
      assertEquals(trainer.step(), meta.get("training_step").asLong());
      assertTrue(get(app, "/metrics").body().contains("streamkd_model_version{model=\"ctr\"} 1"));
    }
  }

  @Test
  void hotSwapsUnderConcurrentScoringShouldFailNoRequest() throws Exception {
    kafka.createTopics(1, "snap-swap");
    publish("snap-swap", "ctr", 1, trainMore(2), 1 << 20);
    try (ServingApp app = serve("snap-swap")) {
      waitFor(() -> app.registry().get("ctr").isPresent(), "first model");
      String body = requestJson(probes(20));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      AtomicLong maxVersionSeen = new AtomicLong();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(clients.submit(() -> {
          while (!stop.get()) {
            try {
              HttpResponse<String> r = post(app, "/v1/models/ctr/score", body);
              if (r.statusCode() == 200) {
                ok.incrementAndGet();
                maxVersionSeen.accumulateAndGet(JSON.readTree(r.body()).get("model_version").asLong(), Math::max);
              } else {
                failed.incrementAndGet();
              }
            } catch (Exception e) {
              failed.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (long v = 2; v <= 6; v++) {
        publish("snap-swap", "ctr", v, trainMore(1), 4096);
        long want = v;
        waitFor(() -> app.registry().get("ctr").get().version() == want, "version " + want);
      }
      waitFor(() -> maxVersionSeen.get() == 6 && ok.get() > 50, "clients saw the last version");
      stop.set(true);
      for (Future<?> f : futures) {
        f.get();
      }
      clients.shutdown();
      assertEquals(0, failed.get(), "requests failed during hot swaps (ok=" + ok.get() + ")");
    }
  }

  @Test
  void aCorruptSnapshotShouldBeRejectedWhileTheOldModelKeepsServing() throws Exception {
    kafka.createTopics(1, "snap-corrupt");
    publish("snap-corrupt", "ctr", 1, trainMore(1), 1 << 20);
    try (ServingApp app = serve("snap-corrupt")) {
      waitFor(() -> app.registry().get("ctr").isPresent(), "first model");
      List<StudentSnapshot> chunks = Snapshots.split(trainMore(1), new Snapshots.Metadata("ctr", 2, Instant.now(),
          1, 0, new SnapshotMetrics(1L, 0.5, 0.5, 0.5, 0.5, null, null), Map.of(), 1, Map.of()), 1 << 20);
      StudentSnapshot c = chunks.get(0);
      byte[] p = new byte[c.getParameters().remaining()];
      c.getParameters().duplicate().get(p);
      p[p.length - 5] ^= 0x40;
      sendAll("snap-corrupt", "ctr", List.of(StudentSnapshot.newBuilder(c).setParameters(ByteBuffer.wrap(p)).build()));
      publish("snap-corrupt", "ctr", 1, trainMore(1), 1 << 20); // an older (equal) version: also rejected
      waitFor(() -> app.metrics().rejectedTotal() >= 2, "two rejections");
      assertEquals(1, app.registry().get("ctr").get().version(), "old model keeps serving");
      HttpResponse<String> r = post(app, "/v1/models/ctr/score", requestJson(probes(3)));
      assertEquals(200, r.statusCode());
      String metrics = get(app, "/metrics").body();
      assertTrue(metrics.contains("streamkd_snapshots_rejected_total{reason=\"checksum\"} 1"), metrics);
      assertTrue(metrics.contains("streamkd_snapshots_rejected_total{reason=\"not_newer\"} 1"), metrics);
    }
  }

  @Test
  void badRequestsShouldGetA4xxNamingTheField() throws Exception {
    kafka.createTopics(1, "snap-bad");
    publish("snap-bad", "ctr", 1, trainMore(1), 1 << 20);
    try (ServingApp app = serve("snap-bad")) {
      waitFor(() -> app.registry().get("ctr").isPresent(), "model");
      record Case(String path, String body, int status, String field) {}
      StringBuilder big = new StringBuilder("{\"examples\":[");
      for (int i = 0; i < 501; i++) {
        big.append(i == 0 ? "" : ",").append("{}");
      }
      big.append("]}");
      List<Case> cases = List.of(
          new Case("/v1/models/nope/score", "{\"examples\":[]}", 404, "model"),
          new Case("/v1/models/ctr/score", "{\"examples\": [", 400, ""),
          new Case("/v1/models/ctr/score", "[1,2]", 400, ""),
          new Case("/v1/models/ctr/score", "{\"examples\":[{\"position\":\"top\"}]}", 400, "examples[0].position"),
          new Case("/v1/models/ctr/score", "{\"examples\":[{\"numeric\":{\"price\":\"cheap\"}}]}", 400,
              "examples[0].numeric.price"),
          new Case("/v1/models/ctr/score", "{\"examples\":[{}, {\"colour\":\"red\"}]}", 400, "examples[1].colour"),
          new Case("/v1/models/ctr/score", "{\"examples\":[], \"debug\": true}", 400, "debug"),
          new Case("/v1/models/ctr/score", big.toString(), 413, "examples"),
          new Case("/v1/nothing", "{}", 404, "path"));
      for (Case c : cases) {
        HttpResponse<String> r = post(app, c.path(), c.body());
        assertEquals(c.status(), r.statusCode(), c + " -> " + r.body());
        JsonNode err = JSON.readTree(r.body());
        assertEquals(c.field(), err.get("field").asText(), r.body());
        assertTrue(err.get("error").asText().length() > 5);
      }
      assertEquals(405, get(app, "/v1/models/ctr/score").statusCode());
      assertTrue(get(app, "/metrics").body().contains("status=\"400\""));
      assertTrue(!get(app, "/metrics").body().contains("status=\"500\""), "a client error became a 500");
    }
  }
}
