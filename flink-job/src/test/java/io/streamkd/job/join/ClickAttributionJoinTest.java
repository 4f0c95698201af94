package io.streamkd.job.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamkd.schemas.ClickEvent;
import io.streamkd.schemas.Features;
import io.streamkd.schemas.ImpressionEvent;
import io.streamkd.schemas.LabeledExample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operator-harness tests of the attribution join: outputs, side outputs, and state and timers back to zero. */
class ClickAttributionJoinTest {
  static final long W = 10_000;
  static final long GRACE = 5_000;
  KeyedTwoInputStreamOperatorTestHarness<String, ImpressionEvent, ClickEvent, LabeledExample> h;

  @BeforeEach
  void setUp() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new ClickAttributionJoin(Duration.ofMillis(W), Duration.ofMillis(GRACE), "ctr"),
        ImpressionEvent::getImpressionId, ClickEvent::getImpressionId, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    h.close();
  }

  static ImpressionEvent imp(String id, long t) {
    Features none = Features.newBuilder().setCategorical(Map.of()).setNumeric(Map.of()).build();
    return ImpressionEvent.newBuilder().setImpressionId(id).setRequestId("r").setUserId("u").setItemId("i")
        .setEventTime(Instant.ofEpochMilli(t)).setPosition(0).setSharedFeatures(none)
        .setPrivilegedFeatures(none).build();
  }

  static ClickEvent clickEvent(String id, long t) {
    return ClickEvent.newBuilder().setImpressionId(id).setEventTime(Instant.ofEpochMilli(t))
        .setDwellTimeMs(1000L).setSignals(Map.of()).build();
  }

  private void impression(String id, long t) throws Exception {
    h.processElement1(imp(id, t), t);
  }

  private void click(String id, long t) throws Exception {
    h.processElement2(clickEvent(id, t), t);
  }

  private void watermark(long t) throws Exception {
    h.processBothWatermarks(new Watermark(t));
  }

  private List<LabeledExample> out() {
    return h.extractOutputValues();
  }

  private void assertStateEmpty() {
    assertEquals(0, h.numKeyedStateEntries(), "keyed state left behind");
    assertEquals(0, h.numEventTimeTimers(), "timers left behind");
  }

  @Test
  void clickInsideTheWindowShouldEmitAPositiveAtOnce() throws Exception {
    impression("a", 1000);
    click("a", 4000);
    assertEquals(1, out().size(), "positive emitted before the window closes");
    LabeledExample e = out().get(0);
    assertTrue(e.getLabel());
    assertEquals("ctr", e.getModelId());
    assertEquals(4000L, e.getClick().getEventTime().toEpochMilli());
    watermark(1000 + W + GRACE);
    assertEquals(1, out().size());
    assertStateEmpty();
  }

  @Test
  void impressionWithoutClickShouldBecomeANegativeWhenTheWindowCloses() throws Exception {
    impression("a", 1000);
    watermark(1000 + W - 1);
    assertTrue(out().isEmpty(), "no label before the window closes");
    watermark(1000 + W);
    assertEquals(1, out().size());
    assertFalse(out().get(0).getLabel());
    assertNull(out().get(0).getClick());
    watermark(1000 + W + GRACE);
    assertStateEmpty();
  }

  @Test
  void duplicateClicksShouldBeIgnored() throws Exception {
    impression("a", 1000);
    click("a", 2000);
    click("a", 3000);
    click("a", 3500);
    watermark(1000 + W + GRACE);
    assertEquals(1, out().size());
    assertTrue(h.getSideOutput(ClickAttributionJoin.LATE_CLICKS) == null
        || h.getSideOutput(ClickAttributionJoin.LATE_CLICKS).isEmpty());
    assertStateEmpty();
  }

  @Test
  void clickAfterTheNegativeShouldGoToTheLateSideOutput() throws Exception {
    impression("a", 1000);
    watermark(1000 + W);
    click("a", 1000 + W + 1000);
    assertEquals(1, out().size());
    assertFalse(out().get(0).getLabel());
    assertEquals(1, h.getSideOutput(ClickAttributionJoin.LATE_CLICKS).size());
    watermark(1000 + W + GRACE);
    assertStateEmpty();
  }

  @Test
  void clickPastTheWindowBeforeTheWatermarkShouldBeLateAndTheImpressionNegative() throws Exception {
    impression("a", 1000);
    click("a", 1000 + W + 1);
    assertEquals(1, h.getSideOutput(ClickAttributionJoin.LATE_CLICKS).size());
    watermark(1000 + W);
    assertEquals(1, out().size());
    assertFalse(out().get(0).getLabel());
    watermark(1000 + W + GRACE);
    assertStateEmpty();
  }

  @Test
  void clickBeforeItsImpressionShouldStillBeAttributed() throws Exception {
    click("a", 3000); // out of order: the click event overtook its impression
    impression("a", 1000);
    assertEquals(1, out().size());
    assertTrue(out().get(0).getLabel());
    watermark(100_000);
    assertStateEmpty();
  }

  @Test
  void clickWhoseImpressionNeverComesShouldBeAnOrphan() throws Exception {
    click("ghost", 5000);
    watermark(5000 + W);
    assertTrue(out().isEmpty());
    assertEquals(1, h.getSideOutput(ClickAttributionJoin.ORPHAN_CLICKS).size());
    assertStateEmpty();
  }

  @Test
  void outOfOrderEventsOfManyKeysShouldAllGetTheRightLabel() throws Exception {
    // even ids clicked inside the window, odd ids not; arrival order shuffled
    for (int i = 9; i >= 0; i--) {
      impression("k" + i, 1000 + i * 100);
    }
    for (int i = 0; i < 10; i += 2) {
      click("k" + i, 1000 + i * 100 + 500);
    }
    watermark(1_000_000);
    assertEquals(10, out().size());
    for (LabeledExample e : out()) {
      int i = Integer.parseInt(e.getImpression().getImpressionId().substring(1));
      assertEquals(i % 2 == 0, e.getLabel(), e.getImpression().getImpressionId());
    }
    assertStateEmpty();
  }

  @Test
  void atWindowCloseModeShouldEmitPositivesAndNegativesInEventTimeOrder() throws Exception {
    h.close();
    h = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new ClickAttributionJoin(Duration.ofMillis(W), Duration.ofMillis(GRACE), "ctr", true),
        ImpressionEvent::getImpressionId, ClickEvent::getImpressionId, Types.STRING);
    impression("a", 1000);
    impression("b", 2000);
    click("b", 2500);
    click("b", 2600); // duplicate
    impression("c", 3000);
    click("c", 1000 + W + 5000); // past c's window: late
    assertTrue(out().isEmpty(), "nothing leaves before its window closes");
    watermark(100_000);
    assertEquals(List.of("a", "b", "c"), out().stream().map(e -> e.getImpression().getImpressionId()).toList());
    assertEquals(List.of(false, true, false), out().stream().map(LabeledExample::getLabel).toList());
    assertEquals(1, h.getSideOutput(ClickAttributionJoin.LATE_CLICKS).size());
    assertStateEmpty();
  }
}
