package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** LeaveGroup response: a top-level error and (v3+) one result per member. */
public final class LeaveGroupResponse implements ApiMessage {
    public int throttleTimeMs;
    public short errorCode;
    /** v3+. */
    public List<MemberResponse> members = new ArrayList<>();

    /** One member's result. */
    public record MemberResponse(String memberId, String groupInstanceId, short errorCode) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    /** Decodes the body at {@code version}. */
    public static LeaveGroupResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 4;
        LeaveGroupResponse m = new LeaveGroupResponse();
        if (version >= 1) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        m.errorCode = Decoder.readInt16(buf);
        if (version >= 3) {
            int n = Decoder.readNonNullArrayCount(buf, flex, 4);
            m.members = Decoder.newList(n);
            for (int i = 0; i < n; i++) {
                m.members.add(new MemberResponse(Decoder.readString(buf, flex), Decoder.readNullableString(buf, flex),
                        Decoder.readInt16(buf)));
                Decoder.skipTaggedFields(buf, flex);
            }
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 4;
        if (version >= 1) {
            w.writeInt32(throttleTimeMs);
        }
        w.writeInt16(errorCode);
        if (version >= 3) {
            w.writeArrayCount(members.size(), flex);
            for (MemberResponse mr : members) {
                w.writeString(mr.memberId(), flex).writeNullableString(mr.groupInstanceId(), flex).writeInt16(mr.errorCode());
                w.writeEmptyTaggedFields(flex);
            }
        }
        w.writeEmptyTaggedFields(flex);
    }
}
