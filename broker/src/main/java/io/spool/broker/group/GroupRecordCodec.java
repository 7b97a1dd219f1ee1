package io.spool.broker.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.spool.broker.group.GroupRecordDescriptor.*;

/** Encodes and decodes the keys and values of {@link GroupRecordDescriptor}. Stateless; heap arrays. */
final class GroupRecordCodec {

    /** A decoded key: an offset commit's or a group's. */
    sealed interface Key permits OffsetKey, GroupKey {
        String groupId();
    }

    record OffsetKey(String groupId, TopicPartitionKey partition) implements Key {
    }

    record GroupKey(String groupId) implements Key {
    }

    /** A stored member, as the group value holds it. */
    record MemberSnapshot(String memberId, String groupInstanceId, String clientId, String clientHost,
                          int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }

    /** A stored group. */
    record GroupSnapshot(String protocolType, int generationId, String protocolName, String leaderId,
                         long stateTimestampMs, List<MemberSnapshot> members) {
    }

    private GroupRecordCodec() {
    }

    static byte[] offsetKey(String groupId, TopicPartitionKey tp) {
        byte[] g = utf8(groupId);
        byte[] t = utf8(tp.topic());
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + g.length + 2 + t.length + 4);
        b.putShort(OFFSET_COMMIT_KEY);
        putString(b, g);
        putString(b, t);
        b.putInt(tp.partition());
        return b.array();
    }

    static byte[] groupKey(String groupId) {
        byte[] g = utf8(groupId);
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + g.length);
        b.putShort(GROUP_METADATA_KEY);
        putString(b, g);
        return b.array();
    }

    static byte[] offsetValue(OffsetAndMetadata o) {
        byte[] m = utf8(o.metadata());
        ByteBuffer b = ByteBuffer.allocate(OFFSET_VALUE_METADATA_OFFSET + 2 + m.length);
        b.putShort(OFFSET_COMMIT_VALUE_VERSION).putLong(o.offset()).putInt(o.leaderEpoch()).putLong(o.commitTimestampMs());
        putString(b, m);
        return b.array();
    }

    /** The group's current generation; members carry their metadata for the chosen protocol only. */
    static byte[] groupValue(ClassicGroup g) {
        List<byte[]> strings = new ArrayList<>();
        int size = 2 + 4 + 8 + 4;
        byte[] type = utf8(g.protocolType);
        byte[] protocol = utf8(g.protocolName);
        byte[] leader = utf8(g.leaderId);
        size += len(type) + len(protocol) + len(leader);
        for (GroupMember m : g.members.values()) {
            byte[][] s = {utf8(m.memberId), utf8(m.groupInstanceId), utf8(m.clientId), utf8(m.clientHost)};
            for (byte[] x : s) {
                size += len(x);
                strings.add(x);
            }
            byte[] sub = g.protocolName == null ? null : m.metadata(g.protocolName);
            size += 4 + 4 + 4 + (sub == null ? 0 : sub.length) + 4 + m.assignment.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort(GROUP_METADATA_VALUE_VERSION);
        putString(b, type);
        b.putInt(g.generationId);
        putString(b, protocol);
        putString(b, leader);
        b.putLong(g.stateTimestampMs);
        b.putInt(g.members.size());
        int i = 0;
        for (GroupMember m : g.members.values()) {
            for (int k = 0; k < 4; k++) {
                putString(b, strings.get(i++));
            }
            b.putInt(m.rebalanceTimeoutMs).putInt(m.sessionTimeoutMs);
            putBytes(b, g.protocolName == null ? null : m.metadata(g.protocolName));
            putBytes(b, m.assignment);
        }
        return b.array();
    }

    /** Decodes a key; throws {@link IllegalStateException} naming the problem for an unknown type or short key. */
    static Key key(ByteBuffer b) {
        try {
            short type = b.getShort();
            String group = string(b);
            return switch (type) {
                case OFFSET_COMMIT_KEY -> new OffsetKey(group, new TopicPartitionKey(string(b), b.getInt()));
                case GROUP_METADATA_KEY -> new GroupKey(group);
                default -> throw new IllegalStateException("unknown __consumer_offsets key type: type=" + type);
            };
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("truncated __consumer_offsets key: length=" + b.limit(), e);
        }
    }

    static OffsetAndMetadata offsetValue(ByteBuffer b) {
        try {
            short version = b.getShort();
            if (version != OFFSET_COMMIT_VALUE_VERSION) {
                throw new IllegalStateException("unknown offset commit value version: version=" + version);
            }
            long offset = b.getLong();
            int epoch = b.getInt();
            long ts = b.getLong();
            String metadata = string(b);
            return new OffsetAndMetadata(offset, epoch, metadata == null ? "" : metadata, ts);
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("truncated offset commit value: length=" + b.limit(), e);
        }
    }

    static GroupSnapshot groupValue(ByteBuffer b) {
        try {
            short version = b.getShort();
            if (version != GROUP_METADATA_VALUE_VERSION) {
                throw new IllegalStateException("unknown group metadata value version: version=" + version);
            }
            String type = string(b);
            int generation = b.getInt();
            String protocol = string(b);
            String leader = string(b);
            long ts = b.getLong();
            int count = b.getInt();
            if (count < 0 || count > b.remaining()) {
                throw new IllegalStateException("bad member count in group metadata value: count=" + count);
            }
            List<MemberSnapshot> members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                members.add(new MemberSnapshot(string(b), string(b), string(b), string(b), b.getInt(), b.getInt(),
                        bytes(b), bytes(b)));
            }
            return new GroupSnapshot(type, generation, protocol, leader, ts, members);
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("truncated group metadata value: length=" + b.limit(), e);
        }
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int len(byte[] s) {
        return 2 + (s == null ? 0 : s.length);
    }

    private static void putString(ByteBuffer b, byte[] s) {
        if (s == null) {
            b.putShort((short) -1);
        } else {
            if (s.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("string too long for __consumer_offsets: length=" + s.length);
            }
            b.putShort((short) s.length).put(s);
        }
    }

    private static void putBytes(ByteBuffer b, byte[] x) {
        if (x == null) {
            b.putInt(-1);
        } else {
            b.putInt(x.length).put(x);
        }
    }

    private static String string(ByteBuffer b) {
        short len = b.getShort();
        if (len < 0) {
            return null;
        }
        if (len > b.remaining()) {
            throw new BufferUnderflowException();
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
        b.position(b.position() + len);
        return s;
    }

    private static byte[] bytes(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0) {
            return null;
        }
        if (len > b.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] out = new byte[len];
        b.get(out);
        return out;
    }
}
