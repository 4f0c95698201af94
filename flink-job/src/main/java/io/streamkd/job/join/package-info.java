/** Event-time click attribution: impressions and clicks in, labeled examples out. */
package io.streamkd.job.join;
