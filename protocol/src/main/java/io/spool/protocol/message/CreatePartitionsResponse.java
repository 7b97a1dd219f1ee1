package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** CreatePartitions response: per topic, the result. */
public final class CreatePartitionsResponse implements ApiMessage {
    public int throttleTimeMs;
    public List<CreatePartitionsTopicResult> results = new ArrayList<>();

    /** One topic's result. */
    public record CreatePartitionsTopicResult(String name, short errorCode, String errorMessage) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    /** Decodes the body at {@code version}. */
    public static CreatePartitionsResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 2;
        CreatePartitionsResponse m = new CreatePartitionsResponse();
        m.throttleTimeMs = Decoder.readInt32(buf);
        int n = Decoder.readNonNullArrayCount(buf, flex, 4);
        m.results = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            m.results.add(new CreatePartitionsTopicResult(Decoder.readString(buf, flex), Decoder.readInt16(buf),
                    Decoder.readNullableString(buf, flex)));
            Decoder.skipTaggedFields(buf, flex);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 2;
        w.writeInt32(throttleTimeMs);
        w.writeArrayCount(results.size(), flex);
        for (CreatePartitionsTopicResult r : results) {
            w.writeString(r.name(), flex).writeInt16(r.errorCode()).writeNullableString(r.errorMessage(), flex);
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
