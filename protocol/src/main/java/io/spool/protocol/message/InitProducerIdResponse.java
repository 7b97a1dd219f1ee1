package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

/** InitProducerId response: the producer id and epoch assigned. */
public final class InitProducerIdResponse implements ApiMessage {
    public int throttleTimeMs;
    public short errorCode;
    public long producerId = -1;
    public short producerEpoch;

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    /** Decodes the body at {@code version}. */
    public static InitProducerIdResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 2;
        InitProducerIdResponse m = new InitProducerIdResponse();
        m.throttleTimeMs = Decoder.readInt32(buf);
        m.errorCode = Decoder.readInt16(buf);
        m.producerId = Decoder.readInt64(buf);
        m.producerEpoch = Decoder.readInt16(buf);
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        w.writeInt32(throttleTimeMs).writeInt16(errorCode).writeInt64(producerId).writeInt16(producerEpoch);
        if (version >= 2) {
            w.writeEmptyTaggedFields();
        }
    }
}
