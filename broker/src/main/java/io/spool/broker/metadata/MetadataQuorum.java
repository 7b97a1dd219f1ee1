package io.spool.broker.metadata;

import java.util.concurrent.CompletableFuture;

/**
 * The replicated metadata state machine as the broker sees it: submit a command, read the current image.
 * A single node applies commands through a local fsynced log ({@link LocalMetadataQuorum}); a cluster
 * puts Apache Ratis behind the same interface.
 */
public interface MetadataQuorum extends AutoCloseable {

    /** The latest applied image; any thread, no locking. */
    MetadataImage image();

    /**
     * Appends {@code command} durably and applies it. The future completes (on the metadata thread) with the
     * new image after every {@link MetadataListener} has seen it, or exceptionally with a
     * {@link MetadataException} when the image refuses the command or the log cannot be written.
     */
    CompletableFuture<MetadataImage> submit(MetadataCommand command);

    @Override
    void close();

    /** Reacts to image changes (creates and deletes partition logs); runs on the metadata thread, may block. */
    interface MetadataListener {
        void onImage(MetadataImage previous, MetadataImage current);
    }
}
