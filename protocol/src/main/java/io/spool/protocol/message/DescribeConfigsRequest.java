package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** DescribeConfigs request (v1+): resources (2 = topic, 4 = broker) and optionally the keys wanted. */
public final class DescribeConfigsRequest implements ApiMessage {
    /** Resource type of a topic. */
    public static final byte RESOURCE_TOPIC = 2;
    /** Resource type of a broker. */
    public static final byte RESOURCE_BROKER = 4;
    /** Resource type of a broker's logger configuration. */
    public static final byte RESOURCE_BROKER_LOGGER = 8;

    public List<DescribeConfigsResource> resources = new ArrayList<>();
    public boolean includeSynonyms;
    public boolean includeDocumentation;

    /** A resource; null configuration keys ask for all of them. */
    public record DescribeConfigsResource(byte resourceType, String resourceName, List<String> configurationKeys) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    /** Decodes the body at {@code version}. */
    public static DescribeConfigsRequest read(ByteBuf buf, short version) {
        boolean flex = version >= 4;
        DescribeConfigsRequest m = new DescribeConfigsRequest();
        int n = Decoder.readNonNullArrayCount(buf, flex, 3);
        m.resources = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            byte type = Decoder.readInt8(buf);
            String name = Decoder.readString(buf, flex);
            int nk = Decoder.readArrayCount(buf, flex, 1);
            List<String> keys = null;
            if (nk >= 0) {
                keys = Decoder.newList(nk);
                for (int j = 0; j < nk; j++) {
                    keys.add(Decoder.readString(buf, flex));
                }
            }
            Decoder.skipTaggedFields(buf, flex);
            m.resources.add(new DescribeConfigsResource(type, name, keys));
        }
        m.includeSynonyms = Decoder.readBool(buf);
        if (version >= 3) {
            m.includeDocumentation = Decoder.readBool(buf);
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 4;
        w.writeArrayCount(resources.size(), flex);
        for (DescribeConfigsResource r : resources) {
            w.writeInt8(r.resourceType()).writeString(r.resourceName(), flex);
            if (r.configurationKeys() == null) {
                w.writeArrayCount(-1, flex);
            } else {
                w.writeArrayCount(r.configurationKeys().size(), flex);
                for (String k : r.configurationKeys()) {
                    w.writeString(k, flex);
                }
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeBool(includeSynonyms);
        if (version >= 3) {
            w.writeBool(includeDocumentation);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
