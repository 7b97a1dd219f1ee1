package io.spool.broker.metadata;

import java.util.Collection;

/** Kafka's topic-name rules. */
public final class TopicNames {
    /** Longest legal topic name. */
    public static final int MAX_LENGTH = 249;
    /** The internal topic holding consumer group offsets. */
    public static final String CONSUMER_OFFSETS = "__consumer_offsets";
    /** The internal topic holding transaction state. */
    public static final String TRANSACTION_STATE = "__transaction_state";

    private TopicNames() {
    }

    /** Null when {@code name} is legal, otherwise why not (Kafka's message wording). */
    public static String invalidReason(String name) {
        if (name == null || name.isEmpty()) {
            return "Topic name is illegal, it can't be empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "Topic name cannot be \".\" or \"..\"";
        }
        if (name.length() > MAX_LENGTH) {
            return "Topic name is illegal, it can't be longer than " + MAX_LENGTH + " characters, topic name: " + name;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return "Topic name \"" + name + "\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'";
            }
        }
        return null;
    }

    public static boolean isInternal(String name) {
        return CONSUMER_OFFSETS.equals(name) || TRANSACTION_STATE.equals(name);
    }

    /** An existing name that differs from {@code name} only by '.' versus '_', or null. */
    static String collision(String name, Collection<String> existing) {
        if (name.indexOf('.') < 0 && name.indexOf('_') < 0) {
            return null;
        }
        String norm = name.replace('.', '_');
        for (String e : existing) {
            if (!e.equals(name) && e.replace('.', '_').equals(norm)) {
                return e;
            }
        }
        return null;
    }
}
