package io.spool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicConfigTest {

    @Test
    void topicWithoutOverridesTakesBrokerValues() {
        BrokerConfig broker = BrokerConfig.of(Map.of("log.retention.hours", "1", "log.segment.bytes", "4096"));
        TopicConfig t = broker.topicDefaults();
        assertEquals(3_600_000L, t.retentionMs());
        assertEquals(4096, t.segmentBytes());
        assertEquals(1048588, t.maxMessageBytes());
        assertEquals(TopicConfig.Source.STATIC_BROKER_CONFIG, t.source("segment.bytes"));
        assertEquals(TopicConfig.Source.DEFAULT_CONFIG, t.source("max.message.bytes"));
        assertEquals(TopicConfig.Source.STATIC_BROKER_CONFIG, t.source("retention.ms"), "set through log.retention.hours");
        assertEquals(TopicConfig.Source.DEFAULT_CONFIG, t.source("segment.ms"));
    }

    @Test
    void overridesWinAndAreReportedAsSuch() {
        TopicConfig t = TopicConfig.of(Map.of("retention.ms", "1000", "message.timestamp.type", "LogAppendTime"),
                BrokerConfig.defaults());
        assertEquals(1000L, t.retentionMs());
        assertTrue(t.logAppendTime());
        assertEquals(TopicConfig.Source.TOPIC_OVERRIDE, t.source("retention.ms"));
        assertEquals("1000", t.valueAsString("retention.ms"));
        assertEquals("delete", t.valueAsString("cleanup.policy"));
    }

    @Test
    void unknownOrBadTopicKeyNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TopicConfig.of(Map.of("retention.msx", "1"), BrokerConfig.defaults()));
        assertEquals("retention.msx", e.key());
        e = assertThrows(ConfigException.class,
                () -> TopicConfig.of(Map.of("cleanup.policy", "compact"), BrokerConfig.defaults()));
        assertEquals("cleanup.policy", e.key());
        e = assertThrows(ConfigException.class,
                () -> TopicConfig.of(Map.of("max.message.bytes", "-5"), BrokerConfig.defaults()));
        assertTrue(e.getMessage().contains("-5"));
    }

    @Test
    void everyTopicKeyHasABrokerSynonymThatExists() {
        for (ConfigKey k : TopicConfigDef.DEF.keys()) {
            String synonym = TopicConfigDef.brokerSynonym(k.name());
            assertTrue(synonym != null && BrokerConfigDef.DEF.key(synonym) != null, k.name());
        }
    }
}
