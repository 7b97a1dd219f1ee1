package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** ListGroups response: the groups this coordinator owns. */
public final class ListGroupsResponse implements ApiMessage {
    public int throttleTimeMs;
    public short errorCode;
    public List<ListedGroup> groups = new ArrayList<>();

    /** A group, its protocol type and (v4+) its state. */
    public record ListedGroup(String groupId, String protocolType, String groupState) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    /** Decodes the body at {@code version}. */
    public static ListGroupsResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 3;
        ListGroupsResponse m = new ListGroupsResponse();
        if (version >= 1) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        m.errorCode = Decoder.readInt16(buf);
        int n = Decoder.readNonNullArrayCount(buf, flex, 2);
        m.groups = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            String groupId = Decoder.readString(buf, flex);
            String protocolType = Decoder.readString(buf, flex);
            String state = version >= 4 ? Decoder.readString(buf, true) : "";
            Decoder.skipTaggedFields(buf, flex);
            m.groups.add(new ListedGroup(groupId, protocolType, state));
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 3;
        if (version >= 1) {
            w.writeInt32(throttleTimeMs);
        }
        w.writeInt16(errorCode);
        w.writeArrayCount(groups.size(), flex);
        for (ListedGroup g : groups) {
            w.writeString(g.groupId(), flex).writeString(g.protocolType(), flex);
            if (version >= 4) {
                w.writeString(g.groupState(), true);
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
