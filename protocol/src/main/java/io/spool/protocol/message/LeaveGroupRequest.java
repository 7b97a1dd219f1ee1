package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** LeaveGroup request: one member (v0-2) or a batch of members (v3+). */
public final class LeaveGroupRequest implements ApiMessage {
    public String groupId = "";
    /** v0-2. */
    public String memberId = "";
    /** v3+. */
    public List<MemberIdentity> members = new ArrayList<>();

    /** A leaving member; the reason is v5+. */
    public record MemberIdentity(String memberId, String groupInstanceId, String reason) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    /** Decodes the body at {@code version}. */
    public static LeaveGroupRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 4;
        LeaveGroupRequest m = new LeaveGroupRequest();
        m.groupId = Decoder.readString(buf, flex);
        if (version <= 2) {
            m.memberId = Decoder.readString(buf, false);
        } else {
            int n = Decoder.readNonNullArrayCount(buf, flex, 2);
            m.members = Decoder.newList(n);
            for (int i = 0; i < n; i++) {
                String memberId = Decoder.readString(buf, flex);
                String instanceId = Decoder.readNullableString(buf, flex);
                String reason = version >= 5 ? Decoder.readNullableString(buf, true) : null;
                Decoder.skipTaggedFields(buf, flex);
                m.members.add(new MemberIdentity(memberId, instanceId, reason));
            }
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 4;
        w.writeString(groupId, flex);
        if (version <= 2) {
            w.writeString(memberId, false);
        } else {
            w.writeArrayCount(members.size(), flex);
            for (MemberIdentity mi : members) {
                w.writeString(mi.memberId(), flex).writeNullableString(mi.groupInstanceId(), flex);
                if (version >= 5) {
                    w.writeNullableString(mi.reason(), true);
                }
                w.writeEmptyTaggedFields(flex);
            }
        }
        w.writeEmptyTaggedFields(flex);
    }
}
