package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** DescribeGroups request: group ids to describe. */
public final class DescribeGroupsRequest implements ApiMessage {
    public List<String> groups = new ArrayList<>();
    /** v3+. */
    public boolean includeAuthorizedOperations;

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    /** Decodes the body at {@code version}. */
    public static DescribeGroupsRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 5;
        DescribeGroupsRequest m = new DescribeGroupsRequest();
        int n = Decoder.readNonNullArrayCount(buf, flex, 1);
        m.groups = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            m.groups.add(Decoder.readString(buf, flex));
        }
        if (version >= 3) {
            m.includeAuthorizedOperations = Decoder.readBool(buf);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 5;
        w.writeArrayCount(groups.size(), flex);
        for (String g : groups) {
            w.writeString(g, flex);
        }
        if (version >= 3) {
            w.writeBool(includeAuthorizedOperations);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
