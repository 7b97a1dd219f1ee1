package io.spool.broker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterIdentityTest {
    @TempDir
    Path dir;

    @Test
    void clusterIdIsCreatedOnceAndKept() throws Exception {
        String id;
        id = ClusterIdentity.open(dir.resolve("data"), 1).clusterId();
        assertEquals(22, id.length());
        assertEquals(id, ClusterIdentity.open(dir.resolve("data"), 1).clusterId());
    }

    @Test
    void directoryOfAnotherNodeIsRefused() throws Exception {
        ClusterIdentity.open(dir, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClusterIdentity.open(dir, 2));
        assertTrue(e.getMessage().contains("node.id=1"), e.getMessage());
    }
}
