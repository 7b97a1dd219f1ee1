package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** DeleteTopics request (v1+): by name, or (v6+) by name or id. */
public final class DeleteTopicsRequest implements ApiMessage {
    /** v6+: each topic by name (nullable) and/or id. Before v6, written from the names. */
    public List<DeleteTopicState> topics = new ArrayList<>();
    /** v1-5: the topic names. Before v6 this is what is read and written. */
    public List<String> topicNames = new ArrayList<>();
    public int timeoutMs;

    /** A topic to delete, by name or id. */
    public record DeleteTopicState(String name, UUID topicId) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    /** Decodes the body at {@code version}. */
    public static DeleteTopicsRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 4;
        DeleteTopicsRequest m = new DeleteTopicsRequest();
        if (version >= 6) {
            int n = Decoder.readNonNullArrayCount(buf, true, 18);
            m.topics = Decoder.newList(n);
            for (int i = 0; i < n; i++) {
                m.topics.add(new DeleteTopicState(Decoder.readNullableString(buf, true), Decoder.readUuid(buf)));
                Decoder.skipTaggedFields(buf);
            }
        } else {
            int n = Decoder.readNonNullArrayCount(buf, flex, 1);
            m.topicNames = Decoder.newList(n);
            for (int i = 0; i < n; i++) {
                m.topicNames.add(Decoder.readString(buf, flex));
            }
        }
        m.timeoutMs = Decoder.readInt32(buf);
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 4;
        if (version >= 6) {
            w.writeArrayCount(topics.size(), true);
            for (DeleteTopicState t : topics) {
                w.writeNullableString(t.name(), true).writeUuid(t.topicId() == null ? MetadataRequest.ZERO_UUID : t.topicId())
                        .writeEmptyTaggedFields();
            }
        } else {
            w.writeArrayCount(topicNames.size(), flex);
            for (String n : topicNames) {
                w.writeString(n, flex);
            }
        }
        w.writeInt32(timeoutMs);
        w.writeEmptyTaggedFields(flex);
    }
}
