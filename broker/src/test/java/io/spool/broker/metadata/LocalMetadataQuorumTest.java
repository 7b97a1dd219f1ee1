package io.spool.broker.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMetadataQuorumTest {
    private static final int[] NODE1 = {1};

    @TempDir
    Path dir;

    private final List<MetadataImage> seen = new ArrayList<>();

    private LocalMetadataQuorum open() {
        return LocalMetadataQuorum.open(dir, (prev, cur) -> seen.add(cur));
    }

    private static MetadataCommand.CreateTopic create(String name, int partitions) {
        return new MetadataCommand.CreateTopic(name, UUID.randomUUID(), partitions, NODE1, Map.of("retention.ms", "1000"), false);
    }

    private static MetadataException refusal(Runnable r) {
        CompletionException e = assertThrows(CompletionException.class, r::run);
        return (MetadataException) e.getCause();
    }

    @Test
    void createdTopicsSurviveReopenWithSameIdsAndKeys() {
        UUID id;
        long key1;
        try (LocalMetadataQuorum q = open()) {
            MetadataImage img = q.submit(create("orders", 3)).join();
            id = img.topic("orders").topicId();
            key1 = img.topic("orders").partition(1).partitionKey();
            q.submit(new MetadataCommand.CreatePartitions(id, 5, NODE1)).join();
            assertEquals(5, q.image().topic("orders").partitions().size());
            assertEquals(Map.of("retention.ms", "1000"), q.image().topic("orders").configs());
        }
        seen.clear();
        try (LocalMetadataQuorum q = open()) {
            TopicImage t = q.image().topic("orders");
            assertEquals(id, t.topicId());
            assertEquals(5, t.partitions().size());
            assertEquals(key1, t.partition(1).partitionKey());
            assertEquals(1, t.partition(4).leader());
            assertEquals(q.image(), seen.get(0), "listener sees the replayed image on open");
            assertEquals(1, q.image().lastOffset());
        }
    }

    @Test
    void deleteAndRecreateNeverReusesPartitionKeys() {
        try (LocalMetadataQuorum q = open()) {
            MetadataImage a = q.submit(create("t", 2)).join();
            q.submit(new MetadataCommand.DeleteTopic(a.topic("t").topicId())).join();
            assertNull(q.image().topic("t"));
            MetadataImage b = q.submit(create("t", 2)).join();
            assertNotEquals(a.topic("t").partition(0).partitionKey(), b.topic("t").partition(0).partitionKey());
            assertNotEquals(a.topic("t").partition(1).partitionKey(), b.topic("t").partition(1).partitionKey());
        }
    }

    @Test
    void refusedCommandsChangeNothingAndAreNotLogged() throws Exception {
        try (LocalMetadataQuorum q = open()) {
            MetadataImage img = q.submit(create("t", 1)).join();
            assertEquals(MetadataError.TOPIC_ALREADY_EXISTS, refusal(() -> q.submit(create("t", 1)).join()).error());
            UUID id = img.topic("t").topicId();
            assertEquals(MetadataError.INVALID_PARTITIONS,
                    refusal(() -> q.submit(new MetadataCommand.CreatePartitions(id, 1, NODE1)).join()).error());
            assertEquals(MetadataError.UNKNOWN_TOPIC_ID,
                    refusal(() -> q.submit(new MetadataCommand.DeleteTopic(UUID.randomUUID())).join()).error());
        }
        try (LocalMetadataQuorum q = open()) {
            assertEquals(1, q.image().allTopics().size());
            assertEquals(0, q.image().lastOffset());
        }
    }

    @Test
    void dotAndUnderscoreCollisionIsRefused() {
        try (LocalMetadataQuorum q = open()) {
            q.submit(create("a_b", 1)).join();
            assertEquals(MetadataError.INVALID_TOPIC_EXCEPTION, refusal(() -> q.submit(create("a.b", 1)).join()).error());
        }
    }

    @Test
    void producerIdBlocksAdvanceAndPersist() {
        try (LocalMetadataQuorum q = open()) {
            assertEquals(0, q.image().nextProducerId());
            q.submit(new MetadataCommand.AllocateProducerIds(1, 1000)).join();
            q.submit(new MetadataCommand.AllocateProducerIds(1, 1000)).join();
            assertEquals(2000, q.image().nextProducerId());
        }
        try (LocalMetadataQuorum q = open()) {
            assertEquals(2000, q.image().nextProducerId());
        }
    }

    @Test
    void tornTailIsTruncatedAndLaterAppendsFollowTheGoodPrefix() throws Exception {
        try (LocalMetadataQuorum q = open()) {
            q.submit(create("a", 1)).join();
            q.submit(create("b", 1)).join();
        }
        Path file = dir.resolve(LocalMetadataQuorum.FILE_NAME);
        long goodSize = Files.size(file);
        // a crash in the middle of a third append: a header promising more than was written
        Files.write(file, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 1, 0}, StandardOpenOption.APPEND);
        try (LocalMetadataQuorum q = open()) {
            assertEquals(goodSize, Files.size(file));
            assertNotNull(q.image().topic("b"));
            q.submit(create("c", 1)).join();
        }
        try (LocalMetadataQuorum q = open()) {
            assertEquals(3, q.image().allTopics().size());
            assertEquals(2, q.image().lastOffset());
        }
    }

    @Test
    void flippedByteStopsReplayAtTheCorruptRecord() throws Exception {
        try (LocalMetadataQuorum q = open()) {
            q.submit(create("a", 1)).join();
            q.submit(create("b", 1)).join();
        }
        Path file = dir.resolve(LocalMetadataQuorum.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(file, bytes);
        try (LocalMetadataQuorum q = open()) {
            assertNotNull(q.image().topic("a"));
            assertNull(q.image().topic("b"));
            assertTrue(Files.size(file) < bytes.length);
        }
    }

    @Test
    void topicNameRules() {
        assertNull(TopicNames.invalidReason("my-topic_1.x"));
        assertNotNull(TopicNames.invalidReason(""));
        assertNotNull(TopicNames.invalidReason(".."));
        assertNotNull(TopicNames.invalidReason("a b"));
        assertNotNull(TopicNames.invalidReason("x".repeat(250)));
        assertTrue(TopicNames.isInternal("__consumer_offsets"));
    }
}
