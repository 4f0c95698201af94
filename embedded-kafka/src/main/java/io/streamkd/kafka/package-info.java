/** A real in-process KRaft Kafka broker for the one-command demo and the integration tests. */
package io.streamkd.kafka;
