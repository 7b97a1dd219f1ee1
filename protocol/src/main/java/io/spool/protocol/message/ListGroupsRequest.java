package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** ListGroups request; v4+ may filter by group state (empty = all). */
public final class ListGroupsRequest implements ApiMessage {
    public List<String> statesFilter = new ArrayList<>();

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    /** Decodes the body at {@code version}. */
    public static ListGroupsRequest read(ByteBuf buf, short version) {
        ListGroupsRequest m = new ListGroupsRequest();
        if (version >= 4) {
            int n = Decoder.readNonNullArrayCount(buf, true, 1);
            m.statesFilter = Decoder.newList(n);
            for (int i = 0; i < n; i++) {
                m.statesFilter.add(Decoder.readString(buf, true));
            }
        }
        if (version >= 3) {
            Decoder.skipTaggedFields(buf);
        }
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        if (version >= 4) {
            w.writeArrayCount(statesFilter.size(), true);
            for (String s : statesFilter) {
                w.writeString(s, true);
            }
        }
        if (version >= 3) {
            w.writeEmptyTaggedFields();
        }
    }
}
