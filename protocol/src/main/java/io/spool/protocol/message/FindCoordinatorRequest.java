package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** FindCoordinator request: one key (v0-3) or a batch of keys (v4+); key type 0 = group, 1 = transaction. */
public final class FindCoordinatorRequest implements ApiMessage {
    /** Key type of a consumer group. */
    public static final byte KEY_TYPE_GROUP = 0;
    /** Key type of a transactional id. */
    public static final byte KEY_TYPE_TRANSACTION = 1;

    /** v0-3. */
    public String key = "";
    public byte keyType;
    /** v4+. */
    public List<String> coordinatorKeys = new ArrayList<>();

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    /** Decodes the body at {@code version}. */
    public static FindCoordinatorRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 3;
        FindCoordinatorRequest m = new FindCoordinatorRequest();
        if (version <= 3) {
            m.key = Decoder.readString(buf, flex);
        }
        if (version >= 1) {
            m.keyType = Decoder.readInt8(buf);
        }
        if (version >= 4) {
            int n = Decoder.readNonNullArrayCount(buf, true, 1);
            m.coordinatorKeys = Decoder.newList(n);
            for (int i = 0; i < n; i++) {
                m.coordinatorKeys.add(Decoder.readString(buf, true));
            }
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 3;
        if (version <= 3) {
            w.writeString(key, flex);
        }
        if (version >= 1) {
            w.writeInt8(keyType);
        }
        if (version >= 4) {
            w.writeArrayCount(coordinatorKeys.size(), true);
            for (String k : coordinatorKeys) {
                w.writeString(k, true);
            }
        }
        w.writeEmptyTaggedFields(flex);
    }
}
