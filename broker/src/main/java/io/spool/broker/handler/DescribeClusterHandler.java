package io.spool.broker.handler;

import io.spool.config.Listener;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.DescribeClusterRequest;
import io.spool.protocol.message.DescribeClusterResponse;
import java.util.List;

/** DescribeCluster: this node is the whole cluster, as broker and as controller. */
public final class DescribeClusterHandler implements ApiHandler {
    private final BrokerState state;

    public DescribeClusterHandler(BrokerState state) {
        this.state = state;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        DescribeClusterRequest request = (DescribeClusterRequest) message;
        DescribeClusterResponse r = new DescribeClusterResponse();
        Listener self = state.advertised(ctx.listenerName());
        r.errorCode = Errors.NONE.code;
        r.endpointType = request.endpointType;
        r.clusterId = state.clusterId();
        r.controllerId = state.nodeId();
        r.brokers = List.of(new DescribeClusterResponse.DescribeClusterBroker(state.nodeId(), self.host(), self.port(), null, false));
        ctx.respond(r);
    }
}
