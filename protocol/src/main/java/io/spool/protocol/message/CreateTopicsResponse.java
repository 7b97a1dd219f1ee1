package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** CreateTopics response (v2+): per topic, the result and (v5+) the effective settings and configs. */
public final class CreateTopicsResponse implements ApiMessage {
    public int throttleTimeMs;
    public List<CreatableTopicResult> topics = new ArrayList<>();

    /** One topic's result. */
    public static final class CreatableTopicResult {
        public String name;
        public UUID topicId = MetadataRequest.ZERO_UUID;
        public short errorCode;
        public String errorMessage;
        /** Tagged (v5+), written when non-zero. */
        public short topicConfigErrorCode;
        public int numPartitions = -1;
        public short replicationFactor = -1;
        /** Null is written as a null array. */
        public List<CreatableTopicConfigs> configs = new ArrayList<>();
    }

    /** An effective config of a created topic. */
    public record CreatableTopicConfigs(String name, String value, boolean readOnly, byte configSource,
                                        boolean isSensitive) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    /** Decodes the body at {@code version}. */
    public static CreateTopicsResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 5;
        CreateTopicsResponse m = new CreateTopicsResponse();
        m.throttleTimeMs = Decoder.readInt32(buf);
        int nt = Decoder.readNonNullArrayCount(buf, flex, 4);
        m.topics = Decoder.newList(nt);
        for (int i = 0; i < nt; i++) {
            CreatableTopicResult t = new CreatableTopicResult();
            t.name = Decoder.readString(buf, flex);
            if (version >= 7) {
                t.topicId = Decoder.readUuid(buf);
            }
            t.errorCode = Decoder.readInt16(buf);
            t.errorMessage = Decoder.readNullableString(buf, flex);
            if (version >= 5) {
                t.numPartitions = Decoder.readInt32(buf);
                t.replicationFactor = Decoder.readInt16(buf);
                int nc = Decoder.readArrayCount(buf, true, 5);
                if (nc < 0) {
                    t.configs = null;
                } else {
                    t.configs = Decoder.newList(nc);
                    for (int j = 0; j < nc; j++) {
                        t.configs.add(new CreatableTopicConfigs(Decoder.readString(buf, true),
                                Decoder.readNullableString(buf, true), Decoder.readBool(buf), Decoder.readInt8(buf),
                                Decoder.readBool(buf)));
                        Decoder.skipTaggedFields(buf);
                    }
                }
                Decoder.readTaggedFields(buf, (tag, b) -> {
                    if (tag == 0) {
                        t.topicConfigErrorCode = Decoder.readInt16(b);
                        return true;
                    }
                    return false;
                });
            }
            m.topics.add(t);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 5;
        w.writeInt32(throttleTimeMs);
        w.writeArrayCount(topics.size(), flex);
        for (CreatableTopicResult t : topics) {
            w.writeString(t.name, flex);
            if (version >= 7) {
                w.writeUuid(t.topicId);
            }
            w.writeInt16(t.errorCode).writeNullableString(t.errorMessage, flex);
            if (version >= 5) {
                w.writeInt32(t.numPartitions).writeInt16(t.replicationFactor);
                if (t.configs == null) {
                    w.writeArrayCount(-1, true);
                } else {
                    w.writeArrayCount(t.configs.size(), true);
                    for (CreatableTopicConfigs c : t.configs) {
                        w.writeString(c.name(), true).writeNullableString(c.value(), true).writeBool(c.readOnly())
                                .writeInt8(c.configSource()).writeBool(c.isSensitive()).writeEmptyTaggedFields();
                    }
                }
                if (t.topicConfigErrorCode != 0) {
                    short code = t.topicConfigErrorCode;
                    w.writeUnsignedVarint(1).writeTaggedField(0, x -> x.writeInt16(code));
                } else {
                    w.writeEmptyTaggedFields();
                }
            }
        }
        w.writeEmptyTaggedFields(flex);
    }
}
