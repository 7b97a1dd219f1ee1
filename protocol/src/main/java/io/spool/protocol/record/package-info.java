/** Kafka RecordBatch v2: layout, flyweight view, CRC-32C validation and an allocation-free record cursor. */
package io.spool.protocol.record;
