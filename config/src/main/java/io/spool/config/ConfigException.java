package io.spool.config;

/** A configuration value that is missing or not allowed; the message names the key, the value and what is allowed. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, Object value, String allowed) {
        super("Invalid value " + value + " for configuration " + key + ": " + allowed);
        this.key = key;
    }

    public ConfigException(String message) {
        super(message);
        this.key = null;
    }

    /** The offending key, or null when the problem is not about a single key. */
    public String key() {
        return key;
    }
}
