package io.spool.broker.handler;

import io.spool.broker.metadata.TopicImage;
import io.spool.config.BrokerConfig;
import io.spool.config.BrokerConfigDef;
import io.spool.config.ConfigKey;
import io.spool.config.TopicConfig;
import io.spool.config.TopicConfigDef;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.DescribeConfigsRequest;
import io.spool.protocol.message.DescribeConfigsResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * DescribeConfigs for topics (effective values, their source and broker synonyms) and for this broker (static
 * configuration; read-only, as nothing is dynamically changeable yet). What {@code kafka-topics.sh --describe}
 * and {@code kafka-configs.sh --describe} ask for.
 */
public final class DescribeConfigsHandler implements ApiHandler {
    private final BrokerState state;

    public DescribeConfigsHandler(BrokerState state) {
        this.state = state;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        DescribeConfigsRequest request = (DescribeConfigsRequest) message;
        DescribeConfigsResponse response = new DescribeConfigsResponse();
        for (DescribeConfigsRequest.DescribeConfigsResource r : request.resources) {
            response.results.add(switch (r.resourceType()) {
                case DescribeConfigsRequest.RESOURCE_TOPIC -> topic(r, request);
                case DescribeConfigsRequest.RESOURCE_BROKER -> broker(r, request);
                case DescribeConfigsRequest.RESOURCE_BROKER_LOGGER -> result(r, Errors.NONE, null, List.of());
                default -> result(r, Errors.INVALID_REQUEST, "Unsupported resource type " + r.resourceType());
            });
        }
        ctx.respond(response);
    }

    private DescribeConfigsResponse.DescribeConfigsResult topic(DescribeConfigsRequest.DescribeConfigsResource r,
                                                                DescribeConfigsRequest request) {
        TopicImage t = state.metadata().image().topic(r.resourceName());
        if (t == null) {
            return result(r, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic " + r.resourceName() + " does not exist.");
        }
        TopicConfig tc = state.partitions().topicConfig(t);
        BrokerConfig bc = state.config();
        List<DescribeConfigsResponse.DescribeConfigsResourceResult> entries = new ArrayList<>();
        for (ConfigKey k : TopicConfigDef.DEF.keys()) {
            if (!wanted(r, k.name())) {
                continue;
            }
            String synonym = TopicConfigDef.brokerSynonym(k.name());
            List<DescribeConfigsResponse.DescribeConfigsSynonym> synonyms = new ArrayList<>();
            if (request.includeSynonyms) {
                if (tc.source(k.name()) == TopicConfig.Source.TOPIC_OVERRIDE) {
                    synonyms.add(new DescribeConfigsResponse.DescribeConfigsSynonym(k.name(), tc.valueAsString(k.name()),
                            ConfigSources.DYNAMIC_TOPIC_CONFIG));
                }
                for (String s : TopicConfigDef.brokerSynonyms(k.name())) {
                    if (bc.isExplicit(s)) {
                        synonyms.add(new DescribeConfigsResponse.DescribeConfigsSynonym(s, bc.valueAsString(s),
                                ConfigSources.STATIC_BROKER_CONFIG));
                    }
                }
                ConfigKey brokerKey = BrokerConfigDef.DEF.key(synonym);
                if (brokerKey.defaultValue() != null) {
                    synonyms.add(new DescribeConfigsResponse.DescribeConfigsSynonym(synonym,
                            brokerKey.type().format(brokerKey.defaultValue()), ConfigSources.DEFAULT_CONFIG));
                }
            }
            entries.add(new DescribeConfigsResponse.DescribeConfigsResourceResult(k.name(), tc.valueAsString(k.name()),
                    false, ConfigSources.of(tc.source(k.name())), false, synonyms, ConfigSources.typeCode(k.type()),
                    request.includeDocumentation ? k.doc() : null));
        }
        return result(r, Errors.NONE, null, entries);
    }

    private DescribeConfigsResponse.DescribeConfigsResult broker(DescribeConfigsRequest.DescribeConfigsResource r,
                                                                 DescribeConfigsRequest request) {
        BrokerConfig bc = state.config();
        if (r.resourceName() == null || r.resourceName().isEmpty()) {
            // the cluster-wide dynamic defaults: there are none yet
            return result(r, Errors.NONE, null, List.of());
        }
        if (!r.resourceName().equals(Integer.toString(bc.nodeId()))) {
            return result(r, Errors.INVALID_REQUEST, "Unexpected broker id, expected " + bc.nodeId()
                    + " or empty string, but received " + r.resourceName());
        }
        List<DescribeConfigsResponse.DescribeConfigsResourceResult> entries = new ArrayList<>();
        for (ConfigKey k : BrokerConfigDef.DEF.keys()) {
            if (!wanted(r, k.name())) {
                continue;
            }
            byte source = bc.isExplicit(k.name()) ? ConfigSources.STATIC_BROKER_CONFIG : ConfigSources.DEFAULT_CONFIG;
            String value = bc.valueAsString(k.name());
            List<DescribeConfigsResponse.DescribeConfigsSynonym> synonyms = request.includeSynonyms
                    ? List.of(new DescribeConfigsResponse.DescribeConfigsSynonym(k.name(), value, source))
                    : List.of();
            entries.add(new DescribeConfigsResponse.DescribeConfigsResourceResult(k.name(), value, true, source, false,
                    synonyms, ConfigSources.typeCode(k.type()), request.includeDocumentation ? k.doc() : null));
        }
        return result(r, Errors.NONE, null, entries);
    }

    private static boolean wanted(DescribeConfigsRequest.DescribeConfigsResource r, String key) {
        return r.configurationKeys() == null || r.configurationKeys().contains(key);
    }

    private static DescribeConfigsResponse.DescribeConfigsResult result(DescribeConfigsRequest.DescribeConfigsResource r,
                                                                        Errors e, String message) {
        return result(r, e, message, List.of());
    }

    private static DescribeConfigsResponse.DescribeConfigsResult result(DescribeConfigsRequest.DescribeConfigsResource r,
            Errors e, String message, List<DescribeConfigsResponse.DescribeConfigsResourceResult> configs) {
        return new DescribeConfigsResponse.DescribeConfigsResult(e.code, message, r.resourceType(), r.resourceName(), configs);
    }
}
