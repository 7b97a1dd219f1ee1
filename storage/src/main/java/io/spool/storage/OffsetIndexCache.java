package io.spool.storage;

/**
 * The active segment's most recent sparse offset-index entries in memory, so a tail fetch makes no RocksDB
 * call. Single writer (the appender, under the partition lock), lock-free readers. Holds at most
 * {@code maxEntries}; older entries are dropped here (they stay in RocksDB).
 */
final class OffsetIndexCache {
    private static final class Entries {
        final long[] offsets;
        final int[] positions;
        volatile int size;

        Entries(int capacity) {
            offsets = new long[capacity];
            positions = new int[capacity];
        }
    }

    private final int maxEntries;
    private volatile Entries entries;
    /** True while the cache holds every entry of its segment (then a miss means "from position 0"). */
    private volatile boolean complete;

    OffsetIndexCache(int maxEntries, boolean complete) {
        this.maxEntries = maxEntries;
        this.complete = complete;
        this.entries = new Entries(Math.min(8, maxEntries));
    }

    /** Appends an entry; offsets must increase. Writer only. */
    void add(long offset, int position) {
        Entries e = entries;
        int n = e.size;
        if (n == e.offsets.length) {
            int keep = n < maxEntries ? n : n / 2;
            if (keep < n) {
                complete = false;
            }
            Entries grown = new Entries(Math.min(maxEntries, Math.max(8, n * 2)));
            System.arraycopy(e.offsets, n - keep, grown.offsets, 0, keep);
            System.arraycopy(e.positions, n - keep, grown.positions, 0, keep);
            grown.size = keep;
            entries = grown;
            e = grown;
            n = keep;
        }
        e.offsets[n] = offset;
        e.positions[n] = position;
        e.size = n + 1;
    }

    /** Drops entries at or above {@code offset} (truncation). Writer only. */
    void truncateFrom(long offset) {
        Entries e = entries;
        int n = e.size;
        Entries copy = new Entries(e.offsets.length);
        int keep = 0;
        while (keep < n && e.offsets[keep] < offset) {
            keep++;
        }
        System.arraycopy(e.offsets, 0, copy.offsets, 0, keep);
        System.arraycopy(e.positions, 0, copy.positions, 0, keep);
        copy.size = keep;
        entries = copy;
    }

    /**
     * File position of the last entry with offset at or below {@code offset}, 0 when the cache is complete and
     * has none; -1 if the cache cannot tell (then ask RocksDB).
     */
    int floorPosition(long offset) {
        Entries e = entries;
        int n = e.size;
        if (n == 0 || offset < e.offsets[0]) {
            return complete ? 0 : -1;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (e.offsets[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return e.positions[lo];
    }

    int size() {
        return entries.size;
    }
}
