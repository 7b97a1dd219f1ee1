package io.spool.broker.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the topics out of a consumer's JoinGroup metadata (Kafka's ConsumerProtocolSubscription, versions 0-3,
 * never flexible): {@code int16 version | int32 topicCount | (int16 length | utf8 name) * topicCount | ...}.
 * Only OffsetDelete and offset expiry need it, to know whether a group still consumes a topic.
 */
final class ConsumerSubscription {
    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private ConsumerSubscription() {
    }

    /** The subscribed topic names, or null when the bytes are not a consumer subscription we can read. */
    static Set<String> topics(byte[] metadata) {
        if (metadata == null) {
            return null;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(metadata);
            short version = b.getShort();
            if (version < 0) {
                return null;
            }
            int count = b.getInt();
            if (count < 0 || count > b.remaining() / 2) {
                return null;
            }
            Set<String> topics = new HashSet<>(count * 2);
            for (int i = 0; i < count; i++) {
                int len = b.getShort();
                if (len < 0 || len > b.remaining()) {
                    return null;
                }
                topics.add(new String(metadata, b.position(), len, StandardCharsets.UTF_8));
                b.position(b.position() + len);
            }
            return topics;
        } catch (BufferUnderflowException e) {
            return null;
        }
    }

    /** The union of the members' subscriptions for the chosen protocol; null when any is unreadable or unknown. */
    static Set<String> subscribedTopics(ClassicGroup g) {
        if (!CONSUMER_PROTOCOL_TYPE.equals(g.protocolType) || g.protocolName == null) {
            return null;
        }
        Set<String> all = new HashSet<>();
        for (GroupMember m : g.members.values()) {
            Set<String> t = topics(m.metadata(g.protocolName));
            if (t == null) {
                return null;
            }
            all.addAll(t);
        }
        return all;
    }
}
