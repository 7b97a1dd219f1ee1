package io.spool.client.internals;

import io.spool.client.RecordMetadata;
import io.spool.client.RecordTooLargeException;
import io.spool.client.TopicPartition;
import io.spool.client.buffer.BufferPool;
import io.spool.client.buffer.PooledBuffer;
import io.spool.client.record.Header;
import io.spool.client.record.RecordBatchBuilder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-partition queues of batches. User threads append; the sender thread drains. One lock guards
 * every queue (appends are short: an encode into off-heap memory). At most one batch per partition
 * is in flight, so a retried batch always goes out before the batches behind it: with sequence
 * numbers that gives no duplicates and no reordering.
 */
public final class RecordAccumulator {
    private final BufferPool pool;
    private final int batchSize;
    private final long lingerNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeup = lock.newCondition();
    private final Condition batchDone = lock.newCondition();
    private final Map<TopicPartition, ArrayDeque<ProducerBatch>> queues = new HashMap<>();
    private final Set<TopicPartition> inFlight = new HashSet<>();
    private int flushesInProgress;
    private boolean closing;
    private boolean wakeupPending;

    public RecordAccumulator(BufferPool pool, int batchSize, long lingerMs) {
        this.pool = pool;
        this.batchSize = batchSize;
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMs);
    }

    /** Result of an append: the record's future and whether a batch became ready to send. */
    public record AppendResult(CompletableFuture<RecordMetadata> future, boolean batchReady, boolean newBatch) {
    }

    /**
     * Appends a record to the partition's open batch, or to a new batch in a buffer from the pool
     * (blocking up to {@code maxBlockMs} when {@code buffer.memory} is used up).
     */
    public AppendResult append(TopicPartition tp, long timestamp, byte[] key, byte[] value, Header[] headers,
                               long maxBlockMs) throws InterruptedException {
        lock.lock();
        try {
            AppendResult r = tryAppendLast(tp, timestamp, key, value, headers);
            if (r != null) {
                return r;
            }
        } finally {
            lock.unlock();
        }
        int size = Math.max(batchSize, RecordBatchBuilder.sizeInNewBatch(key, value, headers));
        PooledBuffer buffer = pool.allocate(size, maxBlockMs);
        lock.lock();
        try {
            if (closing) {
                buffer.release();
                throw new IllegalStateException("producer is closed");
            }
            AppendResult r = tryAppendLast(tp, timestamp, key, value, headers);
            if (r != null) {
                buffer.release(); // someone else opened a batch meanwhile
                return r;
            }
            ProducerBatch batch = new ProducerBatch(tp, buffer, System.nanoTime());
            CompletableFuture<RecordMetadata> f = batch.tryAppend(timestamp, key, value, headers);
            if (f == null) {
                buffer.release();
                throw new RecordTooLargeException("record does not fit an empty batch: size="
                        + RecordBatchBuilder.sizeInNewBatch(key, value, headers));
            }
            ArrayDeque<ProducerBatch> q = queues.computeIfAbsent(tp, k -> new ArrayDeque<>());
            q.addLast(batch);
            boolean ready = q.size() > 1;
            if (ready) {
                signal();
            }
            return new AppendResult(f, ready, true);
        } finally {
            lock.unlock();
        }
    }

    private AppendResult tryAppendLast(TopicPartition tp, long timestamp, byte[] key, byte[] value, Header[] headers) {
        if (closing) {
            throw new IllegalStateException("producer is closed");
        }
        ArrayDeque<ProducerBatch> q = queues.get(tp);
        if (q == null || q.isEmpty()) {
            return null;
        }
        ProducerBatch last = q.peekLast();
        if (last.isSealed()) {
            return null;
        }
        CompletableFuture<RecordMetadata> f = last.tryAppend(timestamp, key, value, headers);
        if (f == null) {
            signal(); // the last batch is full: ready to go
            return null;
        }
        boolean ready = last.sizeInBytes() >= batchSize;
        if (ready) {
            last.full = true;
            signal();
        }
        return new AppendResult(f, ready, false);
    }

    private void signal() {
        wakeupPending = true;
        wakeup.signalAll();
    }

    /** Wakes the sender (e.g. after a response). */
    public void wakeup() {
        lock.lock();
        try {
            signal();
        } finally {
            lock.unlock();
        }
    }

    /** Sender: waits up to {@code nanos} or until woken. */
    public void await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            if (!wakeupPending && nanos > 0) {
                wakeup.awaitNanos(nanos);
            }
            wakeupPending = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sender: removes the head batch of every partition that is ready (full, lingered long enough,
     * flushing or closing), whose leader is known and which has nothing in flight; marks those
     * partitions in flight. Returns batches by leader, and via {@code nextCheckNanos[0]} the
     * time until the next batch becomes ready.
     */
    public Map<Integer, List<ProducerBatch>> drain(ClusterImage image, long nowNanos, int maxRequestSize,
                                                   Set<Integer> busyNodes, long[] nextCheckNanos, Set<String> unknownLeaders) {
        Map<Integer, List<ProducerBatch>> out = new HashMap<>();
        Map<Integer, Integer> bytes = new HashMap<>();
        long next = Long.MAX_VALUE;
        lock.lock();
        try {
            for (Map.Entry<TopicPartition, ArrayDeque<ProducerBatch>> e : queues.entrySet()) {
                TopicPartition tp = e.getKey();
                ArrayDeque<ProducerBatch> q = e.getValue();
                ProducerBatch head = q.peekFirst();
                if (head == null || inFlight.contains(tp)) {
                    continue;
                }
                if (head.retryAfterNanos - nowNanos > 0) {
                    next = Math.min(next, head.retryAfterNanos - nowNanos);
                    continue;
                }
                long waited = nowNanos - head.createdNanos;
                boolean ready = head.full || q.size() > 1 || waited >= lingerNanos || flushesInProgress > 0
                        || closing || head.attempts > 0;
                if (!ready) {
                    next = Math.min(next, lingerNanos - waited);
                    continue;
                }
                int leader = image.leader(tp);
                if (leader < 0) {
                    unknownLeaders.add(tp.topic());
                    continue;
                }
                if (busyNodes.contains(leader)) {
                    continue;
                }
                int used = bytes.getOrDefault(leader, 0);
                if (used > 0 && used + head.sizeInBytes() > maxRequestSize) {
                    next = 0;
                    continue;
                }
                q.pollFirst();
                inFlight.add(tp);
                bytes.put(leader, used + head.sizeInBytes());
                out.computeIfAbsent(leader, k -> new ArrayList<>()).add(head);
            }
        } finally {
            lock.unlock();
        }
        nextCheckNanos[0] = next;
        return out;
    }

    /** Sender: a batch is finished (acknowledged or failed for good); its partition may send again. */
    public void done(ProducerBatch batch) {
        lock.lock();
        try {
            inFlight.remove(batch.tp);
            signal();
            batchDone.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is queued or in flight, or {@code timeoutNanos} passed; returns whether empty. */
    public boolean awaitEmpty(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (hasPending()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                batchDone.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Sender: puts a batch back at the head of its queue for a retry after {@code backoffNanos}. */
    public void reenqueue(ProducerBatch batch, long nowNanos, long backoffNanos) {
        lock.lock();
        try {
            batch.attempts++;
            batch.retryAfterNanos = nowNanos + backoffNanos;
            queues.computeIfAbsent(batch.tp, k -> new ArrayDeque<>()).addFirst(batch);
            inFlight.remove(batch.tp);
            signal();
        } finally {
            lock.unlock();
        }
    }

    /** Sender: removes and returns queued batches older than the delivery timeout. */
    public List<ProducerBatch> expired(long nowNanos, long deliveryTimeoutNanos) {
        List<ProducerBatch> out = new ArrayList<>();
        lock.lock();
        try {
            for (ArrayDeque<ProducerBatch> q : queues.values()) {
                Iterator<ProducerBatch> it = q.iterator();
                while (it.hasNext()) {
                    ProducerBatch b = it.next();
                    if (nowNanos - b.createdNanos >= deliveryTimeoutNanos) {
                        it.remove();
                        out.add(b);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** Removes every queued batch (force close). */
    public List<ProducerBatch> abortAll() {
        List<ProducerBatch> out = new ArrayList<>();
        lock.lock();
        try {
            for (ArrayDeque<ProducerBatch> q : queues.values()) {
                out.addAll(q);
                q.clear();
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** Whether any batch is queued or in flight. */
    public boolean hasPending() {
        lock.lock();
        try {
            if (!inFlight.isEmpty()) {
                return true;
            }
            for (ArrayDeque<ProducerBatch> q : queues.values()) {
                if (!q.isEmpty()) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    public void beginFlush() {
        lock.lock();
        try {
            flushesInProgress++;
            signal();
        } finally {
            lock.unlock();
        }
    }

    public void endFlush() {
        lock.lock();
        try {
            flushesInProgress--;
        } finally {
            lock.unlock();
        }
    }

    /** No more appends; everything queued is ready at once. */
    public void beginClose() {
        lock.lock();
        try {
            closing = true;
            signal();
        } finally {
            lock.unlock();
        }
    }
}
