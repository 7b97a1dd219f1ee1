package io.spool.broker.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spool.storage.SegmentChannel;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFileRegionTest {
    @TempDir
    Path dir;

    /** A segment handle over a real file that counts references and closes the channel at the last release. */
    private static final class CountingSegment implements SegmentChannel {
        final FileChannel channel;
        final AtomicInteger refs = new AtomicInteger(1);

        CountingSegment(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public FileChannel channel() {
            return channel;
        }

        @Override
        public SegmentChannel retain() {
            refs.incrementAndGet();
            return this;
        }

        @Override
        public void release() {
            if (refs.decrementAndGet() == 0) {
                try {
                    channel.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    @Test
    void transfersItsRangeAndReleasesTheSegmentWithoutClosingASharedChannel() throws Exception {
        Path file = dir.resolve("00000000000000000000.log");
        byte[] bytes = new byte[1000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Files.write(file, bytes);
        CountingSegment segment = new CountingSegment(FileChannel.open(file, StandardOpenOption.READ));
        segment.retain(); // the log's own reference
        SegmentFileRegion region = new SegmentFileRegion(segment, 100, 300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = 0;
        while (n < region.count()) {
            n += region.transferTo(Channels.newChannel(out), n);
        }
        byte[] expected = new byte[300];
        System.arraycopy(bytes, 100, expected, 0, 300);
        assertArrayEquals(expected, out.toByteArray());

        assertTrue(region.release());
        assertEquals(1, segment.refs.get(), "the region gave back exactly its reference");
        assertTrue(segment.channel.isOpen(), "the shared channel stays open for other readers");
        segment.release();
        assertTrue(!segment.channel.isOpen());
    }
}
