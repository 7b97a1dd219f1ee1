package io.spool.client.buffer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

class BufferPoolTest {

    @Test
    void failsAtOnceWhenFullAndMaxBlockIsZero() throws Exception {
        try (BufferPool pool = new BufferPool(3 * 4096, 4096)) {
            PooledBuffer a = pool.allocate(100, 0);
            PooledBuffer b = pool.allocate(4096, 0);
            PooledBuffer c = pool.allocate(10, 0);
            BufferExhaustedException e = assertThrows(BufferExhaustedException.class, () -> pool.allocate(1, 0));
            assertTrue(e.getMessage().contains("max.block.ms=0"), e.getMessage());
            a.release();
            PooledBuffer d = pool.allocate(1, 0);
            assertSame(a.segment(), d.segment(), "a released batch.size buffer is reused");
            b.release();
            c.release();
            d.release();
            assertEquals(0, pool.outstanding());
        }
    }

    @Test
    void blocksUntilAnotherThreadReleases() throws Exception {
        try (BufferPool pool = new BufferPool(4096, 4096)) {
            PooledBuffer a = pool.allocate(4096, 0);
            CompletableFuture<PooledBuffer> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.allocate(4096, 30_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertFalse(waiting.isDone());
            a.release();
            PooledBuffer b = waiting.get();
            assertEquals(4096, b.capacity());
            b.release();
        }
    }

    @Test
    void bufferReturnsOnlyAfterTheLastReference() throws Exception {
        int[] scribbled = {0};
        try (BufferPool pool = new BufferPool(8192, 4096, seg -> scribbled[0]++)) {
            PooledBuffer a = pool.allocate(4096, 0);
            a.retain(); // e.g. a zero-copy send the kernel has not completed
            a.release();
            assertEquals(1, pool.outstanding());
            assertEquals(0, scribbled[0]);
            a.release();
            assertEquals(0, pool.outstanding());
            assertEquals(1, scribbled[0]);
            assertThrows(IllegalStateException.class, a::retain);
        }
    }

    @Test
    void oversizedRecordsGetTheirOwnBufferAndFreeIt() throws Exception {
        try (BufferPool pool = new BufferPool(16384, 4096)) {
            PooledBuffer big = pool.allocate(10_000, 0);
            assertTrue(big.capacity() >= 10_000);
            assertEquals(16384 - 10_000, pool.availableMemory());
            big.release();
            assertEquals(16384, pool.availableMemory());
            assertThrows(BufferExhaustedException.class, () -> pool.allocate(20_000, 0));
        }
    }

    @Test
    void waitingTimesOutAfterMaxBlock() throws Exception {
        try (BufferPool pool = new BufferPool(4096, 4096)) {
            PooledBuffer a = pool.allocate(4096, 0);
            long start = System.nanoTime();
            assertThrows(BufferExhaustedException.class, () -> pool.allocate(4096, 100));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(100).toNanos());
            a.release();
            await().until(() -> pool.outstanding() == 0);
        }
    }
}
