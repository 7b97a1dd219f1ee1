package io.spool.protocol.message;

import io.netty.buffer.ByteBuf;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Decoder;
import io.spool.protocol.MessageWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * ApiVersions response. Under KIP-511 a broker answers an unsupported request version with this body written at
 * v0 (error UNSUPPORTED_VERSION plus the supported ranges); the response header is always v0.
 */
public final class ApiVersionsResponse implements ApiMessage {
    public short errorCode;
    public List<ApiVersion> apiKeys = new ArrayList<>();
    public int throttleTimeMs;
    /** Tagged (v3+), written when non-empty. */
    public List<SupportedFeature> supportedFeatures = new ArrayList<>();
    /** Tagged (v3+), written when not -1. */
    public long finalizedFeaturesEpoch = -1;
    /** Tagged (v3+), written when non-empty. */
    public List<FinalizedFeature> finalizedFeatures = new ArrayList<>();
    /** Tagged (v3+), written when true. */
    public boolean zkMigrationReady;

    /** One supported API and its version range. */
    public record ApiVersion(short apiKey, short minVersion, short maxVersion) {
    }

    /** A feature the broker supports. */
    public record SupportedFeature(String name, short minVersion, short maxVersion) {
    }

    /** A finalized feature level. */
    public record FinalizedFeature(String name, short maxVersionLevel, short minVersionLevel) {
    }

    /**
     * A response listing every API in {@link ApiKeys} from {@link ApiKeys#advertisedMinVersion()} to its highest
     * implemented version. With UNSUPPORTED_VERSION and
     * written at v0 it is the KIP-511 answer to an ApiVersions version the broker does not know.
     */
    public static ApiVersionsResponse forAllApis(short errorCode) {
        ApiVersionsResponse r = new ApiVersionsResponse();
        r.errorCode = errorCode;
        for (ApiKeys k : ApiKeys.values()) {
            r.apiKeys.add(new ApiVersion(k.id, k.advertisedMinVersion(), k.maxVersion));
        }
        return r;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    /** Decodes the body at {@code version}. */
    public static ApiVersionsResponse read(ByteBuf buf, short version) {
        boolean flex = version >= 3;
        ApiVersionsResponse m = new ApiVersionsResponse();
        m.errorCode = Decoder.readInt16(buf);
        int n = Decoder.readNonNullArrayCount(buf, flex, 6);
        m.apiKeys = Decoder.newList(n);
        for (int i = 0; i < n; i++) {
            m.apiKeys.add(new ApiVersion(Decoder.readInt16(buf), Decoder.readInt16(buf), Decoder.readInt16(buf)));
            Decoder.skipTaggedFields(buf, flex);
        }
        if (version >= 1) {
            m.throttleTimeMs = Decoder.readInt32(buf);
        }
        if (flex) {
            Decoder.readTaggedFields(buf, (tag, b) -> {
                switch (tag) {
                    case 0 -> {
                        int c = Decoder.readNonNullArrayCount(b, true, 6);
                        m.supportedFeatures = Decoder.newList(c);
                        for (int i = 0; i < c; i++) {
                            m.supportedFeatures.add(new SupportedFeature(Decoder.readString(b, true),
                                    Decoder.readInt16(b), Decoder.readInt16(b)));
                            Decoder.skipTaggedFields(b);
                        }
                    }
                    case 1 -> m.finalizedFeaturesEpoch = Decoder.readInt64(b);
                    case 2 -> {
                        int c = Decoder.readNonNullArrayCount(b, true, 6);
                        m.finalizedFeatures = Decoder.newList(c);
                        for (int i = 0; i < c; i++) {
                            m.finalizedFeatures.add(new FinalizedFeature(Decoder.readString(b, true),
                                    Decoder.readInt16(b), Decoder.readInt16(b)));
                            Decoder.skipTaggedFields(b);
                        }
                    }
                    case 3 -> m.zkMigrationReady = Decoder.readBool(b);
                    default -> {
                        return false;
                    }
                }
                return true;
            });
        }
        return m;
    }

    @Override
    public void write(MessageWriter w, short version) {
        boolean flex = version >= 3;
        w.writeInt16(errorCode);
        w.writeArrayCount(apiKeys.size(), flex);
        for (ApiVersion a : apiKeys) {
            w.writeInt16(a.apiKey).writeInt16(a.minVersion).writeInt16(a.maxVersion);
            w.writeEmptyTaggedFields(flex);
        }
        if (version >= 1) {
            w.writeInt32(throttleTimeMs);
        }
        if (flex) {
            boolean sf = !supportedFeatures.isEmpty();
            boolean fe = finalizedFeaturesEpoch != -1;
            boolean ff = !finalizedFeatures.isEmpty();
            w.writeUnsignedVarint((sf ? 1 : 0) + (fe ? 1 : 0) + (ff ? 1 : 0) + (zkMigrationReady ? 1 : 0));
            if (sf) {
                w.writeTaggedField(0, t -> {
                    t.writeArrayCount(supportedFeatures.size(), true);
                    for (SupportedFeature f : supportedFeatures) {
                        t.writeString(f.name, true).writeInt16(f.minVersion).writeInt16(f.maxVersion).writeEmptyTaggedFields();
                    }
                });
            }
            if (fe) {
                w.writeTaggedField(1, t -> t.writeInt64(finalizedFeaturesEpoch));
            }
            if (ff) {
                w.writeTaggedField(2, t -> {
                    t.writeArrayCount(finalizedFeatures.size(), true);
                    for (FinalizedFeature f : finalizedFeatures) {
                        t.writeString(f.name, true).writeInt16(f.maxVersionLevel).writeInt16(f.minVersionLevel)
                                .writeEmptyTaggedFields();
                    }
                });
            }
            if (zkMigrationReady) {
                w.writeTaggedField(3, t -> t.writeBool(true));
            }
        }
    }
}
