package io.spool.storage;

import io.spool.protocol.record.RecordBatchView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static io.spool.storage.TestBatches.batch;
import static org.junit.jupiter.api.Assertions.*;

/** Unit tests of the engine's small parts: index cache, producer table, epochs, keys, walker, mapping, index store. */
class EngineUnitsTest {
    @TempDir
    Path dir;

    @Test
    void offsetIndexCacheFindsFloorAndKnowsWhenItIsIncomplete() {
        OffsetIndexCache cache = new OffsetIndexCache(8, true);
        assertEquals(0, cache.floorPosition(5), "complete and empty: start of the segment");
        for (int i = 1; i <= 20; i++) {
            cache.add(i * 10L, i * 100);
        }
        // capped at 8 entries: the oldest were dropped, so early offsets are unknown
        assertEquals(-1, cache.floorPosition(15));
        assertEquals(2000, cache.floorPosition(205));
        assertEquals(1900, cache.floorPosition(199));
        cache.truncateFrom(190);
        assertEquals(1800, cache.floorPosition(500));
    }

    @Test
    void producerTableClassifiesSequences() {
        ProducerStateTable table = new ProducerStateTable();
        assertEquals(ProducerStateTable.NEW, table.check(1, (short) 0, 0, 4));
        table.record(1, (short) 0, 0, 4, 100, 104);
        assertEquals(ProducerStateTable.DUPLICATE, table.check(1, (short) 0, 0, 4));
        assertEquals(100, table.duplicateFirstOffset);
        assertEquals(ProducerStateTable.NEW, table.check(1, (short) 0, 5, 9));
        assertEquals(ProducerStateTable.OUT_OF_ORDER, table.check(1, (short) 0, 7, 9));
        assertEquals(ProducerStateTable.FENCED, table.check(1, (short) -1, 5, 9));
        assertEquals(ProducerStateTable.UNKNOWN_PRODUCER, table.check(2, (short) 0, 3, 3));
        for (int i = 1; i <= 6; i++) {
            table.record(1, (short) 0, i * 5, i * 5 + 4, 100 + i * 5, 104 + i * 5);
        }
        // only the last five batches are remembered
        assertEquals(ProducerStateTable.OUT_OF_ORDER, table.check(1, (short) 0, 0, 4));
        assertEquals(ProducerStateTable.DUPLICATE, table.check(1, (short) 0, 30, 34));
        ProducerStateTable copy = new ProducerStateTable();
        copy.load(table.serialize());
        assertEquals(ProducerStateTable.DUPLICATE, copy.check(1, (short) 0, 30, 34));
        assertEquals(130, copy.duplicateFirstOffset);
        copy.truncateFrom(125);
        assertEquals(ProducerStateTable.NEW, copy.check(1, (short) 0, 25, 29));
        assertEquals(Integer.MAX_VALUE, ProducerStateTable.nextSequence(Integer.MAX_VALUE - 1));
        assertEquals(0, ProducerStateTable.nextSequence(Integer.MAX_VALUE));
    }

    @Test
    void leaderEpochCacheKeepsIncreasingEpochsAndTruncates() {
        LeaderEpochCache cache = new LeaderEpochCache();
        assertTrue(cache.assign(1, 0));
        assertFalse(cache.assign(1, 10));
        assertFalse(cache.assign(0, 10));
        assertTrue(cache.assign(3, 50));
        assertEquals(50, cache.startOffset(3));
        LeaderEpochCache copy = LeaderEpochCache.deserialize(cache.serialize());
        assertEquals(3, copy.latestEpoch());
        copy.truncateFrom(50);
        assertEquals(1, copy.latestEpoch());
    }

    @Test
    void indexKeysSortNumericallyAndStayInTheirPrefix() {
        byte[] a = SegmentIndexKey.key(7, 255);
        byte[] b = SegmentIndexKey.key(7, 256);
        assertTrue(java.util.Arrays.compareUnsigned(a, b) < 0);
        assertTrue(java.util.Arrays.compareUnsigned(SegmentIndexKey.timeKey(7, -5), SegmentIndexKey.timeKey(7, 3)) < 0);
        assertEquals(-5, SegmentIndexKey.timestampOf(SegmentIndexKey.timeKey(7, -5)));
        assertTrue(java.util.Arrays.compareUnsigned(SegmentIndexKey.key(7, Long.MAX_VALUE), SegmentIndexKey.prefixEnd(7)) < 0);
        assertTrue(java.util.Arrays.compareUnsigned(SegmentIndexKey.prefixEnd(7), SegmentIndexKey.key(8, 0)) < 0);
        assertTrue(SegmentIndexKey.hasPrefix(a, 7));
        assertFalse(SegmentIndexKey.hasPrefix(a, 8));
        assertEquals(12345, Segment.parseBaseOffset(Segment.fileName(12345)));
        assertEquals(-1, Segment.parseBaseOffset("0000000000000001234x.log"));
    }

