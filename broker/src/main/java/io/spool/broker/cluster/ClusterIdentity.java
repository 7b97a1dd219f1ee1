package io.spool.broker.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
 * first start) and the node id, plus an exclusive {@code .lock} so two brokers never share a directory.
 */
public final class ClusterIdentity implements AutoCloseable {
    private final String clusterId;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private ClusterIdentity(String clusterId, FileChannel lockChannel, FileLock lock) {
        this.clusterId = clusterId;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed, locks it and reads or writes {@code meta.properties}. Throws
     * IllegalStateException with a one-line reason when the directory is locked or belongs to another node.
     */
    public static ClusterIdentity open(Path dataDir, int nodeId) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel ch = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IllegalStateException("data directory " + dataDir.toAbsolutePath() + " is in use by another broker process");
        }
        try {
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
            return new ClusterIdentity(clusterId, ch, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
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

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
