/**
 * The StreamKD training job: {@link io.streamkd.job.StreamKdJob} (entry point and Kafka wiring) and
 * {@link io.streamkd.job.TrainingPipeline} (the dataflow).
 */
package io.streamkd.job;
