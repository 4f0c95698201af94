/** The job's typed, validated configuration. */
package io.streamkd.job.config;
