/** Consumer-group membership for {@code SpoolConsumer.subscribe}: Kafka's classic group protocol, "consumer" protocol type, range assignor. */
package io.spool.client.group;
