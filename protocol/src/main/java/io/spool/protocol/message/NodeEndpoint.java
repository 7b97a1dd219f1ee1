package io.spool.protocol.message;

/** A broker endpoint, as reported in the tagged node_endpoints of Produce and Fetch responses. */
public record NodeEndpoint(int nodeId, String host, int port, String rack) {
}
