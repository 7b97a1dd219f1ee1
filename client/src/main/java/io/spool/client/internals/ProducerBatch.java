package io.spool.client.internals;

import io.spool.client.RecordMetadata;
import io.spool.client.TopicPartition;
import io.spool.client.buffer.PooledBuffer;
import io.spool.client.record.Header;
import io.spool.client.record.RecordBatchBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Records for one partition, encoded into one pooled buffer. Appends happen under the
 * accumulator's lock; after the first drain the batch is immutable (sealed with its producer id,
 * epoch and sequence) so that a retry resends exactly the same bytes.
 */
public final class ProducerBatch {
    final TopicPartition tp;
    final PooledBuffer buffer;
    final RecordBatchBuilder builder;
    final long createdNanos;
    private final List<Thunk> thunks = new ArrayList<>();
    boolean full;
    int attempts;
    long retryAfterNanos;
    /** Set at the first drain; -1 until then. */
    long producerId = -1;
    short producerEpoch = -1;
    int baseSequence = -1;
    int sealedLength = -1;
    private boolean done;

    private record Thunk(CompletableFuture<RecordMetadata> future, int relativeOffset, long timestamp, int keySize, int valueSize) {
    }

    ProducerBatch(TopicPartition tp, PooledBuffer buffer, long nowNanos) {
        this.tp = tp;
        this.buffer = buffer;
        this.builder = new RecordBatchBuilder(buffer.segment());
        this.createdNanos = nowNanos;
    }

    /** Appends one record, or returns null when it does not fit. */
    CompletableFuture<RecordMetadata> tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers) {
        if (full || sealedLength >= 0 || !builder.tryAppend(timestamp, key, value, headers)) {
            full = true;
            return null;
        }
        CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
        thunks.add(new Thunk(f, builder.recordCount() - 1, timestamp,
                key == null ? -1 : key.length, value == null ? -1 : value.length));
        return f;
    }

    int recordCount() {
        return builder.recordCount();
    }

    int sizeInBytes() {
        return sealedLength >= 0 ? sealedLength : builder.sizeInBytes();
    }

    /** Writes header and CRC with the given identity (only while no send of the buffer is outstanding). */
    void seal(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        this.sealedLength = builder.seal(producerId, producerEpoch, baseSequence);
    }

    boolean isSealed() {
        return sealedLength >= 0;
    }

    /** Completes every record's future and gives the buffer back (once). */
    void complete(long baseOffset) {
        if (done) {
            return;
        }
        done = true;
        for (Thunk t : thunks) {
            long offset = baseOffset < 0 ? -1 : baseOffset + t.relativeOffset;
            t.future.complete(new RecordMetadata(tp, offset, t.timestamp, t.keySize, t.valueSize));
        }
        buffer.release();
    }

    /** Fails every record's future and gives the buffer back (once). */
    void fail(RuntimeException cause) {
        if (done) {
            return;
        }
        done = true;
        for (Thunk t : thunks) {
            t.future.completeExceptionally(cause);
        }
        buffer.release();
    }

    boolean isDone() {
        return done;
    }
}
