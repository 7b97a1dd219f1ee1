package io.spool.storage;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * {@code partition.metadata} in each partition directory: topic, partition and the stable partitionKey, so the
 * index can be rebuilt from the directory alone. Written once (temp file, rename); made durable by the
 * partition's first flush, before any of its data counts as flushed.
 */
record PartitionMetadata(String topic, int partition, long partitionKey) {
    static final String FILE_NAME = "partition.metadata";

    static PartitionMetadata read(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String topic = p.getProperty("topic");
        String partition = p.getProperty("partition");
        String key = p.getProperty("partitionKey");
        if (topic == null || partition == null || key == null) {
            throw new IOException("incomplete partition metadata: dir=" + dir + ", content=" + p);
        }
        return new PartitionMetadata(topic, Integer.parseInt(partition), Long.parseLong(key));
    }

    void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("topic", topic);
        p.setProperty("partition", Integer.toString(partition));
        p.setProperty("partitionKey", Long.toString(partitionKey));
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
    }
}
