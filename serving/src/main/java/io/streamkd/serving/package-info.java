/**
 * Serving: follow student snapshots on Kafka ({@link io.streamkd.serving.SnapshotFollower}), swap them
 * atomically ({@link io.streamkd.serving.ModelRegistry}), score in-process ({@link
 * io.streamkd.serving.StudentScorer}) or over HTTP ({@link io.streamkd.serving.ScoringServer}).
 */
package io.streamkd.serving;
