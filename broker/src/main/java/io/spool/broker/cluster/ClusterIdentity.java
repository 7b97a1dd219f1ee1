package io.spool.broker.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

/**
 * The data directory's identity, as Kafka keeps it: {@code meta.properties} with the cluster id (created on
 * first start) and the node id. Read after the storage engine has locked the directory (its {@code .lock}),
 * so only one broker process ever writes it.
 */
public final class ClusterIdentity {
    private final String clusterId;

    private ClusterIdentity(String clusterId) {
        this.clusterId = clusterId;
    }

    /**
     * Reads or creates {@code meta.properties} in {@code dataDir}. Throws IllegalStateException with a one-line
     * reason when the directory belongs to another node.
     */
    public static ClusterIdentity open(Path dataDir, int nodeId) throws IOException {
        Files.createDirectories(dataDir);
        {
            Path meta = dataDir.resolve("meta.properties");
            Properties p = new Properties();
            if (Files.exists(meta)) {
                try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                String storedNode = p.getProperty("node.id");
                if (storedNode != null && !storedNode.equals(Integer.toString(nodeId))) {
                    throw new IllegalStateException("data directory " + dataDir.toAbsolutePath() + " belongs to node.id="
                            + storedNode + ", not node.id=" + nodeId);
                }
            }
            String clusterId = p.getProperty("cluster.id");
            if (clusterId == null) {
                clusterId = newClusterId();
                p.setProperty("cluster.id", clusterId);
                p.setProperty("node.id", Integer.toString(nodeId));
                p.setProperty("version", "1");
                Path tmp = dataDir.resolve("meta.properties.tmp");
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    p.store(w, "Spool data directory identity");
                }
                try (FileChannel f = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    f.force(true);
                }
                Files.move(tmp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel d = FileChannel.open(dataDir, StandardOpenOption.READ)) {
                    d.force(true);
                }
            }
            return new ClusterIdentity(clusterId);
        }
    }

    /** Kafka's form: a random UUID in URL-safe base64 without padding (22 characters). */
    static String newClusterId() {
        UUID u = UUID.randomUUID();
        ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    public String clusterId() {
        return clusterId;
    }
}
