/** Kafka wire protocol: framing, primitive types, request/response codecs, RecordBatch v2 view. No I/O. */
package io.spool.protocol;
