/**
 * Looking inside record batches, which the data path never does: {@link io.spool.broker.record.BatchTimestampSearch}
 * decompresses the one batch a ListOffsets lookup by timestamp lands on (DESIGN §4), off the event loop, with the
 * compression libraries kafka-clients itself uses.
 */
package io.spool.broker.record;
