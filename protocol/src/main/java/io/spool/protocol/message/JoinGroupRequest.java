package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** JoinGroup request (classic group protocol). */
public final class JoinGroupRequest implements ApiMessage {
    public String groupId = "";
    public int sessionTimeoutMs;
    /** v1+; in v0 the session timeout is also the rebalance timeout. */
    public int rebalanceTimeoutMs = -1;
    public String memberId = "";
    /** v5+. */
    public String groupInstanceId;
    public String protocolType = "";
    public List<JoinGroupRequestProtocol> protocols = new ArrayList<>();
    /** v8+. */
    public String reason;

    /** A protocol (assignor) the member supports, with its opaque metadata. */
    public record JoinGroupRequestProtocol(String name, byte[] metadata) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    /** Decodes the body at {@code version}. */
    public static JoinGroupRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 6;
        JoinGroupRequest m = new JoinGroupRequest();
        m.groupId = Decoder.readString(buf, flex);
        m.sessionTimeoutMs = Decoder.readInt32(buf);
        if (version >= 1) {
            m.rebalanceTimeoutMs = Decoder.readInt32(buf);
        }
        m.memberId = Decoder.readString(buf, flex);
        if (version >= 5) {
            m.groupInstanceId = Decoder.readNullableString(buf, flex);
        }
        m.protocolType = Decoder.readString(buf, flex);
        int n = Decoder.readNonNullArrayCount(buf, flex, 2);
        m.protocols = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            m.protocols.add(new JoinGroupRequestProtocol(Decoder.readString(buf, flex), Decoder.readBytes(buf, flex)));
            Decoder.skipTaggedFields(buf, flex);
        }
        if (version >= 8) {
            m.reason = Decoder.readNullableString(buf, true);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 6;
        w.writeString(groupId, flex).writeInt32(sessionTimeoutMs);
        if (version >= 1) {
            w.writeInt32(rebalanceTimeoutMs);
        }
        w.writeString(memberId, flex);
        if (version >= 5) {
            w.writeNullableString(groupInstanceId, flex);
        }
        w.writeString(protocolType, flex);
        w.writeArrayCount(protocols.size(), flex);
        for (JoinGroupRequestProtocol p : protocols) {
            w.writeString(p.name(), flex).writeBytes(p.metadata(), flex);
            w.writeEmptyTaggedFields(flex);
        }
        if (version >= 8) {
            w.writeNullableString(reason, true);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
