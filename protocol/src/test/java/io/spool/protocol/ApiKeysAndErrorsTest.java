package io.spool.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our API table and error codes agree with kafka-clients'. */
class ApiKeysAndErrorsTest {
    @Test
    void apiKeysMatchKafkaIdsNamesAndHeaderVersions() {
        for (ApiKeys ours : ApiKeys.values()) {
            org.apache.kafka.common.protocol.ApiKeys theirs = org.apache.kafka.common.protocol.ApiKeys.forId(ours.id);
            assertEquals(theirs.name, ours.apiName);
            assertTrue(ours.minVersion >= theirs.oldestVersion(), ours + " min below kafka's oldest");
            assertTrue(ours.maxVersion <= theirs.latestVersion(true), ours + " max above kafka's latest");
            for (short v = ours.minVersion; v <= (short) (ours.maxVersion + 1) && v <= theirs.latestVersion(true); v++) {
                assertEquals(theirs.requestHeaderVersion(v), ours.requestHeaderVersion(v), ours + " v" + v);
                assertEquals(theirs.responseHeaderVersion(v), ours.responseHeaderVersion(v), ours + " v" + v);
            }
            assertEquals(ours, ApiKeys.forId(ours.id));
        }
        assertNull(ApiKeys.forId(-1));
        assertNull(ApiKeys.forId(10_000));
    }

    @Test
    void apiVersionsResponsesAlwaysUseHeaderV0() {
        for (short v = 0; v <= 10; v++) {
            assertEquals(0, ApiKeys.API_VERSIONS.responseHeaderVersion(v));
        }
        assertEquals(2, ApiKeys.API_VERSIONS.requestHeaderVersion((short) 3));
        assertEquals(1, ApiKeys.API_VERSIONS.requestHeaderVersion((short) 2));
    }

    @Test
    void produceIsAdvertisedFromV0ButImplementedFromV3() {
        assertEquals(0, ApiKeys.PRODUCE.advertisedMinVersion());
        assertEquals(3, ApiKeys.PRODUCE.minVersion);
        assertTrue(!ApiKeys.PRODUCE.isVersionSupported((short) 2));
        assertEquals(ApiKeys.FETCH.minVersion, ApiKeys.FETCH.advertisedMinVersion());
    }

    @Test
    void errorsMatchKafkaCodesNamesAndRetriability() {
        org.apache.kafka.common.protocol.Errors[] theirs = org.apache.kafka.common.protocol.Errors.values();
        assertEquals(theirs.length, Errors.values().length);
        for (org.apache.kafka.common.protocol.Errors t : theirs) {
            Errors ours = Errors.forCode(t.code());
            assertNotNull(ours);
            assertEquals(t.name(), ours.name());
            assertEquals(t.exception() instanceof org.apache.kafka.common.errors.RetriableException, ours.retriable,
                    t.name());
        }
        assertEquals(Errors.UNKNOWN_SERVER_ERROR, Errors.forCode((short) 30_000));
        assertEquals(Errors.NONE, Errors.forCode((short) 0));
    }
}
