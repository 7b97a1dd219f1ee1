package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

/** SyncGroup response: this member's opaque assignment. */
public final class SyncGroupResponse implements ApiMessage {
    public int throttleTimeMs;
    public short errorCode;
    /** v5+. */
    public String protocolType;
    /** v5+. */
    public String protocolName;
    public byte[] assignment = new byte[0];

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    /** Decodes the body at {@code version}. */
    public static SyncGroupResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 4;
        SyncGroupResponse m = new SyncGroupResponse();
        if (version >= 1) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        m.errorCode = Decoder.readInt16(buf);
        if (version >= 5) {
            m.protocolType = Decoder.readNullableString(buf, true);
            m.protocolName = Decoder.readNullableString(buf, true);
        }
        m.assignment = Decoder.readBytes(buf, flex);
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
        if (version >= 5) {
            w.writeNullableString(protocolType, true).writeNullableString(protocolName, true);
        }
        w.writeBytes(assignment, flex);
        w.writeEmptyTaggedFields(flex);
    }
}
