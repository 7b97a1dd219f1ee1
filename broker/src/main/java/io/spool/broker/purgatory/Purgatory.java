package io.spool.broker.purgatory;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds {@link DelayedOperation}s keyed by what they wait for (a partition). {@link #checkAndComplete} from
 * any thread (the appender) posts a re-check of each watcher to the watcher's own executor; the timer posts
 * the forced completion at the deadline, so every parked operation is answered by then. Thread-safe.
 *
 * @param <K> the key an operation waits on
 */
public final class Purgatory<K> {
    private final DelayTimer timer;
    private final ConcurrentHashMap<K, Set<DelayedOperation>> watchers = new ConcurrentHashMap<>();

    public Purgatory(DelayTimer timer) {
        this.timer = timer;
    }

    /**
     * Completes {@code op} at once if it can; otherwise parks it on {@code keys} until a key's
     * {@link #checkAndComplete} lets it complete or {@code delayMs} passes. Call on the op's executor.
     * Returns true when it completed at once.
     */
    public boolean tryCompleteElseWatch(DelayedOperation op, long delayMs, Collection<K> keys) {
        if (op.tryComplete()) {
            return true;
        }
        List<K> watched = List.copyOf(keys);
        op.watchedKeys = watched;
        // watch before the second check so that an append racing the first one is not missed
        for (K key : watched) {
            watchers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(op);
        }
        if (op.tryComplete()) {
            unwatch(op, watched);
            return true;
        }
        op.armTimeout(timer.schedule(() -> op.executor().execute(() -> {
            op.forceComplete();
            unwatch(op, watched);
        }), delayMs));
        return false;
    }

    /** Re-checks, each on its own executor, every operation waiting on {@code key}. Any thread; cheap when none wait. */
    @SuppressWarnings("unchecked")
    public void checkAndComplete(K key) {
        Set<DelayedOperation> ops = watchers.get(key);
        if (ops == null || ops.isEmpty()) {
            return;
        }
        for (DelayedOperation op : ops) {
            if (op.isCompleted()) {
                ops.remove(op);
                continue;
            }
            op.executor().execute(() -> {
                if (!op.isCompleted() && op.tryComplete()) {
                    unwatch(op, (Collection<K>) op.watchedKeys);
                }
            });
        }
    }

    /** Operations currently watched on {@code key} (for tests and metrics). */
    public int watching(K key) {
        Set<DelayedOperation> ops = watchers.get(key);
        return ops == null ? 0 : (int) ops.stream().filter(o -> !o.isCompleted()).count();
    }

    private void unwatch(DelayedOperation op, Collection<K> keys) {
        for (K key : keys) {
            watchers.computeIfPresent(key, (k, set) -> {
                set.remove(op);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
