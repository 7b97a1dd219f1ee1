package io.spool.broker.cluster;

import io.spool.broker.metadata.MetadataCommand;
import io.spool.broker.metadata.MetadataImage;
import io.spool.broker.metadata.MetadataQuorum;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Hands out idempotent producer ids from blocks reserved in the metadata log, so that no id is ever given
 * twice, across restarts included (the unused rest of a block is skipped). Thread-safe; never blocks: a caller
 * that finds the block exhausted gets a future completed when the next block is committed.
 */
public final class ProducerIdManager {
    /** Ids reserved per metadata command. */
    public static final int BLOCK_SIZE = 1000;

    private final MetadataQuorum quorum;
    private final int nodeId;
    private final ArrayDeque<CompletableFuture<Long>> waiting = new ArrayDeque<>();
    private long next;
    private long end;
    private boolean allocating;

    public ProducerIdManager(MetadataQuorum quorum, int nodeId) {
        this.quorum = quorum;
        this.nodeId = nodeId;
    }

    /** The next producer id, at once when the current block has one. */
    public CompletableFuture<Long> nextProducerId() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        boolean allocate = false;
        synchronized (this) {
            if (next < end) {
                f.complete(next++);
            } else {
                waiting.add(f);
                if (!allocating) {
                    allocating = true;
                    allocate = true;
                }
            }
        }
        if (allocate) {
            allocateBlock();
        }
        return f;
    }

    private void allocateBlock() {
        quorum.submit(new MetadataCommand.AllocateProducerIds(nodeId, BLOCK_SIZE)).whenComplete((image, error) -> {
            ArrayDeque<CompletableFuture<Long>> failed = new ArrayDeque<>();
            boolean again = false;
            synchronized (this) {
                allocating = false;
                if (error != null) {
                    failed.addAll(waiting);
                    waiting.clear();
                } else {
                    long blockEnd = image.nextProducerId();
                    next = blockEnd - BLOCK_SIZE;
                    end = blockEnd;
                    while (!waiting.isEmpty() && next < end) {
                        waiting.poll().complete(next++);
                    }
                    if (!waiting.isEmpty()) {
                        allocating = true;
                        again = true;
                    }
                }
            }
            for (CompletableFuture<Long> f : failed) {
                f.completeExceptionally(error);
            }
            if (again) {
                allocateBlock();
            }
        });
    }

    /** For tests: the image the next block would follow. */
    MetadataImage image() {
        return quorum.image();
    }
}
