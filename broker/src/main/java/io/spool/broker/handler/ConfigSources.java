package io.spool.broker.handler;

import io.spool.config.ConfigType;
import io.spool.config.TopicConfig;

/** Kafka's DescribeConfigs/CreateTopics wire codes for config sources and types. */
final class ConfigSources {
    static final byte DYNAMIC_TOPIC_CONFIG = 1;
    static final byte STATIC_BROKER_CONFIG = 4;
    static final byte DEFAULT_CONFIG = 5;

    private ConfigSources() {
    }

    static byte of(TopicConfig.Source s) {
        return switch (s) {
            case TOPIC_OVERRIDE -> DYNAMIC_TOPIC_CONFIG;
            case STATIC_BROKER_CONFIG -> STATIC_BROKER_CONFIG;
            case DEFAULT_CONFIG -> DEFAULT_CONFIG;
        };
    }

    /** Kafka's ConfigType codes: BOOLEAN 1, STRING 2, INT 3, SHORT 4, LONG 5, DOUBLE 6, LIST 7. */
    static byte typeCode(ConfigType t) {
        return switch (t) {
            case BOOLEAN -> 1;
            case STRING -> 2;
            case INT -> 3;
            case LONG -> 5;
            case DOUBLE -> 6;
            case LIST -> 7;
        };
    }
}
