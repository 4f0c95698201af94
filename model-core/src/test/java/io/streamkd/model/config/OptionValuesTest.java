package io.streamkd.model.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamkd.model.loss.DistillLoss;
import io.streamkd.model.train.ModelConfig;
import io.streamkd.model.train.ModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionValuesTest {
  @Test
  void flagsShouldOverrideDefaultsAndConfigFiles(@TempDir Path dir) throws Exception {
    Path props = dir.resolve("model.properties");
    Files.writeString(props, "embedding-dim=16\ndistill-loss=kl\n");
    OptionValues v = OptionValues.parse(ModelOptions.ALL, "--config", props.toString(), "--distill-loss=mse",
        "--student-mlp", "none", "--gradient-blocking", "false");
    ModelConfig cfg = ModelOptions.toConfig(v);
    assertEquals(16, cfg.embeddingDim());
    assertEquals(DistillLoss.MSE, cfg.distillLoss());
    assertArrayEquals(new int[0], cfg.studentMlp());
    assertEquals(false, cfg.gradientBlocking());
    assertEquals(8, ModelOptions.toConfig(OptionValues.parse(ModelOptions.ALL)).embeddingDim());
  }

  @Test
  void wrongValuesShouldNameTheFlagAndTheAllowedValues() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> OptionValues.parse(ModelOptions.ALL, "--distill-loss", "hinge"));
    assertTrue(e.getMessage().contains("--distill-loss") && e.getMessage().contains("[soft_bce, mse, kl, js]"),
        e.getMessage());
    e = assertThrows(ConfigException.class, () -> OptionValues.parse(ModelOptions.ALL, "--embedding-dim", "0"));
    assertTrue(e.getMessage().contains("--embedding-dim") && e.getMessage().contains(">= 1"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> OptionValues.parse(ModelOptions.ALL, "--embeding-dim", "4"));
    assertTrue(e.getMessage().contains("unknown option --embeding-dim"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> ModelOptions.toConfig(
        OptionValues.parse(ModelOptions.ALL, "--weighting", "convex", "--lambda-max", "2")));
    assertTrue(e.getMessage().contains("--lambda-max"), e.getMessage());
  }

  @Test
  void usageShouldListEveryOptionWithItsDefault() {
    String u = OptionValues.usage("streamkd eval", "Replays a log.", ModelOptions.ALL);
    for (Option<?> o : ModelOptions.ALL) {
      assertTrue(u.contains("--" + o.name()), o.name());
    }
    assertTrue(u.contains("(default: 64,32)"));
  }
}
