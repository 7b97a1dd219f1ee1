package io.spool.client;

import io.spool.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Group settings and behaviour that need no broker. */
class SpoolConsumerGroupTest {
    private static Map<String, Object> props(int port) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", "127.0.0.1:" + port);
        p.put("group.id", "g");
        p.put("retry.backoff.ms", 50L);
        return p;
    }

    @Test
    void pollReturnsEmptyByItsDeadlineWhenNoCoordinatorCanBeReached() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (SpoolConsumer<String, String> c = new SpoolConsumer<>(props(deadPort), Deserializer.string(), Deserializer.string())) {
            c.subscribe(List.of("t"));
            long t0 = System.nanoTime();
            assertTrue(c.poll(Duration.ofMillis(300)).isEmpty());
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 20, "poll() came back instead of hanging");
            assertEquals(List.of("t"), List.copyOf(c.subscription()));
            assertTrue(c.assignment().isEmpty());
        }
    }

    @Test
    void badGroupSettingsNameTheKey() {
        Map<String, Object> p = props(9);
        p.put("partition.assignment.strategy", "roundrobin");
        var e = assertThrows(ConfigException.class, () -> new SpoolConsumer<>(p, Deserializer.string(), Deserializer.string()));
        assertTrue(e.getMessage().contains("partition.assignment.strategy"), e.getMessage());
        Map<String, Object> q = props(9);
        q.put("heartbeat.interval.ms", 50000);
        e = assertThrows(ConfigException.class, () -> new SpoolConsumer<>(q, Deserializer.string(), Deserializer.string()));
        assertTrue(e.getMessage().contains("heartbeat.interval.ms") && e.getMessage().contains("session.timeout.ms"), e.getMessage());
        Map<String, Object> r = props(9);
        r.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor");
        new SpoolConsumer<>(r, Deserializer.string(), Deserializer.string()).close();
    }

    @Test
    void subscribeRejectsEmptyTopicNamesAndPatterns() {
        try (SpoolConsumer<String, String> c = new SpoolConsumer<>(props(9), Deserializer.string(), Deserializer.string())) {
            assertThrows(IllegalArgumentException.class, () -> c.subscribe(List.of(" ")));
            assertThrows(UnsupportedOperationException.class, () -> c.subscribe(java.util.regex.Pattern.compile("t.*")));
            c.subscribe(List.of("b", "a", "a"));
            assertEquals(java.util.Set.of("a", "b"), c.subscription());
            c.subscribe(List.of());
            assertEquals(java.util.Set.of(), c.subscription());
        }
    }
}
