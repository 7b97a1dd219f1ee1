package io.spool.config;

import java.util.List;
import java.util.Locale;

/** Checks a parsed value; {@link #describe()} says what is allowed, for errors and docs. */
public interface Validator {

    /** Throws {@link ConfigException} naming {@code key} and {@code value} when the value is not allowed. */
    default void ensureValid(String key, Object value) {
        if (value != null && !test(value)) {
            throw new ConfigException(key, value, describe());
        }
    }

    boolean test(Object value);

    String describe();

    /** Accepts any value. */
    Validator ANY = new Validator() {
        @Override
        public boolean test(Object value) {
            return true;
        }

        @Override
        public String describe() {
            return "";
        }
    };

    /** A number at least {@code min}. */
    static Validator atLeast(long min) {
        return between(min, Long.MAX_VALUE);
    }

    /** A number in [{@code min}, {@code max}]. */
    static Validator between(long min, long max) {
        return new Validator() {
            @Override
            public boolean test(Object value) {
                long v = ((Number) value).longValue();
                return v >= min && v <= max;
            }

            @Override
            public String describe() {
                if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE && min > Integer.MIN_VALUE) {
                    return "a value at least " + min;
                }
                return "a value in [" + min + ", " + max + "]";
            }
        };
    }

    /** One of {@code allowed}, compared ignoring case. */
    static Validator oneOf(String... allowed) {
        List<String> list = List.of(allowed);
        return new Validator() {
            @Override
            public boolean test(Object value) {
                String v = String.valueOf(value).toLowerCase(Locale.ROOT);
                return list.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(v));
            }

            @Override
            public String describe() {
                return "one of " + String.join(", ", list);
            }
        };
    }

    /** A non-empty list whose every element is one of {@code allowed}. */
    static Validator listOf(String... allowed) {
        Validator element = oneOf(allowed);
        return new Validator() {
            @Override
            public boolean test(Object value) {
                List<?> l = (List<?>) value;
                return !l.isEmpty() && l.stream().allMatch(element::test);
            }

            @Override
            public String describe() {
                return "a non-empty list of " + String.join(", ", List.of(allowed));
            }
        };
    }

    /** A non-empty list. */
    Validator NON_EMPTY_LIST = new Validator() {
        @Override
        public boolean test(Object value) {
            return !((List<?>) value).isEmpty();
        }

        @Override
        public String describe() {
            return "a non-empty list";
        }
    };

    /** A comma-separated list of {@code NAME://host:port} listeners with unique names. */
    Validator LISTENERS = new Validator() {
        @Override
        public boolean test(Object value) {
            try {
                Listener.parseAll((List<?>) value);
                return !((List<?>) value).isEmpty();
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public String describe() {
            return "a non-empty list of NAME://host:port (e.g. PLAINTEXT://127.0.0.1:9092), port 0-65535, unique names";
        }
    };
}
