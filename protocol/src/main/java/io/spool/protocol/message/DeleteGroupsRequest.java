package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** DeleteGroups request: group ids to delete. */
public final class DeleteGroupsRequest implements ApiMessage {
    public List<String> groupsNames = new ArrayList<>();

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    /** Decodes the body at {@code version}. */
    public static DeleteGroupsRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 2;
        DeleteGroupsRequest m = new DeleteGroupsRequest();
        int n = Decoder.readNonNullArrayCount(buf, flex, 1);
        m.groupsNames = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            m.groupsNames.add(Decoder.readString(buf, flex));
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 2;
        w.writeArrayCount(groupsNames.size(), flex);
        for (String g : groupsNames) {
            w.writeString(g, flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
