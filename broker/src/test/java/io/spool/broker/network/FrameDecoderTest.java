package io.spool.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static ByteBuf frame(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return Unpooled.buffer().writeInt(b.length).writeBytes(b);
    }

    private static String read(EmbeddedChannel ch) {
        ByteBuf b = ch.readInbound();
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    @Test
    void framesInOneReadArePassedOnEach() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        ch.writeInbound(Unpooled.wrappedBuffer(frame("abc"), frame(""), frame("defgh")));
        assertEquals("abc", read(ch));
        assertEquals("", read(ch));
        assertEquals("defgh", read(ch));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void frameSplitAnywhereIsGatheredIntoOneBufferOfExactLength() {
        ByteBuf all = Unpooled.wrappedBuffer(frame("hello world"), frame("xy"));
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        for (int cut = 1; cut < bytes.length; cut++) {
            EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
            // byte by byte up to the cut, then the rest
            for (int i = 0; i < cut; i++) {
                ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, 1));
            }
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut));
            ByteBuf first = ch.readInbound();
            assertEquals("hello world", first.toString(StandardCharsets.UTF_8), "cut=" + cut);
            if (cut < 15) {
                assertEquals(11, first.capacity(), "gathered frame must be allocated at its exact length");
                assertTrue(first.isDirect());
            }
            first.release();
            assertEquals("xy", read(ch));
            ch.finish();
        }
    }

    @Test
    void oversizedFrameClosesConnectionBeforeBuffering() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(100));
        ByteBuf in = Unpooled.buffer().writeInt(101).writeBytes(new byte[50]);
        ch.writeInbound(in);
        assertFalse(ch.isOpen());
        assertNull(ch.readInbound());
        assertEquals(0, in.refCnt());
    }

    @Test
    void negativeLengthClosesConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(100));
        ch.writeInbound(Unpooled.buffer().writeInt(-1));
        assertFalse(ch.isOpen());
    }

    @Test
    void partialFrameIsReleasedOnClose() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(100));
        ch.writeInbound(Unpooled.buffer().writeInt(50).writeBytes(new byte[10]));
        ch.writeInbound(Unpooled.buffer().writeBytes(new byte[10]));
        assertNull(ch.readInbound());
        ch.close();
        assertFalse(ch.finish());
    }
}
