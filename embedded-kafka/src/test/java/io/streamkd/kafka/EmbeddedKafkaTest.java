package io.streamkd.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EmbeddedKafkaTest {
  @Test
  @Timeout(120)
  void shouldCommitTransactionsAndServeThemReadCommitted() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(2, "t");
      Map<String, Object> pc = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1");
      try (KafkaProducer<String, String> p = new KafkaProducer<>(pc, new StringSerializer(), new StringSerializer())) {
        p.initTransactions();
        p.beginTransaction();
        p.send(new ProducerRecord<>("t", "k", "aborted"));
        p.abortTransaction();
        p.beginTransaction();
        for (int i = 0; i < 10; i++) {
          p.send(new ProducerRecord<>("t", "k" + i, "v" + i));
        }
        p.commitTransaction();
      }
      Map<String, Object> cc = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "g", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      List<String> seen = new ArrayList<>();
      try (KafkaConsumer<String, String> c = new KafkaConsumer<>(cc, new StringDeserializer(), new StringDeserializer())) {
        c.subscribe(List.of("t"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seen.size() < 10 && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
            seen.add(r.value());
          }
        }
      }
      assertEquals(10, seen.size(), "committed records: " + seen);
      assertEquals(false, seen.contains("aborted"));
    }
  }
}
