package io.spool.broker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spool.broker.metadata.LocalMetadataQuorum;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerIdManagerTest {
    @TempDir
    Path dir;

    @Test
    void idsAreUniqueAcrossBlocksAndRestarts() {
        Set<Long> seen = new HashSet<>();
        try (LocalMetadataQuorum q = LocalMetadataQuorum.open(dir, (a, b) -> { })) {
            ProducerIdManager m = new ProducerIdManager(q, 1);
            for (int i = 0; i < ProducerIdManager.BLOCK_SIZE + 10; i++) {
                assertTrue(seen.add(m.nextProducerId().join()));
            }
            assertEquals(2L * ProducerIdManager.BLOCK_SIZE, q.image().nextProducerId());
        }
        try (LocalMetadataQuorum q = LocalMetadataQuorum.open(dir, (a, b) -> { })) {
            ProducerIdManager m = new ProducerIdManager(q, 1);
            long first = m.nextProducerId().join();
            assertEquals(2L * ProducerIdManager.BLOCK_SIZE, first, "the rest of the old block is skipped, never reused");
            assertTrue(seen.add(first));
        }
    }

    @Test
    void concurrentCallersAllGetDistinctIds() throws Exception {
        try (LocalMetadataQuorum q = LocalMetadataQuorum.open(dir, (a, b) -> { })) {
            ProducerIdManager m = new ProducerIdManager(q, 1);
            Set<Long> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 600; i++) {
                        ids.add(m.nextProducerId().join());
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(2400, ids.size());
        }
    }
}
