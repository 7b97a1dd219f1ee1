package io.spool.broker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spool.broker.metadata.LocalMetadataQuorum;
import io.spool.broker.metadata.MetadataError;
import io.spool.broker.metadata.MetadataException;
import io.spool.config.BrokerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicCreatorTest {
    @TempDir
    Path dir;

    private MetadataError refusal(TopicCreator c, String name, int partitions, int rf, Map<String, String> configs) {
        return assertThrows(MetadataException.class, () -> c.validate(name, partitions, rf, configs, false)).error();
    }

    @Test
    void validatesNamePartitionsReplicationFactorAndConfigs() {
        try (LocalMetadataQuorum q = LocalMetadataQuorum.open(dir, (a, b) -> { })) {
            TopicCreator c = new TopicCreator(q, BrokerConfig.of(Map.of("num.partitions", "3")));
            assertEquals(MetadataError.INVALID_TOPIC_EXCEPTION, refusal(c, "bad name", 1, 1, Map.of()));
            assertEquals(MetadataError.INVALID_PARTITIONS, refusal(c, "t", 0, 1, Map.of()));
            assertEquals(MetadataError.INVALID_REPLICATION_FACTOR, refusal(c, "t", 1, 3, Map.of()));
            assertEquals(MetadataError.INVALID_REPLICATION_FACTOR, refusal(c, "t", 1, 0, Map.of()));
            assertEquals(MetadataError.INVALID_CONFIG, refusal(c, "t", 1, 1, Map.of("retention.ms", "soon")));
            assertEquals(MetadataError.INVALID_CONFIG, refusal(c, "t", 1, 1, Map.of("no.such", "1")));
            assertEquals(3, c.create("t", -1, -1, Map.of(), false).join().topic("t").partitions().size());
            assertEquals(MetadataError.TOPIC_ALREADY_EXISTS, refusal(c, "t", 1, 1, Map.of()));
        }
    }
}
