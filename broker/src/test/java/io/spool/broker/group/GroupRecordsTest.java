package io.spool.broker.group;

import io.spool.protocol.record.BatchStatus;
import io.spool.protocol.record.RecordBatchView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code __consumer_offsets} record layouts and the batches that carry them, checked against kafka-clients. */
class GroupRecordsTest {

    @Test
    void batchesAreValidRecordBatchV2AsKafkaClientsReadsThem() {
        byte[] key = GroupRecordCodec.offsetKey("g", new TopicPartitionKey("topic", 3));
        byte[] value = GroupRecordCodec.offsetValue(new OffsetAndMetadata(12345, 7, "m", 1_700_000_000_000L));
        byte[] groupKey = GroupRecordCodec.groupKey("g");
        ByteBuffer batch = new CoordinatorBatchBuilder().add(key, value).add(groupKey, null).build(1_700_000_000_123L);

        assertEquals(BatchStatus.VALID, new RecordBatchView().wrap(batch, 0).validate(batch.remaining()));
        MemoryRecords records = MemoryRecords.readableRecords(batch.duplicate());
        List<Record> all = new ArrayList<>();
        for (RecordBatch b : records.batches()) {
            b.ensureValid();
            assertEquals(RecordBatch.MAGIC_VALUE_V2, b.magic());
            assertEquals(1_700_000_000_123L, b.maxTimestamp());
            b.forEach(all::add);
        }
        assertEquals(2, all.size());
        assertEquals(0, all.get(0).offset());
        assertEquals(1, all.get(1).offset());
        assertArrayEquals(key, bytes(all.get(0).key()));
        assertArrayEquals(value, bytes(all.get(0).value()));
        assertArrayEquals(groupKey, bytes(all.get(1).key()));
        assertFalse(all.get(1).hasValue(), "a tombstone has a null value");
    }

    @Test
    void offsetKeysAndValuesRoundTrip() {
        TopicPartitionKey tp = new TopicPartitionKey("ünïcode-topic", 41);
        GroupRecordCodec.Key key = GroupRecordCodec.key(ByteBuffer.wrap(GroupRecordCodec.offsetKey("grüppe", tp)));
        GroupRecordCodec.OffsetKey ok = assertInstanceOf(GroupRecordCodec.OffsetKey.class, key);
        assertEquals("grüppe", ok.groupId());
        assertEquals(tp, ok.partition());
        OffsetAndMetadata o = new OffsetAndMetadata(Long.MAX_VALUE - 1, -1, "", 5);
        assertEquals(o, GroupRecordCodec.offsetValue(ByteBuffer.wrap(GroupRecordCodec.offsetValue(o))));
        assertInstanceOf(GroupRecordCodec.GroupKey.class, GroupRecordCodec.key(ByteBuffer.wrap(GroupRecordCodec.groupKey("x"))));
    }

    @Test
    void groupValuesRoundTripWithStaticAndDynamicMembers() {
        ClassicGroup g = new ClassicGroup("g", 0, 100);
        g.protocolType = "consumer";
        g.protocolName = "range";
        g.generationId = 9;
        GroupMember a = new GroupMember("a-1", "instance-a", "client-a", "/10.0.0.1", 6000, 30_000,
                List.of(new Protocol("range", new byte[] {1, 2, 3}), new Protocol("roundrobin", new byte[] {9})));
        a.assignment = new byte[] {4, 5};
        GroupMember b = new GroupMember("b-1", null, "client-b", "/10.0.0.2", 7000, 40_000,
                List.of(new Protocol("range", new byte[0])));
        g.add(a);
        g.add(b);
        g.transition(GroupState.STABLE, 1234);

        GroupRecordCodec.GroupSnapshot s = GroupRecordCodec.groupValue(ByteBuffer.wrap(GroupRecordCodec.groupValue(g)));
        assertEquals("consumer", s.protocolType());
        assertEquals("range", s.protocolName());
        assertEquals("a-1", s.leaderId());
        assertEquals(9, s.generationId());
        assertEquals(1234, s.stateTimestampMs());
        assertEquals(2, s.members().size());
        GroupRecordCodec.MemberSnapshot ma = s.members().get(0);
        assertEquals("instance-a", ma.groupInstanceId());
        assertEquals(30_000, ma.rebalanceTimeoutMs());
        assertEquals(6000, ma.sessionTimeoutMs());
        assertArrayEquals(new byte[] {1, 2, 3}, ma.subscription(), "only the chosen protocol's metadata is kept");
        assertArrayEquals(new byte[] {4, 5}, ma.assignment());
        assertNull(s.members().get(1).groupInstanceId());
        assertArrayEquals(new byte[0], s.members().get(1).assignment());
    }

    @Test
    void anEmptyGroupWithoutProtocolRoundTrips() {
        ClassicGroup g = new ClassicGroup("g", 0, 100);
        g.protocolType = "consumer";
        g.generationId = 3;
        GroupRecordCodec.GroupSnapshot s = GroupRecordCodec.groupValue(ByteBuffer.wrap(GroupRecordCodec.groupValue(g)));
        assertNull(s.protocolName());
        assertNull(s.leaderId());
        assertTrue(s.members().isEmpty());
    }

    @Test
    void unknownKeyTypesAndTruncatedValuesAreRefusedWithTheirValues() {
        ByteBuffer unknown = ByteBuffer.allocate(6).putShort((short) 9).putShort((short) 1).put((byte) 'g');
        unknown.flip();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GroupRecordCodec.key(unknown));
        assertTrue(e.getMessage().contains("type=9"), e.getMessage());
        byte[] value = GroupRecordCodec.offsetValue(new OffsetAndMetadata(1, 1, "abc", 1));
        ByteBuffer cut = ByteBuffer.wrap(value, 0, value.length - 2).slice();
        assertThrows(IllegalStateException.class, () -> GroupRecordCodec.offsetValue(cut));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
