package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

/** Heartbeat request of a classic group member. */
public final class HeartbeatRequest implements ApiMessage {
    public String groupId = "";
    public int generationId;
    public String memberId = "";
    /** v3+. */
    public String groupInstanceId;

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    /** Decodes the body at {@code version}. */
    public static HeartbeatRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 4;
        HeartbeatRequest m = new HeartbeatRequest();
        m.groupId = Decoder.readString(buf, flex);
        m.generationId = Decoder.readInt32(buf);
        m.memberId = Decoder.readString(buf, flex);
        if (version >= 3) {
            m.groupInstanceId = Decoder.readNullableString(buf, flex);
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
        w.writeEmptyTaggedFields(flex);
    }
}
