package io.spool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocGeneratorTest {

    @Test
    void committedConfigurationPageIsUpToDate() throws Exception {
        Path committed = Path.of("..", "docs", "configuration.md");
        assertTrue(Files.exists(committed), "missing " + committed.toAbsolutePath());
        assertEquals(ConfigDocGenerator.render(), Files.readString(committed),
                "docs/configuration.md is stale: run bin/spool gen-docs and commit it");
    }

    @Test
    void pageListsEveryKey() {
        String page = ConfigDocGenerator.render();
        for (ConfigKey k : BrokerConfigDef.DEF.keys()) {
            assertTrue(page.contains("| `" + k.name() + "` |"), k.name());
        }
        for (ConfigKey k : TopicConfigDef.DEF.keys()) {
            assertTrue(page.contains("| `" + k.name() + "` |"), k.name());
        }
    }
}
