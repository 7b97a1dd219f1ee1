package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** DescribeGroups response: per group, its state, protocol and members. */
public final class DescribeGroupsResponse implements ApiMessage {
    public int throttleTimeMs;
    public List<DescribedGroup> groups = new ArrayList<>();

    /** One group's description; authorized operations are v3+. */
    public record DescribedGroup(short errorCode, String groupId, String groupState, String protocolType,
                                 String protocolData, List<DescribedGroupMember> members, int authorizedOperations) {
    }

    /** One member; the group instance id is v4+. */
    public record DescribedGroupMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                                       byte[] memberMetadata, byte[] memberAssignment) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    /** Decodes the body at {@code version}. */
    public static DescribeGroupsResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 5;
        DescribeGroupsResponse m = new DescribeGroupsResponse();
        if (version >= 1) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        int n = Decoder.readNonNullArrayCount(buf, flex, 7);
        m.groups = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            short error = Decoder.readInt16(buf);
            String groupId = Decoder.readString(buf, flex);
            String state = Decoder.readString(buf, flex);
            String protocolType = Decoder.readString(buf, flex);
            String protocolData = Decoder.readString(buf, flex);
            int nm = Decoder.readNonNullArrayCount(buf, flex, 5);
            List<DescribedGroupMember> members = Decoder.newList(nm);
            for (int j = 0; j < nm; j++) {
                String memberId = Decoder.readString(buf, flex);
                String instanceId = version >= 4 ? Decoder.readNullableString(buf, flex) : null;
                members.add(new DescribedGroupMember(memberId, instanceId, Decoder.readString(buf, flex),
                        Decoder.readString(buf, flex), Decoder.readBytes(buf, flex), Decoder.readBytes(buf, flex)));
                Decoder.skipTaggedFields(buf, flex);
            }
            int ops = version >= 3 ? Decoder.readInt32(buf) : Integer.MIN_VALUE;
            Decoder.skipTaggedFields(buf, flex);
            m.groups.add(new DescribedGroup(error, groupId, state, protocolType, protocolData, members, ops));
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 5;
        if (version >= 1) {
            w.writeInt32(throttleTimeMs);
        }
        w.writeArrayCount(groups.size(), flex);
        for (DescribedGroup g : groups) {
            w.writeInt16(g.errorCode()).writeString(g.groupId(), flex).writeString(g.groupState(), flex)
                    .writeString(g.protocolType(), flex).writeString(g.protocolData(), flex);
            w.writeArrayCount(g.members().size(), flex);
            for (DescribedGroupMember mb : g.members()) {
                w.writeString(mb.memberId(), flex);
                if (version >= 4) {
                    w.writeNullableString(mb.groupInstanceId(), flex);
                }
                w.writeString(mb.clientId(), flex).writeString(mb.clientHost(), flex)
                        .writeBytes(mb.memberMetadata(), flex).writeBytes(mb.memberAssignment(), flex);
                w.writeEmptyTaggedFields(flex);
            }
            if (version >= 3) {
                w.writeInt32(g.authorizedOperations());
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
