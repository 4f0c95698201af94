/** Kafka output: snapshots, dead letters and unattributed clicks, exactly once. */
package io.streamkd.job.publish;
