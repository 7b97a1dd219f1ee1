package io.spool.broker;

import io.netty.buffer.ByteBufAllocator;
import io.spool.broker.cluster.ClusterIdentity;
import io.spool.broker.cluster.PartitionRegistry;
import io.spool.broker.cluster.ProducerIdManager;
import io.spool.broker.cluster.TopicCreator;
import io.spool.broker.cluster.TopicPartition;
import io.spool.broker.group.GroupCoordinatorService;
import io.spool.broker.group.GroupHandlers;
import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.ApiVersionsHandler;
import io.spool.broker.handler.BrokerState;
import io.spool.broker.handler.CreatePartitionsHandler;
import io.spool.broker.handler.CreateTopicsHandler;
import io.spool.broker.handler.DeleteTopicsHandler;
import io.spool.broker.handler.DescribeClusterHandler;
import io.spool.broker.handler.DescribeConfigsHandler;
import io.spool.broker.handler.FetchHandler;
import io.spool.broker.handler.InitProducerIdHandler;
import io.spool.broker.handler.ListOffsetsHandler;
import io.spool.broker.handler.MetadataHandler;
import io.spool.broker.handler.ProduceHandler;
import io.spool.broker.handler.RequestRouter;
import io.spool.broker.metadata.LocalMetadataQuorum;
import io.spool.broker.network.NetworkServer;
import io.spool.broker.purgatory.Purgatory;
import io.spool.broker.purgatory.WheelTimer;
import io.spool.config.BrokerConfig;
import io.spool.config.Listener;
import io.spool.storage.LogManager;
import io.spool.storage.LogManagerOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker: data directory identity and lock, storage, metadata, request handlers and listeners, started in
 * that order by {@link #start} and stopped in reverse by {@link #close} (which seals the segments and writes
 * the clean-shutdown marker through {@link LogManager#close()}).
 */
public final class SpoolBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolBroker.class);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private String clusterId;
    private final StringBuilder phases = new StringBuilder();
    private long phaseStart = System.nanoTime();
    private boolean epoll;
    private volatile boolean closed;

    private SpoolBroker() {
    }

    /** Starts a broker and returns once every listener accepts connections; on failure releases what it opened. */
    public static SpoolBroker start(BrokerConfig config) throws Exception {
        SpoolBroker broker = new SpoolBroker();
        try {
            broker.startComponents(config);
            return broker;
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    private void startComponents(BrokerConfig config) throws Exception {
        Path dataDir = config.logDir().toAbsolutePath();
        // event loops (native transport loading, thread start) come up on a second thread while storage recovers
        CompletableFuture<NetworkServer> networkReady = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                networkReady.complete(new NetworkServer(config.numNetworkThreads()));
            } catch (Throwable t) {
                networkReady.completeExceptionally(t);
            }
        }, "spool-start-network");
        starter.setDaemon(true);
        starter.start();
        resources.add(() -> networkReady.thenAccept(n -> {
            if (!resources.contains(n)) {
                n.close(); // start failed before the server was taken over below
            }
        }));
        // the storage engine locks the directory first, so nothing below races another broker process
        LogManager logs = LogManager.open(dataDir, PartitionRegistry.logConfig(config.topicDefaults(), config),
                LogManagerOptions.defaults()
                        .withRetentionCheckIntervalMs(config.retentionCheckIntervalMs())
                        .withCachedSealedSegments(config.pageCacheSealedSegments()));
        phase("storage");
        resources.add(logs);
        clusterId = ClusterIdentity.open(dataDir, config.nodeId()).clusterId();
        PartitionRegistry partitions = new PartitionRegistry(logs, config);
        LocalMetadataQuorum metadata = LocalMetadataQuorum.open(dataDir, partitions);
        phase("metadata");
        resources.add(metadata);

        WheelTimer timer = new WheelTimer(10);
        resources.add(timer);
        Purgatory<TopicPartition> fetchPurgatory = new Purgatory<>(timer);
        ThreadPoolExecutor blocking = new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "spool-blocking");
                    t.setDaemon(true);
                    return t;
                });
        resources.add(blocking::shutdown);

        NetworkServer network;
        try {
            network = networkReady.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        resources.add(network);
        epoll = network.isEpoll();

        // handlers first, then bind: a connection may arrive the moment a listener is bound
        List<ApiHandler> handlers = new ArrayList<>();
        List<Listener> advertised = new java.util.concurrent.CopyOnWriteArrayList<>(config.advertisedListeners());
        BrokerState state = new BrokerState(config, clusterId, metadata, partitions,
                new ProducerIdManager(metadata, config.nodeId()), fetchPurgatory, advertised, blocking);
        TopicCreator creator = new TopicCreator(metadata, config);
        // ApiVersions lists every handler, itself and the group APIs included; it reads the list only when asked
        handlers.add(new ApiVersionsHandler(() -> handlers));
        handlers.add(new MetadataHandler(state, creator));
        handlers.add(new ProduceHandler(state));
        handlers.add(new FetchHandler(state));
        handlers.add(new ListOffsetsHandler(state));
        handlers.add(new InitProducerIdHandler(state));
        handlers.add(new CreateTopicsHandler(state, creator));
        handlers.add(new DeleteTopicsHandler(state));
        handlers.add(new CreatePartitionsHandler(state));
        handlers.add(new DescribeConfigsHandler(state));
        handlers.add(new DescribeClusterHandler(state));
        phase("network");
        GroupCoordinatorService groupCoordinator = GroupHandlers.start(state, creator, timer);
        phase("groups");
        resources.add(groupCoordinator);
        handlers.addAll(GroupHandlers.handlers(groupCoordinator, state));
        List<ApiHandler> all = List.copyOf(handlers);
        for (Listener l : config.listeners()) {
            RequestRouter router = new RequestRouter(all, l.name(), ByteBufAllocator.DEFAULT);
            InetSocketAddress address;
            try {
                address = network.bind(l, config.socketRequestMaxBytes(), config.queuedMaxRequests(), () -> router);
            } catch (Exception e) {
                throw new IllegalStateException("cannot listen on " + l + ": " + e.getMessage()
                        + " (is another broker running? choose one with --override listeners=PLAINTEXT://host:port)", e);
            }
            bound.put(l.name(), address);
            // an ephemeral port (listener port 0) is advertised as the port actually bound
            for (int i = 0; i < advertised.size(); i++) {
                Listener a = advertised.get(i);
                if (a.name().equals(l.name()) && a.port() == 0) {
                    advertised.set(i, new Listener(a.name(), a.host(), address.getPort()));
                }
            }
        }
        phase("listeners");
    }

    private void phase(String name) {
        long now = System.nanoTime();
        phases.append(phases.isEmpty() ? "" : ", ").append(name).append(' ').append((now - phaseStart) / 1_000_000);
        phaseStart = now;
    }

    /** Milliseconds each start phase took, e.g. {@code storage 120, metadata 8, network 60, groups 30, listeners 12}. */
    public String startupPhases() {
        return phases.toString();
    }

    /** The bound address of each listener, by listener name (real ports when 0 was configured). */
    public Map<String, InetSocketAddress> boundAddresses() {
        return Map.copyOf(bound);
    }

    /** The first listener's bound address. */
    public InetSocketAddress address() {
        return bound.values().iterator().next();
    }

    public String clusterId() {
        return clusterId;
    }

    /** True when the native epoll transport is in use. */
    public boolean isEpoll() {
        return epoll;
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Stops listeners first, then purgatory, metadata and storage (sealing segments). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", resources.get(i).getClass().getSimpleName(), e);
            }
        }
        stopped.countDown();
    }
}
