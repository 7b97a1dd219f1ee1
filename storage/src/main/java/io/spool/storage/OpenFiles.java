package io.spool.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Bounds the read channels open over all segments of a log manager: when more than {@code limit} are open,
 * {@link #trim()} (posted to the maintenance thread as soon as the count passes the limit, and run on every
 * maintenance tick) closes the least recently used idle ones; they reopen on the next read.
 */
final class OpenFiles {
    private final int limit;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<SegmentFile> files = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean trimPending = new AtomicBoolean();
    private volatile Consumer<Runnable> executor = Runnable::run;

    OpenFiles(int limit) {
        this.limit = limit;
    }

    /** Where {@link #trim()} runs when a new channel pushes the count over the limit (the maintenance thread). */
    void trimOn(Consumer<Runnable> executor) {
        this.executor = executor;
    }

    void opened(SegmentFile file) {
        files.add(file);
        if (open.incrementAndGet() > limit && trimPending.compareAndSet(false, true)) {
            executor.accept(() -> {
                trimPending.set(false);
                trim();
            });
        }
    }

    void closed(SegmentFile file) {
        files.remove(file);
        open.decrementAndGet();
    }

    int count() {
        return open.get();
    }

    /** Closes idle channels, oldest first, until at most three quarters of the limit are open. */
    void trim() {
        if (open.get() <= limit) {
            return;
        }
        List<SegmentFile> idle = new ArrayList<>(files);
        idle.sort((a, b) -> Long.compare(a.lastUsedNanos(), b.lastUsedNanos()));
        int target = limit * 3 / 4;
        for (SegmentFile file : idle) {
            if (open.get() <= target) {
                break;
            }
            file.closeIfIdle();
        }
    }
}
