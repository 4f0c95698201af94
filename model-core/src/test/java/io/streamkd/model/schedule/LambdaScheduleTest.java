package io.streamkd.model.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LambdaScheduleTest {
  @Test
  void constantShouldBeFlat() {
    LambdaSchedule s = LambdaSchedule.constant(0.3);
    assertEquals(0.3, s.at(0));
    assertEquals(0.3, s.at(Long.MAX_VALUE));
  }

  @Test
  void linearShouldRampAfterItsDelay() {
    LambdaSchedule s = LambdaSchedule.linear(2.0, 10, 100);
    assertEquals(0.0, s.at(0));
    assertEquals(0.0, s.at(10));
    assertEquals(0.02, s.at(11), 1e-12);
    assertEquals(1.0, s.at(60), 1e-12);
    assertEquals(2.0, s.at(110), 1e-12);
    assertEquals(2.0, s.at(1_000_000), 1e-12);
  }

  @Test
  void stepShouldSwitchAtItsStep() {
    LambdaSchedule s = LambdaSchedule.step(0.5, 100);
    assertEquals(0.0, s.at(99));
    assertEquals(0.5, s.at(100));
    assertEquals(0.5, LambdaSchedule.step(0.5, 0).at(0));
  }

  @Test
  void sigmoidShouldBeHalfAtItsCentreAndMonotone() {
    LambdaSchedule s = LambdaSchedule.sigmoid(1.0, 100, 200);
    assertEquals(0.0, s.at(99));
    assertEquals(0.5, s.at(200), 1e-12);
    assertTrue(s.at(300) > 0.99);
    double prev = -1;
    for (long t = 100; t < 400; t += 7) {
      assertTrue(s.at(t) >= prev);
      prev = s.at(t);
    }
  }

  @Test
  void badParametersShouldFailWithTheRule() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.linear(1, 0, 0)).getMessage()
        .contains("ramp steps must be > 0"));
    assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.constant(-1));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.Kind.parse("cosine"))
        .getMessage().contains("[constant, linear, step, sigmoid]"));
  }
}