    @Test
    void partitionIndexFindsPendingAndWrittenEntriesAndDeletesBoth() {
        try (IndexStore store = IndexStore.open(dir.resolve("idx"), 1 << 20, 1 << 20)) {
            List<Runnable> requested = new ArrayList<>();
            PartitionIndex index = new PartitionIndex(store, 7, requested::add);
            IndexStore.Entry e = new IndexStore.Entry();
            index.putOffset(100, 0, 4096);
            index.putOffset(200, 0, 8192);
            index.putTime(1000, 100, 0, 4096);
            assertFalse(store.floorOffset(7, 250, e), "nothing reaches RocksDB before a flush");
            assertTrue(index.floorOffset(250, e));
            assertEquals(200, e.offset);
            assertEquals(8192, e.position);
            index.flush();
            assertEquals(0, index.pending());
            assertTrue(store.floorOffset(7, 250, e), "a flush writes the entries");
            assertEquals(8192, e.position);
            index.putOffset(300, 0, 12288);
            index.putTime(2000, 300, 0, 12288);
            assertTrue(index.floorOffset(250, e), "older entries come from RocksDB");
            assertEquals(200, e.offset);
            assertTrue(index.floorOffset(1000, e));
            assertEquals(300, e.offset);
            assertTrue(index.lastTime(e));
            assertEquals(2000, e.timestamp);
            assertTrue(index.floorTime(1999, e));
            assertEquals(100, e.offset);

            index.truncateFrom(200);
            assertEquals(0, index.pending());
            assertTrue(index.floorOffset(1000, e));
            assertEquals(100, e.offset, "truncation deletes pending and written entries");
            assertTrue(index.lastTime(e));
            assertEquals(1000, e.timestamp);
            index.putOffset(400, 0, 4096);
            index.deleteBelow(450);
            assertFalse(index.floorOffset(1000, e));
            assertFalse(index.lastTime(e));
            assertTrue(requested.isEmpty());

            for (int i = 0; i < PartitionIndex.BACKLOG_ENTRIES + 10; i++) {
                index.putOffset(1000 + i, 0, i);
            }
            assertEquals(1, requested.size(), "a backlog asks for one background flush");
            requested.getFirst().run();
            assertEquals(0, index.pending());
            assertTrue(store.floorOffset(7, 1000 + PartitionIndex.BACKLOG_ENTRIES + 9, e));
            assertEquals(PartitionIndex.BACKLOG_ENTRIES + 9, e.position);
        }
    }

    @Test
    void indexStoreSeeksNeverLeaveTheirPartition() {
        try (IndexStore store = IndexStore.open(dir.resolve("idx"), 1 << 20, 1 << 20)) {
            assertTrue(store.wasCreated());
            store.putOffset(1, 100, 0, 4096);
            store.putOffset(2, 50, 0, 999);
            IndexStore.Entry e = new IndexStore.Entry();
            assertTrue(store.floorOffset(1, 150, e));
            assertEquals(4096, e.position);
            assertFalse(store.floorOffset(1, 99, e), "must not land in another partition's keys");
            assertFalse(store.floorOffset(3, 1000, e));
            store.putTime(1, 1000, 100, 0, 4096);
            store.putTime(1, 2000, 200, 0, 8192);
            assertTrue(store.floorTime(1, 1999, e));
            assertEquals(100, e.offset);
            store.truncateFrom(1, 200);
            assertTrue(store.lastTime(1, e));
            assertEquals(1000, e.timestamp);
            store.deleteBelow(1, 150);
            assertFalse(store.floorOffset(1, 150, e));
            assertFalse(store.lastTime(1, e));
            store.deletePartition(2, true);
            assertFalse(store.floorOffset(2, 100, e));
        }
    }

    @Test
    void walkerStopsAtATornBatchAndAtAStaleOffset() throws Exception {
        Path file = dir.resolve("walk.log");
        List<Integer> sizes = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long next = 0;
            for (int i = 0; i < 5; i++) {
                ByteBuffer b = batch("w" + i, 3, 50, i);
                new RecordBatchView().wrap(b, 0).baseOffset(next);
                next += 3;
                sizes.add(b.remaining());
                ch.write(b);
            }
            // a stale batch (offset 0 again) and then a torn one
            ByteBuffer stale = batch("stale", 3, 50, 0);
            ch.write(stale);
            ch.write(ByteBuffer.wrap(new byte[]{0, 0, 0, 0, 0, 0, 0, 15, 0, 0, 1, 0}));
        }
        SegmentWalker walker = new SegmentWalker(1 << 10);
        List<Long> seen = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            boolean complete = walker.walk(ch, 0, ch.size(), 0, -1, 1 << 20, (b, pos) -> seen.add(b.baseOffset()));
            assertFalse(complete);
        }
        assertEquals(List.of(0L, 3L, 6L, 9L, 12L), seen);
        assertEquals(15, walker.nextOffset);
        assertEquals(sizes.stream().mapToInt(Integer::intValue).sum(), walker.endPosition);
    }

    @Test
    void segmentMappingNeverOverwritesAndSealsToItsLength() throws Exception {
        Path file = dir.resolve(Segment.fileName(0));
        SegmentMapping mapping = SegmentMapping.create(file, 64 << 10, 8 << 10);
        assertEquals(8 << 10, mapping.reservedEnd());
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> SegmentMapping.create(file, 64 << 10, 8 << 10));
        assertEquals(0, mapping.reserve(20_000, 8 << 10));
        assertTrue(mapping.reservedEnd() >= 20_000);
        mapping.buffer().putBytes(0, new byte[]{1, 2, 3});
        mapping.seal(3);
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(file));
        SegmentMapping again = SegmentMapping.reopen(file, 2, 64 << 10, 8 << 10, true);
        assertEquals(64 << 10, Files.size(file));
        again.unmap();
        assertEquals(1, Files.readAllBytes(file)[0]);
        assertEquals(0, Files.readAllBytes(file)[2], "bytes after the valid end are cut before remapping");
    }
}
