package io.spool.broker.group;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshot layout: compaction by key, a round trip, and every kind of damage refused. */
class OffsetsSnapshotCodecTest {

    private static ByteBuffer b(String s) {
        return ByteBuffer.wrap(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Map<String, String> entries(OffsetsSnapshot s) {
        Map<String, String> out = new LinkedHashMap<>();
        s.forEach((k, v) -> out.put(java.nio.charset.StandardCharsets.UTF_8.decode(k).toString(),
                java.nio.charset.StandardCharsets.UTF_8.decode(v).toString()));
        return out;
    }

    @Test
    void theLastValueOfEachKeyWinsATombstoneRemovesItAndTheEncodingRoundTrips() {
        OffsetsSnapshot s = new OffsetsSnapshot(0);
        s.apply(b("a"), b("1"));
        s.apply(b("b"), b("2"));
        s.apply(b("a"), b("3"));
        s.apply(b("c"), b("4"));
        s.apply(b("c"), null);
        s.offset(42);
        OffsetsSnapshot d = OffsetsSnapshot.decode(s.encode());
        assertEquals(42, d.offset());
        assertEquals(Map.of("a", "3", "b", "2"), entries(d));
        assertArrayEquals(s.encode(), d.encode());
        assertEquals(0, OffsetsSnapshot.decode(new OffsetsSnapshot(7).encode()).size());
    }

    @Test
    void damageIsRefusedWithAReason() {
        OffsetsSnapshot s = new OffsetsSnapshot(5);
        s.apply(b("key"), b("value"));
        byte[] good = s.encode();
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 1;
            int at = i;
            assertThrows(IllegalStateException.class, () -> OffsetsSnapshot.decode(bad), "flipped byte " + at);
        }
        for (int n = 0; n < good.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(good, n);
            int len = n;
            assertThrows(IllegalStateException.class, () -> OffsetsSnapshot.decode(cut), "cut to " + len);
        }
        // a well-formed snapshot of a newer version (its CRC right) is refused, not misread
        ByteBuffer v1 = ByteBuffer.wrap(good.clone());
        v1.putShort(4, (short) 1);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(v1.array(), 0, good.length - 4);
        v1.putInt(good.length - 4, (int) crc.getValue());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OffsetsSnapshot.decode(v1.array()));
        assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    }
}
