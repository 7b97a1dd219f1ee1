package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.List;
import java.util.UUID;

/** Metadata request. A null topic list (v1+) asks for every topic; in v0 an empty list does. */
public final class MetadataRequest implements ApiMessage {
    /** The all-zero topic id, meaning "no id". */
    public static final UUID ZERO_UUID = new UUID(0, 0);

    public List<Topic> topics;
    public boolean allowAutoTopicCreation = true;
    public boolean includeClusterAuthorizedOperations;
    public boolean includeTopicAuthorizedOperations;

    /** A requested topic: by id (v10+, zero if none) and/or name (nullable v10+). */
    public record Topic(UUID topicId, String name) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    /** Decodes the body at {@code version}. */
    public static MetadataRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 9;
        MetadataRequest m = new MetadataRequest();
        int n = version >= 1 ? Decoder.readArrayCount(buf, flex, 1) : Decoder.readNonNullArrayCount(buf, false, 2);
        if (n >= 0) {
            m.topics = Decoder.newList(n);
            for (int i = 0; i < n; i++) {
                UUID id = version >= 10 ? Decoder.readUuid(buf) : ZERO_UUID;
                String name = version >= 10 ? Decoder.readNullableString(buf, true) : Decoder.readString(buf, flex);
                m.topics.add(new Topic(id, name));
                Decoder.skipTaggedFields(buf, flex);
            }
        }
        if (version >= 4) {
            m.allowAutoTopicCreation = Decoder.readBool(buf);
        }
        if (version >= 8) {
            if (version <= 10) {
                m.includeClusterAuthorizedOperations = Decoder.readBool(buf);
            }
            m.includeTopicAuthorizedOperations = Decoder.readBool(buf);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 9;
        if (topics == null) {
            if (version == 0) {
                w.writeArrayCount(0, false);
            } else {
                w.writeArrayCount(-1, flex);
            }
        } else {
            w.writeArrayCount(topics.size(), flex);
            for (Topic t : topics) {
                if (version >= 10) {
                    w.writeUuid(t.topicId == null ? ZERO_UUID : t.topicId).writeNullableString(t.name, true);
                } else {
                    w.writeString(t.name, flex);
                }
                w.writeEmptyTaggedFields(flex);
            }
        }
        if (version >= 4) {
            w.writeBool(allowAutoTopicCreation);
        }
        if (version >= 8) {
            if (version <= 10) {
                w.writeBool(includeClusterAuthorizedOperations);
            }
            w.writeBool(includeTopicAuthorizedOperations);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
