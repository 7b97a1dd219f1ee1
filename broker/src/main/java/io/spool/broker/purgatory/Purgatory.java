package io.spool.broker.purgatory;

import io.netty.util.concurrent.EventExecutor;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds {@link DelayedOperation}s keyed by what they wait for (a partition). {@link #checkAndComplete} from
 * any thread (the appender) re-checks each watcher on the watcher's own executor (inline when the appender
 * already runs on it, posted otherwise); the timer posts
 * the forced completion at the deadline, so every parked operation is answered by then. Thread-safe.
 *
 * @param <K> the key an operation waits on
 */
public final class Purgatory<K> {
    private static final Logger LOG = LoggerFactory.getLogger(Purgatory.class);

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

    /**
     * Re-checks every operation waiting on {@code key}, each on its own executor: at once when the caller is
     * already on that executor's event loop (no task-queue hop: the parked fetch is answered before this loop
     * goes back to its other channels), else posted to it. Any thread; cheap when none wait.
     */
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
            Runnable recheck = () -> {
                if (!op.isCompleted() && op.tryComplete()) {
                    unwatch(op, (Collection<K>) op.watchedKeys);
                }
            };
            if (op.executor() instanceof EventExecutor loop && loop.inEventLoop()) {
                runInline(recheck);
            } else {
                op.executor().execute(recheck);
            }
        }
    }

    /** Runs a re-check on the caller's loop; a failing check must not fail the caller (the appender). */
    private static void runInline(Runnable recheck) {
        try {
            recheck.run();
        } catch (RuntimeException e) {
            LOG.warn("re-check of a parked operation failed", e);
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
