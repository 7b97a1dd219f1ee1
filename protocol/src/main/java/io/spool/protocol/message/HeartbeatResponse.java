package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

/** Heartbeat response: an error code (REBALANCE_IN_PROGRESS tells the member to rejoin). */
public final class HeartbeatResponse implements ApiMessage {
    public int throttleTimeMs;
    public short errorCode;

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    /** Decodes the body at {@code version}. */
    public static HeartbeatResponse read(ByteBuf buf, short version) {
        HeartbeatResponse m = new HeartbeatResponse();
        if (version >= 1) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        m.errorCode = Decoder.readInt16(buf);
        if (version >= 4) {
            Decoder.skipTaggedFields(buf);
        }
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        if (version >= 1) {
            w.writeInt32(throttleTimeMs);
        }
        w.writeInt16(errorCode);
        if (version >= 4) {
            w.writeEmptyTaggedFields();
        }
    }
}
