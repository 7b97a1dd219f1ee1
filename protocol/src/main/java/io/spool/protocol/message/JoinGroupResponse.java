package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** JoinGroup response: the generation, the chosen protocol, the leader and (for the leader) all members. */
public final class JoinGroupResponse implements ApiMessage {
    public int throttleTimeMs;
    public short errorCode;
    public int generationId = -1;
    /** v7+. */
    public String protocolType;
    /** Nullable in v7+. */
    public String protocolName = "";
    public String leader = "";
    /** v9+. */
    public boolean skipAssignment;
    public String memberId = "";
    public List<JoinGroupResponseMember> members = new ArrayList<>();

    /** A member and its protocol metadata; group instance id is v5+. */
    public record JoinGroupResponseMember(String memberId, String groupInstanceId, byte[] metadata) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    /** Decodes the body at {@code version}. */
    public static JoinGroupResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 6;
        JoinGroupResponse m = new JoinGroupResponse();
        if (version >= 2) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        m.errorCode = Decoder.readInt16(buf);
        m.generationId = Decoder.readInt32(buf);
        if (version >= 7) {
            m.protocolType = Decoder.readNullableString(buf, true);
            m.protocolName = Decoder.readNullableString(buf, true);
        } else {
            m.protocolName = Decoder.readString(buf, flex);
        }
        m.leader = Decoder.readString(buf, flex);
        if (version >= 9) {
            m.skipAssignment = Decoder.readBool(buf);
        }
        m.memberId = Decoder.readString(buf, flex);
        int n = Decoder.readNonNullArrayCount(buf, flex, 2);
        m.members = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            String memberId = Decoder.readString(buf, flex);
            String instanceId = version >= 5 ? Decoder.readNullableString(buf, flex) : null;
            m.members.add(new JoinGroupResponseMember(memberId, instanceId, Decoder.readBytes(buf, flex)));
            Decoder.skipTaggedFields(buf, flex);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 6;
        if (version >= 2) {
            w.writeInt32(throttleTimeMs);
        }
        w.writeInt16(errorCode).writeInt32(generationId);
        if (version >= 7) {
            w.writeNullableString(protocolType, true).writeNullableString(protocolName, true);
        } else {
            w.writeString(protocolName, flex);
        }
        w.writeString(leader, flex);
        if (version >= 9) {
            w.writeBool(skipAssignment);
        }
        w.writeString(memberId, flex);
        w.writeArrayCount(members.size(), flex);
        for (JoinGroupResponseMember mb : members) {
            w.writeString(mb.memberId(), flex);
            if (version >= 5) {
                w.writeNullableString(mb.groupInstanceId(), flex);
            }
            w.writeBytes(mb.metadata(), flex);
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
