package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** SyncGroup request: the leader sends every member's assignment; followers send none. */
public final class SyncGroupRequest implements ApiMessage {
    public String groupId = "";
    public int generationId;
    public String memberId = "";
    /** v3+. */
    public String groupInstanceId;
    /** v5+. */
    public String protocolType;
    /** v5+. */
    public String protocolName;
    public List<SyncGroupRequestAssignment> assignments = new ArrayList<>();

    /** One member's opaque assignment. */
    public record SyncGroupRequestAssignment(String memberId, byte[] assignment) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    /** Decodes the body at {@code version}. */
    public static SyncGroupRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 4;
        SyncGroupRequest m = new SyncGroupRequest();
        m.groupId = Decoder.readString(buf, flex);
        m.generationId = Decoder.readInt32(buf);
        m.memberId = Decoder.readString(buf, flex);
        if (version >= 3) {
            m.groupInstanceId = Decoder.readNullableString(buf, flex);
        }
        if (version >= 5) {
            m.protocolType = Decoder.readNullableString(buf, true);
            m.protocolName = Decoder.readNullableString(buf, true);
        }
        int n = Decoder.readNonNullArrayCount(buf, flex, 2);
        m.assignments = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            m.assignments.add(new SyncGroupRequestAssignment(Decoder.readString(buf, flex), Decoder.readBytes(buf, flex)));
            Decoder.skipTaggedFields(buf, flex);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 4;
        w.writeString(groupId, flex).writeInt32(generationId).writeString(memberId, flex);
        if (version >= 3) {
            w.writeNullableString(groupInstanceId, flex);
        }
        if (version >= 5) {
            w.writeNullableString(protocolType, true).writeNullableString(protocolName, true);
        }
        w.writeArrayCount(assignments.size(), flex);
        for (SyncGroupRequestAssignment a : assignments) {
            w.writeString(a.memberId(), flex).writeBytes(a.assignment(), flex);
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
