package io.streamkd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the real demo (embedded Kafka, generator, Flink job, serving) briefly and reads its summary. */
class DemoTest {
  @Test
  @Timeout(240)
  void shortDemoShouldServeASnapshotWhoseStudentBeatsChance() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = new DemoCommand(out).run(new String[] {"--duration", "50s", "--rate", "800"});
    String text = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    assertEquals(0, code, text);
    Matcher m = Pattern.compile("snapshot served: version (\\d+); served student AUC on \\d+ held-out impressions "
        + "([0-9.]+)").matcher(text);
    assertTrue(m.find(), "no served snapshot in the summary:\n" + text);
    assertTrue(Long.parseLong(m.group(1)) >= 1);
    double auc = Double.parseDouble(m.group(2));
    assertTrue(auc > 0.53, "served student AUC should be above chance: " + auc);
    Matcher d = Pattern.compile("(\\d[\\d,]*) malformed records -> (\\d[\\d,]*) dead letters").matcher(text);
    assertTrue(d.find(), text);
    assertEquals(d.group(1), d.group(2), "every malformed record became a dead letter");
    assertTrue(text.contains("stopped: generator, Flink job, serving, Kafka"), text);
  }
}
