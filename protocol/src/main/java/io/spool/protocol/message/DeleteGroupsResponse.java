package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** DeleteGroups response: per group, an error code. */
public final class DeleteGroupsResponse implements ApiMessage {
    public int throttleTimeMs;
    public List<DeletableGroupResult> results = new ArrayList<>();

    /** One group's result. */
    public record DeletableGroupResult(String groupId, short errorCode) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    /** Decodes the body at {@code version}. */
    public static DeleteGroupsResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 2;
        DeleteGroupsResponse m = new DeleteGroupsResponse();
        m.throttleTimeMs = Decoder.readInt32(buf);
        int n = Decoder.readNonNullArrayCount(buf, flex, 3);
        m.results = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            m.results.add(new DeletableGroupResult(Decoder.readString(buf, flex), Decoder.readInt16(buf)));
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
        for (DeletableGroupResult r : results) {
            w.writeString(r.groupId(), flex).writeInt16(r.errorCode());
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
