package io.spool.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.spool.config.Listener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The listeners: one acceptor thread and {@code numNetworkThreads} event loops, native epoll where
 * available and NIO otherwise. Each connection gets a {@link FrameDecoder} and a {@link ConnectionHandler}.
 */
public final class NetworkServer implements AutoCloseable {
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> serverChannelClass;
    private final boolean epoll;
    private final List<Channel> serverChannels = new ArrayList<>();

    /** Creates the event loops; nothing is bound until {@link #bind}. */
    public NetworkServer(int numNetworkThreads) {
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.serverChannelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("spool-acceptor", true), factory);
        this.workerGroup = new MultiThreadIoEventLoopGroup(numNetworkThreads,
                new DefaultThreadFactory("spool-network", true), factory);
    }

    /** True when the native epoll transport (sendfile for FileRegions) is in use. */
    public boolean isEpoll() {
        return epoll;
    }

    /** The event loops that own connections (for timers and posted work). */
    public EventLoopGroup workerGroup() {
        return workerGroup;
    }

    /**
     * Binds {@code listener} and returns the bound address (the real port when the listener asked for 0).
     * {@code dispatcher} is created per connection; blocks until bound.
     */
    public InetSocketAddress bind(Listener listener, int maxFrameBytes, int maxInFlight,
                                  Supplier<RequestDispatcher> dispatcher) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(serverChannelClass)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("frames", new FrameDecoder(maxFrameBytes))
                                .addLast("requests", new ConnectionHandler(dispatcher.get(), maxInFlight));
                    }
                });
        InetSocketAddress address = listener.host().isEmpty()
                ? new InetSocketAddress(listener.port())
                : new InetSocketAddress(listener.host(), listener.port());
        Channel ch = b.bind(address).sync().channel();
        serverChannels.add(ch);
        return (InetSocketAddress) ch.localAddress();
    }

    /** Stops accepting, closes every connection and stops the event loops; waits up to a few seconds. */
    @Override
    public void close() {
        for (Channel ch : serverChannels) {
            ch.close().awaitUninterruptibly();
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
