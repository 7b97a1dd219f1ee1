package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

/** ApiVersions request: empty before v3; v3+ names the client software. */
public final class ApiVersionsRequest implements ApiMessage {
    public String clientSoftwareName = "";
    public String clientSoftwareVersion = "";

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    /** Decodes the body at {@code version}. */
    public static ApiVersionsRequest read(ByteBuf buf, short version) {
        ApiVersionsRequest m = new ApiVersionsRequest();
        if (version >= 3) {
            m.clientSoftwareName = Decoder.readString(buf, true);
            m.clientSoftwareVersion = Decoder.readString(buf, true);
            Decoder.skipTaggedFields(buf);
        }
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        if (version >= 3) {
            w.writeString(clientSoftwareName, true).writeString(clientSoftwareVersion, true).writeEmptyTaggedFields();
        }
    }
}
