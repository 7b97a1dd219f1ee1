package io.spool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {

    @Test
    void defaultsAreKafkasWithLoopbackListenerAndLocalDataDir() {
        BrokerConfig c = BrokerConfig.defaults();
        assertEquals(1, c.nodeId());
        assertEquals(List.of(new Listener("PLAINTEXT", "127.0.0.1", 9092)), c.listeners());
        assertEquals(c.listeners(), c.advertisedListeners());
        assertEquals(Path.of("data"), c.logDir());
        assertEquals(1, c.numPartitions());
        assertTrue(c.autoCreateTopicsEnable());
        assertEquals(1 << 30, c.segmentBytes());
        assertEquals(168 * 3_600_000L, c.retentionMs());
        assertEquals(168 * 3_600_000L, c.rollMs());
        assertEquals(1048588, c.messageMaxBytes());
        assertEquals(104_857_600, c.socketRequestMaxBytes());
        assertEquals(500, c.queuedMaxRequests());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.numNetworkThreads());
        assertFalse(c.logAppendTime());
        assertFalse(c.isExplicit(BrokerConfigDef.NUM_PARTITIONS));
    }

    @Test
    void retentionTakesMsThenMinutesThenHours() {
        assertEquals(7_200_000L, BrokerConfig.of(Map.of("log.retention.hours", "2")).retentionMs());
        assertEquals(180_000L, BrokerConfig.of(Map.of("log.retention.hours", "2", "log.retention.minutes", "3")).retentionMs());
        assertEquals(5L, BrokerConfig.of(Map.of("log.retention.minutes", "3", "log.retention.ms", "5")).retentionMs());
        assertEquals(-1L, BrokerConfig.of(Map.of("log.retention.hours", "-1")).retentionMs());
        assertEquals(3_600_000L, BrokerConfig.of(Map.of("log.roll.hours", "1")).rollMs());
        assertEquals(10L, BrokerConfig.of(Map.of("log.roll.hours", "1", "log.roll.ms", "10")).rollMs());
    }

    @Test
    void logDirsOverridesLogDir() {
        assertEquals(Path.of("/x"), BrokerConfig.of(Map.of("log.dir", "/x")).logDir());
        assertEquals(Path.of("/y"), BrokerConfig.of(Map.of("log.dir", "/x", "log.dirs", "/y")).logDir());
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of("log.dirs", "/a,/b")));
        assertEquals("log.dirs", e.key());
    }

    @Test
    void badValueMessageNamesKeyValueAndWhatIsAllowed() {
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of("num.partitions", "0")));
        assertEquals("Invalid value 0 for configuration num.partitions: a value at least 1", e.getMessage());
        e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of("num.partitions", "many")));
        assertEquals("Invalid value many for configuration num.partitions: expected a 32-bit integer", e.getMessage());
        e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of("auto.create.topics.enable", "yes")));
        assertTrue(e.getMessage().contains("auto.create.topics.enable") && e.getMessage().contains("true or false"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of("log.message.timestamp.type", "Now")));
        assertTrue(e.getMessage().contains("one of CreateTime, LogAppendTime"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void listenersAreValidated() {
        BrokerConfig c = BrokerConfig.of(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"));
        assertEquals(0, c.listeners().get(0).port());
        for (String bad : List.of("127.0.0.1:9092", "PLAINTEXT://h:99999", "PLAINTEXT://h:x", "A://h:1,A://h:2", "")) {
            ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of("listeners", bad)), bad);
            assertEquals("listeners", e.key());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.of(
                Map.of("listeners", "PLAINTEXT://127.0.0.1:9092", "advertised.listeners", "OTHER://h:1")));
        assertEquals("advertised.listeners", e.key());
    }

    @Test
    void wildcardListenerAdvertisesAHostName() {
        BrokerConfig c = BrokerConfig.of(Map.of("listeners", "PLAINTEXT://:9093"));
        assertEquals("", c.listeners().get(0).host());
        assertFalse(c.advertisedListeners().get(0).host().isEmpty());
        assertEquals(9093, c.advertisedListeners().get(0).port());
    }

    @Test
    void fileThenOverridesLaterWinsAndUnknownKeysAreReported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "# comment\nnum.partitions=3\nlog.dirs=/tmp/a\nno.such.key=1\n");
        BrokerConfig c = ConfigLoader.fromArgs(new String[] {file.toString(), "--override", "num.partitions=4",
                "--override=log.segment.bytes=2048"});
        assertEquals(4, c.numPartitions());
        assertEquals(2048, c.segmentBytes());
        assertEquals(Path.of("/tmp/a"), c.logDir());
        assertEquals(List.of("no.such.key"), c.unknownKeys());
        assertTrue(c.isExplicit("num.partitions"));
    }

    @Test
    void malformedArgumentsAndMissingFileAreOneLineErrors() {
        assertThrows(ConfigException.class, () -> ConfigLoader.fromArgs(new String[] {"--override", "novalue"}));
        assertThrows(ConfigException.class, () -> ConfigLoader.fromArgs(new String[] {"--override"}));
        assertThrows(ConfigException.class, () -> ConfigLoader.fromArgs(new String[] {"--bogus"}));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromArgs(new String[] {"/no/such/file.properties"}));
        assertTrue(e.getMessage().contains("/no/such/file.properties"));
    }

    @Test
    void valueAsStringResolvesDerivedValues() {
        BrokerConfig c = BrokerConfig.of(Map.of("log.retention.minutes", "1"));
        assertEquals("60000", c.valueAsString("log.retention.ms"));
        assertEquals("data", c.valueAsString("log.dirs"));
        assertEquals("PLAINTEXT://127.0.0.1:9092", c.valueAsString("listeners"));
    }

    @Test
    void groupCoordinatorKeysHaveKafkasDefaultsAndAreValidated() {
        BrokerConfig c = BrokerConfig.defaults();
        assertEquals(6000, c.groupMinSessionTimeoutMs());
        assertEquals(1_800_000, c.groupMaxSessionTimeoutMs());
        assertEquals(Integer.MAX_VALUE, c.groupMaxSize());
        assertEquals(4096, c.offsetMetadataMaxBytes());
        assertEquals(7L * 24 * 60 * 60 * 1000, c.offsetsRetentionMs());
        assertEquals(600_000L, c.offsetsRetentionCheckIntervalMs());
        assertEquals(300_000L, c.offsetsSnapshotIntervalMs());

        c = BrokerConfig.of(Map.of("offsets.retention.minutes", "2", "group.max.size", "3",
                "offsets.retention.check.interval.ms", "500", "offset.metadata.max.bytes", "10"));
        assertEquals(120_000L, c.offsetsRetentionMs());
        assertEquals(3, c.groupMaxSize());
        assertEquals(500L, c.offsetsRetentionCheckIntervalMs());
        assertEquals(10, c.offsetMetadataMaxBytes());

        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of("offsets.retention.minutes", "0")));
        assertEquals("offsets.retention.minutes", e.key());
        e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of("group.max.size", "0")));
        assertEquals("group.max.size", e.key());
        e = assertThrows(ConfigException.class, () -> BrokerConfig.of(
                Map.of("group.min.session.timeout.ms", "10000", "group.max.session.timeout.ms", "9000")));
        assertEquals("group.max.session.timeout.ms", e.key());
        assertTrue(e.getMessage().contains("9000") && e.getMessage().contains("10000"), e.getMessage());
    }
}
