package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

/** InitProducerId request: a null transactional id asks for an idempotent producer id. */
public final class InitProducerIdRequest implements ApiMessage {
    public String transactionalId;
    public int transactionTimeoutMs;
    public long producerId = -1;
    public short producerEpoch = -1;

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    /** Decodes the body at {@code version}. */
    public static InitProducerIdRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 2;
        InitProducerIdRequest m = new InitProducerIdRequest();
        m.transactionalId = Decoder.readNullableString(buf, flex);
        m.transactionTimeoutMs = Decoder.readInt32(buf);
        if (version >= 3) {
            m.producerId = Decoder.readInt64(buf);
            m.producerEpoch = Decoder.readInt16(buf);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 2;
        w.writeNullableString(transactionalId, flex).writeInt32(transactionTimeoutMs);
        if (version >= 3) {
            w.writeInt64(producerId).writeInt16(producerEpoch);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
