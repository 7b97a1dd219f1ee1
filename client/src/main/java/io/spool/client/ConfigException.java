package io.spool.client;

/** A client setting with a bad value; the message names the key and the value. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String key, Object value, String why) {
        super("invalid value for " + key + ": " + value + " (" + why + ")");
    }
}
