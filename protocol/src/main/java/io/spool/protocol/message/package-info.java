/**
 * One class per Kafka request and response body, field by field after Kafka's JSON schemas. Each has
 * {@code static X read(ByteBuf, short version)} and {@code write(MessageWriter, short version)}; fields absent from a
 * version keep their schema default on read and are skipped on write. {@link io.spool.protocol.message.Messages}
 * dispatches by API key.
 */
package io.spool.protocol.message;
