package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/** DescribeConfigs response (v1+): per resource, its configs with source, synonyms, type and documentation. */
public final class DescribeConfigsResponse implements ApiMessage {
    public int throttleTimeMs;
    public List<DescribeConfigsResult> results = new ArrayList<>();

    /** One resource's configs. */
    public record DescribeConfigsResult(short errorCode, String errorMessage, byte resourceType, String resourceName,
                                        List<DescribeConfigsResourceResult> configs) {
    }

    /** One config entry; config type (v3+) and documentation (v3+). */
    public record DescribeConfigsResourceResult(String name, String value, boolean readOnly, byte configSource,
                                                boolean isSensitive, List<DescribeConfigsSynonym> synonyms,
                                                byte configType, String documentation) {
    }

    /** A synonym of a config, with its source. */
    public record DescribeConfigsSynonym(String name, String value, byte source) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    /** Decodes the body at {@code version}. */
    public static DescribeConfigsResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 4;
        DescribeConfigsResponse m = new DescribeConfigsResponse();
        m.throttleTimeMs = Decoder.readInt32(buf);
        int n = Decoder.readNonNullArrayCount(buf, flex, 6);
        m.results = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            short error = Decoder.readInt16(buf);
            String message = Decoder.readNullableString(buf, flex);
            byte type = Decoder.readInt8(buf);
            String name = Decoder.readString(buf, flex);
            int nc = Decoder.readNonNullArrayCount(buf, flex, 6);
            List<DescribeConfigsResourceResult> configs = Decoder.newList(nc);
            for (int j = 0; j < nc; j++) {
                String cname = Decoder.readString(buf, flex);
                String value = Decoder.readNullableString(buf, flex);
                boolean readOnly = Decoder.readBool(buf);
                byte source = Decoder.readInt8(buf);
                boolean sensitive = Decoder.readBool(buf);
                int ns = Decoder.readNonNullArrayCount(buf, flex, 3);
                List<DescribeConfigsSynonym> synonyms = Decoder.newList(ns);
                for (int k = 0; k < ns; k++) {
                    synonyms.add(new DescribeConfigsSynonym(Decoder.readString(buf, flex),
                            Decoder.readNullableString(buf, flex), Decoder.readInt8(buf)));
                    Decoder.skipTaggedFields(buf, flex);
                }
                byte configType = 0;
                String doc = null;
                if (version >= 3) {
                    configType = Decoder.readInt8(buf);
                    doc = Decoder.readNullableString(buf, flex);
                }
                Decoder.skipTaggedFields(buf, flex);
                configs.add(new DescribeConfigsResourceResult(cname, value, readOnly, source, sensitive, synonyms,
                        configType, doc));
            }
            Decoder.skipTaggedFields(buf, flex);
            m.results.add(new DescribeConfigsResult(error, message, type, name, configs));
        }
        Decoder.skipTaggedFields(buf, flex);
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 4;
        w.writeInt32(throttleTimeMs);
        w.writeArrayCount(results.size(), flex);
        for (DescribeConfigsResult r : results) {
            w.writeInt16(r.errorCode()).writeNullableString(r.errorMessage(), flex).writeInt8(r.resourceType())
                    .writeString(r.resourceName(), flex);
            w.writeArrayCount(r.configs().size(), flex);
            for (DescribeConfigsResourceResult c : r.configs()) {
                w.writeString(c.name(), flex).writeNullableString(c.value(), flex).writeBool(c.readOnly())
                        .writeInt8(c.configSource()).writeBool(c.isSensitive());
                w.writeArrayCount(c.synonyms().size(), flex);
                for (DescribeConfigsSynonym s : c.synonyms()) {
                    w.writeString(s.name(), flex).writeNullableString(s.value(), flex).writeInt8(s.source());
                    w.writeEmptyTaggedFields(flex);
                }
                if (version >= 3) {
                    w.writeInt8(c.configType()).writeNullableString(c.documentation(), flex);
                }
                w.writeEmptyTaggedFields(flex);
            }
            w.writeEmptyTaggedFields(flex);
        }
        w.writeEmptyTaggedFields(flex);
    }
}
