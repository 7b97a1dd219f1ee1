package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** DeleteTopics response (v1+): per topic, the result. */
public final class DeleteTopicsResponse implements ApiMessage {
    public int throttleTimeMs;
    public List<DeletableTopicResult> responses = new ArrayList<>();

    /** One topic's result; the name is nullable in v6+, the id and message are v6+ and v5+. */
    public record DeletableTopicResult(String name, UUID topicId, short errorCode, String errorMessage) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    /** Decodes the body at {@code version}. */
    public static DeleteTopicsResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 4;
        DeleteTopicsResponse m = new DeleteTopicsResponse();
        m.throttleTimeMs = Decoder.readInt32(buf);
        int n = Decoder.readNonNullArrayCount(buf, flex, 3);
        m.responses = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            String name = version >= 6 ? Decoder.readNullableString(buf, true) : Decoder.readString(buf, flex);
            UUID id = version >= 6 ? Decoder.readUuid(buf) : MetadataRequest.ZERO_UUID;
            short error = Decoder.readInt16(buf);
            String message = version >= 5 ? Decoder.readNullableString(buf, true) : null;
            Decoder.skipTaggedFields(buf, flex);
            m.responses.add(new DeletableTopicResult(name, id, error, message));
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 4;
        w.writeInt32(throttleTimeMs);
        w.writeArrayCount(responses.size(), flex);
        for (DeletableTopicResult r : responses) {
            if (version >= 6) {
                w.writeNullableString(r.name(), true).writeUuid(r.topicId() == null ? MetadataRequest.ZERO_UUID : r.topicId());
            } else {
                w.writeString(r.name(), flex);
            }
            w.writeInt16(r.errorCode());
            if (version >= 5) {
                w.writeNullableString(r.errorMessage(), true);
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
