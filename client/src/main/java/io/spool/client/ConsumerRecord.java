package io.spool.client;

import io.spool.client.record.Header;

/** A fetched record with its position in the log. */
public record ConsumerRecord<K, V>(String topic, int partition, long offset, long timestamp, K key, V value,
                                   Header[] headers) {
}
