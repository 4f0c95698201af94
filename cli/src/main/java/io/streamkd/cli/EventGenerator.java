package io.streamkd.cli;

import io.streamkd.model.synthetic.SyntheticEvents;
import io.streamkd.model.synthetic.SyntheticWorld;
import io.streamkd.schemas.wire.Codecs;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a {@link SyntheticEvents} stream to Kafka in real time: each event when the wall clock reaches its
 * event time, keyed by impression id, with the Kafka timestamp = event time. A small fraction of malformed
 * records can be mixed in, to show that they end up in the dead-letter topic and nothing stops.
 */
final class EventGenerator implements Runnable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final SyntheticEvents events;
  private final String impressionsTopic;
  private final String clicksTopic;
  private final long maxImpressions;
  private final double malformedRatio;
  private final java.util.SplittableRandom rng;
  final AtomicLong impressions = new AtomicLong();
  final AtomicLong clicks = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();
  private volatile boolean running = true;
  private volatile Throwable failure;

  EventGenerator(String bootstrap, SyntheticWorld world, double rate, long meanClickDelayMs, long maxClickDelayMs,
      String impressionsTopic, String clicksTopic, long maxImpressions, double malformedRatio) {
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(),
        new ByteArraySerializer());
    this.events = new SyntheticEvents(world, System.currentTimeMillis(), rate, meanClickDelayMs, maxClickDelayMs);
    this.impressionsTopic = impressionsTopic;
    this.clicksTopic = clicksTopic;
    this.maxImpressions = maxImpressions;
    this.malformedRatio = malformedRatio;
    this.rng = new java.util.SplittableRandom(world.params().seed() ^ 0x5DEECE66DL);
  }

  @Override
  public void run() {
    try {
      while (running && (maxImpressions <= 0 || impressions.get() < maxImpressions)) {
        SyntheticEvents.Event e = events.next();
        long wait = e.eventTime() - System.currentTimeMillis();
        if (wait > 0) {
          LockSupport.parkNanos(wait * 1_000_000L); // pacing: events go out in real time
        }
        send(e);
      }
      SyntheticEvents.Event c;
      while (running && (c = events.nextPendingClick()) != null) {
        send(c);
      }
      producer.flush();
    } catch (RuntimeException ex) {
      failure = ex;
    } finally {
      producer.close();
    }
  }

  private void send(SyntheticEvents.Event e) {
    if (e.isImpression()) {
      impressions.incrementAndGet();
      producer.send(new ProducerRecord<>(impressionsTopic, null, e.eventTime(),
          e.impression().getImpressionId().getBytes(), Codecs.IMPRESSION.encode(e.impression())));
      if (malformedRatio > 0 && rng.nextDouble() < malformedRatio) {
        malformed.incrementAndGet();
        producer.send(new ProducerRecord<>(impressionsTopic, null, e.eventTime(), null,
            ("{\"impression_id\": \"" + e.impression().getImpressionId() + "\", \"oops\": \"json, not avro\"}")
                .getBytes()));
      }
    } else {
      clicks.incrementAndGet();
      producer.send(new ProducerRecord<>(clicksTopic, null, e.eventTime(), e.click().getImpressionId().getBytes(),
          Codecs.CLICK.encode(e.click())));
    }
  }

  void stop() {
    running = false;
  }

  Throwable failure() {
    return failure;
  }
}
