package io.spool.client;

import io.spool.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ProducerConfigTest {

    @Test
    void defaultsFollowKafkaClients() {
        ProducerConfig c = new ProducerConfig(Map.of("bootstrap.servers", "a:1,b:2"));
        assertEquals(List.of("a:1", "b:2"), c.bootstrapServers());
        assertEquals(-1, c.acks());
        assertTrue(c.idempotence());
        assertEquals(16384, c.batchSize());
        assertEquals(5, c.lingerMs());
        assertEquals(33554432L, c.bufferMemory());
        assertEquals(120000, c.deliveryTimeoutMs());
        assertEquals(16384, c.transportConfig().zeroCopyThreshold());
        assertTrue(c.transportConfig().fallbackOnCopied());
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ProducerConfig(Map.of("bootstrap.servers", "a:1", "batch.size", "lots")));
        assertTrue(e.getMessage().contains("batch.size") && e.getMessage().contains("lots"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new ProducerConfig(Map.of("bootstrap.servers", "a:1", "acks", "2")));
        assertTrue(e.getMessage().contains("acks") && e.getMessage().contains("2"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new ProducerConfig(Map.of()));
        assertTrue(e.getMessage().contains("bootstrap.servers"), e.getMessage());
    }

    @Test
    void explicitAcksTurnsDefaultIdempotenceOffButNotAnExplicitOne() {
        assertFalse(new ProducerConfig(Map.of("bootstrap.servers", "a:1", "acks", "1")).idempotence());
        ConfigException e = assertThrows(ConfigException.class, () -> new ProducerConfig(
                Map.of("bootstrap.servers", "a:1", "acks", "1", "enable.idempotence", "true")));
        assertTrue(e.getMessage().contains("acks"), e.getMessage());
        assertEquals(-1, new ProducerConfig(Map.of("bootstrap.servers", "a:1", "acks", "ALL")).acks());
    }
}
