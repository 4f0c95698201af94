/** Kafka input: raw records, decoding, dead letters. */
package io.streamkd.job.source;
