package io.spool.client.producer;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** kafka-clients' BuiltInPartitioner and Utils.murmur2 are the oracles. */
class PartitionerTest {

    @Test
    void murmur2MatchesKafkaClientsForEveryLength() {
        Random rnd = new Random(7);
        for (int len = 0; len < 300; len++) {
            for (int i = 0; i < 20; i++) {
                byte[] key = new byte[len];
                rnd.nextBytes(key);
                assertEquals(Utils.murmur2(key), Murmur2.hash(key), "length " + len);
            }
        }
    }

    @Test
    void keyedRecordsLandWhereKafkaClientsPutsThem() {
        StickyPartitioner p = new StickyPartitioner(16384);
        for (int partitions : new int[] {1, 2, 3, 7, 12, 100}) {
            for (int i = 0; i < 10_000; i++) {
                byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
                assertEquals(BuiltInPartitioner.partitionForKey(key, partitions),
                        p.partition("t", key, partitions, List.of()), "key-" + i + " over " + partitions);
            }
        }
    }

    @Test
    void nullKeysStickToOnePartitionForABatchThenMove() {
        int batchSize = 1000;
        StickyPartitioner p = new StickyPartitioner(batchSize);
        List<Integer> available = List.of(0, 1, 2, 3, 4, 5);
        Set<Integer> seen = new HashSet<>();
        int first = p.partition("t", null, 6, available);
        int sent = 0;
        while (sent + 100 < batchSize) {
            assertEquals(first, p.partition("t", null, 6, available), "sticky below batch.size");
            p.onAppend("t", first, 100, 6, available);
            sent += 100;
        }
        p.onAppend("t", first, 100, 6, available);
        int second = p.partition("t", null, 6, available);
        assertNotEquals(first, second, "moves on after batch.size bytes");
        seen.add(first);
        seen.add(second);
        for (int i = 0; i < 500; i++) {
            int cur = p.partition("t", null, 6, available);
            seen.add(cur);
            p.onAppend("t", cur, batchSize, 6, available);
        }
        assertEquals(Set.copyOf(available), seen, "every partition gets its turn");
    }

    @Test
    void nullKeysAvoidPartitionsWithoutLeader() {
        StickyPartitioner p = new StickyPartitioner(10);
        for (int i = 0; i < 200; i++) {
            int cur = p.partition("t", null, 4, List.of(1, 3));
            assertTrue(cur == 1 || cur == 3, "partition " + cur);
            p.onAppend("t", cur, 10, 4, List.of(1, 3));
        }
    }
}
