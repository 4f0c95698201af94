/** Joint teacher/student training in keyed state, and the write-back cache of embedding rows. */
package io.streamkd.job.training;
