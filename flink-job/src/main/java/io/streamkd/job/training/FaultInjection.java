package io.streamkd.job.training;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test support for {@code --fail-after-batches}: fails a trainer once per JVM, so that a MiniCluster job
 * recovers from its last checkpoint and then runs to the end. Never armed unless the flag is set.
 */
public final class FaultInjection {
  private static final AtomicBoolean FIRED = new AtomicBoolean();

  private FaultInjection() {}

  /** True the first time it is called in this JVM (after {@link #reset()}). */
  static boolean fireOnce() {
    return FIRED.compareAndSet(false, true);
  }

  public static void reset() {
    FIRED.set(false);
  }

  public static boolean fired() {
    return FIRED.get();
  }

  /** The exception a test can recognise. */
  public static final class InjectedFault extends RuntimeException {
    InjectedFault(String message) {
      super(message);
    }
  }
}
