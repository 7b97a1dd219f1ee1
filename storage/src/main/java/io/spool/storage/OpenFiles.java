package io.spool.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the read channels open over all segments of a log manager: when more than {@code limit} are open,
 * {@link #trim()} (maintenance thread) closes the least recently used idle ones; they reopen on the next read.
 */
final class OpenFiles {
    private final int limit;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<SegmentFile> files = ConcurrentHashMap.newKeySet();

    OpenFiles(int limit) {
        this.limit = limit;
    }

    void opened(SegmentFile file) {
        files.add(file);
        open.incrementAndGet();
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
