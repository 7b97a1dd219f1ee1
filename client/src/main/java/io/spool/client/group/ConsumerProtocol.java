package io.spool.client.group;

import io.spool.client.TopicPartition;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka's "consumer" protocol type: the bytes of ConsumerProtocolSubscription (JoinGroup metadata)
 * and ConsumerProtocolAssignment (SyncGroup assignment), so that kafka-clients members share a
 * group with ours. Both are an int16 version followed by a non-flexible struct:
 * <pre>
 * Subscription v0+: int16 version | int32 n | (int16 len | utf8 topic) * n | int32 len | userData (-1 = null)
 *                   v1+: int32 m | (topic | int32 k | int32 partition * k) * m   (owned partitions)
 *                   v2+: int32 generationId      v3+: nullable string rackId
 * Assignment   v0+: int16 version | int32 m | (topic | int32 k | int32 partition * k) * m | int32 len | userData
 * </pre>
 * Newer versions only append fields, so a reader takes the fields it knows and ignores the rest.
 */
public final class ConsumerProtocol {
    /** JoinGroup protocolType of Kafka consumers. */
    public static final String PROTOCOL_TYPE = "consumer";
    static final short SUBSCRIPTION_VERSION = 1;
    static final short ASSIGNMENT_VERSION = 0;

    private ConsumerProtocol() {
    }

    /** A member's subscription: its topics and (v1+) the partitions it owned before this rebalance. */
    public record Subscription(List<String> topics, List<TopicPartition> ownedPartitions) {
    }

    /** Encodes a v1 subscription (topics, null user data, owned partitions). */
    public static byte[] encodeSubscription(List<String> topics, List<TopicPartition> owned) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(SUBSCRIPTION_VERSION);
            out.writeInt(topics.size());
            for (String t : topics) {
                writeString(out, t);
            }
            out.writeInt(-1);
            writePartitions(out, owned);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a subscription of any version; throws IllegalArgumentException on malformed bytes. */
    public static Subscription decodeSubscription(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            short version = version(b);
            int n = count(b, 2);
            List<String> topics = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                topics.add(readString(b));
            }
            skipBytes(b);
            List<TopicPartition> owned = version >= 1 && b.hasRemaining() ? readPartitions(b) : List.of();
            return new Subscription(topics, owned);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated consumer subscription: length=" + bytes.length, e);
        }
    }

    /** Encodes a v0 assignment, partitions grouped by topic in ascending order. */
    public static byte[] encodeAssignment(List<TopicPartition> partitions) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(ASSIGNMENT_VERSION);
            writePartitions(out, partitions);
            out.writeInt(-1);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes an assignment of any version; empty bytes (a member the leader left out) mean no partitions. */
    public static List<TopicPartition> decodeAssignment(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return List.of();
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            version(b);
            return readPartitions(b);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated consumer assignment: length=" + bytes.length, e);
        }
    }

    private static short version(ByteBuffer b) {
        short v = b.getShort();
        if (v < 0) {
            throw new IllegalArgumentException("negative consumer protocol version: version=" + v);
        }
        return v;
    }

    private static int count(ByteBuffer b, int minElementBytes) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / minElementBytes + 1) {
            throw new IllegalArgumentException("bad array length in consumer protocol: length=" + n + ", remaining=" + b.remaining());
        }
        return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static String readString(ByteBuffer b) {
        int len = b.getShort();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad string length in consumer protocol: length=" + len + ", remaining=" + b.remaining());
        }
        String s = new String(b.array(), b.position(), len, StandardCharsets.UTF_8);
        b.position(b.position() + len);
        return s;
    }

    private static void skipBytes(ByteBuffer b) {
        int len = b.getInt();
        if (len > b.remaining()) {
            throw new IllegalArgumentException("bad user data length in consumer protocol: length=" + len);
        }
        if (len > 0) {
            b.position(b.position() + len);
        }
    }

    private static void writePartitions(DataOutputStream out, List<TopicPartition> partitions) throws IOException {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.stream().sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .forEach(tp -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition()));
        out.writeInt(byTopic.size());
        for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
            writeString(out, e.getKey());
            out.writeInt(e.getValue().size());
            for (int p : e.getValue()) {
                out.writeInt(p);
            }
        }
    }

    private static List<TopicPartition> readPartitions(ByteBuffer b) {
        int m = count(b, 6);
        List<TopicPartition> out = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            String topic = readString(b);
            int k = count(b, 4);
            for (int j = 0; j < k; j++) {
                out.add(new TopicPartition(topic, b.getInt()));
            }
        }
        return out;
    }
}
