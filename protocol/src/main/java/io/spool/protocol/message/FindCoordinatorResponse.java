package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** FindCoordinator response: one coordinator (v0-3, top-level fields) or one per key (v4+). */
public final class FindCoordinatorResponse implements ApiMessage {
    public int throttleTimeMs;
    /** v0-3. */
    public short errorCode;
    /** v1-3. */
    public String errorMessage;
    /** v0-3. */
    public int nodeId;
    /** v0-3. */
    public String host = "";
    /** v0-3. */
    public int port;
    /** v4+. */
    public List<Coordinator> coordinators = new ArrayList<>();

    /** The coordinator of one key. */
    public record Coordinator(String key, int nodeId, String host, int port, short errorCode, String errorMessage) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    /** Decodes the body at {@code version}. */
    public static FindCoordinatorResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 3;
        FindCoordinatorResponse m = new FindCoordinatorResponse();
        if (version >= 1) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        if (version <= 3) {
            m.errorCode = Decoder.readInt16(buf);
            if (version >= 1) {
                m.errorMessage = Decoder.readNullableString(buf, flex);
            }
            m.nodeId = Decoder.readInt32(buf);
            m.host = Decoder.readString(buf, flex);
            m.port = Decoder.readInt32(buf);
        } else {
            int n = Decoder.readNonNullArrayCount(buf, true, 14);
            m.coordinators = Decoder.newList(n);
            for (int i = 0; i < n; i++) {
                m.coordinators.add(new Coordinator(Decoder.readString(buf, true), Decoder.readInt32(buf),
                        Decoder.readString(buf, true), Decoder.readInt32(buf), Decoder.readInt16(buf),
                        Decoder.readNullableString(buf, true)));
                Decoder.skipTaggedFields(buf);
            }
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 3;
        if (version >= 1) {
            w.writeInt32(throttleTimeMs);
        }
        if (version <= 3) {
            w.writeInt16(errorCode);
            if (version >= 1) {
                w.writeNullableString(errorMessage, flex);
            }
            w.writeInt32(nodeId).writeString(host, flex).writeInt32(port);
        } else {
            w.writeArrayCount(coordinators.size(), true);
            for (Coordinator c : coordinators) {
                w.writeString(c.key(), true).writeInt32(c.nodeId()).writeString(c.host(), true).writeInt32(c.port())
                        .writeInt16(c.errorCode()).writeNullableString(c.errorMessage(), true).writeEmptyTaggedFields();
            }
        }
        w.writeEmptyTaggedFields(flex);
    }
}
