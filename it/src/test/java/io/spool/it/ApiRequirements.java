package io.spool.it;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.opentest4j.TestAbortedException;

/**
 * Which Kafka APIs a test needs, checked against what the broker advertises in ApiVersions. The
 * broker advertises exactly what it implements, so a test whose APIs are not there yet is skipped
 * with their names (visible in Surefire's output) instead of failing on the first request;
 * {@code -Dspool.it.strict=true} turns that skip into a failure (use it once a feature is done).
 */
final class ApiRequirements {
    private ApiRequirements() {
    }

    /** The APIs in {@code required} that the broker on {@code port} does not advertise. */
    static List<ApiKeys> missing(int port, ApiKeys... required) throws IOException {
        Map<ApiKeys, short[]> advertised;
        try (RawConnection c = RawConnection.open(port)) {
            advertised = c.apiVersions();
        }
        return Arrays.stream(required).filter(k -> !advertised.containsKey(k)).toList();
    }

    /** Skips (or, in strict mode, fails) the current test when {@code missing} is not empty. */
    static void enforce(List<ApiKeys> missing) {
        if (missing.isEmpty()) {
            return;
        }
        String message = "the broker does not advertise " + missing.stream().map(k -> k.name).toList()
                + " yet; this test needs them";
        if (Boolean.getBoolean("spool.it.strict")) {
            throw new AssertionError(message + " (spool.it.strict=true)");
        }
        throw new TestAbortedException(message);
    }

    /** Checks and enforces in one step. */
    static void require(int port, ApiKeys... required) throws IOException {
        enforce(missing(port, required));
    }
}
