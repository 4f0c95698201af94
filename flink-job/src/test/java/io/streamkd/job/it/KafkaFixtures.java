package io.streamkd.job.it;

import io.streamkd.model.snapshot.SnapshotAssembler;
import io.streamkd.model.synthetic.SyntheticEvents;
import io.streamkd.model.synthetic.SyntheticWorld;
import io.streamkd.schemas.DeadLetter;
import io.streamkd.schemas.StudentSnapshot;
import io.streamkd.schemas.wire.Codecs;
import io.streamkd.schemas.wire.DecodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producing synthetic events to, and reading results from, a real broker. */
public final class KafkaFixtures {
  private KafkaFixtures() {}

  /** A small world the student learns quickly, so integration tests can assert learning on a short stream. */
  public static SyntheticWorld learnableWorld(long seed) {
    return new SyntheticWorld(new SyntheticWorld.Params(seed, 60, 40, 4, 8, 8, 5, 3.0, -1.2, 0.25, 0.4));
  }

  /** What a produced stream contained. */
  public record Produced(long impressions, long clicked) {}

  /**
   * Sends n impressions and all their clicks, keyed by impression id, with Kafka timestamps = event
   * time. Clicks come within {@code maxDelayMs} of their impressions.
   */
  public static Produced produce(String bootstrap, SyntheticEvents events, long n, long maxDelayMs) {
    long clicked = 0;
    try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
      long sent = 0;
      while (sent < n) {
        SyntheticEvents.Event e = events.next();
        if (e.isImpression()) {
          sent++;
          clicked += e.clicked() ? 1 : 0;
          send(p, "impressions", e.impression().getImpressionId(), e.eventTime(),
              Codecs.IMPRESSION.encode(e.impression()));
        } else {
          send(p, "clicks", e.click().getImpressionId(), e.eventTime(), Codecs.CLICK.encode(e.click()));
        }
      }
      SyntheticEvents.Event c;
      while ((c = events.nextPendingClick()) != null) {
        send(p, "clicks", c.click().getImpressionId(), c.eventTime(), Codecs.CLICK.encode(c.click()));
      }
      p.flush();
    }
    return new Produced(n, clicked);
  }

  public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
  }

  public static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, long ts, byte[] value) {
    p.send(new ProducerRecord<>(topic, null, ts, key == null ? null : key.getBytes(), value));
  }

  /** Every committed record of a topic (read_committed), read until {@code done} holds or the deadline passes. */
  public static List<ConsumerRecord<byte[], byte[]>> readCommitted(
      String bootstrap, String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.add(r);
        }
        if (done.test(out)) {
          break;
        }
      }
    }
    return out;
  }

  /** Reassembles every complete snapshot in topic order. */
  public static List<SnapshotAssembler.Assembled> snapshots(List<ConsumerRecord<byte[], byte[]>> records)
      throws DecodeException, SnapshotAssembler.RejectedSnapshotException {
    SnapshotAssembler a = new SnapshotAssembler();
    List<SnapshotAssembler.Assembled> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      StudentSnapshot s = Codecs.SNAPSHOT.decode(r.value());
      a.add(s).ifPresent(out::add);
    }
    return out;
  }

  public static List<DeadLetter> deadLetters(List<ConsumerRecord<byte[], byte[]>> records) throws DecodeException {
    List<DeadLetter> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      out.add(Codecs.DEAD_LETTER.decode(r.value()));
    }
    return out;
  }
}
