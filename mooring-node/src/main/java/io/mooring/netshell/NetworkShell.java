package io.mooring.netshell;

import io.mooring.net.ConnectionType;
import io.mooring.net.NodeOutbox;
import io.mooring.net.PeerId;
import io.mooring.net.PeerManager;
import io.mooring.net.Transport;
import io.mooring.net.TransportEvent;
import io.mooring.net.V1Transport;
import io.mooring.net.V2Transport;
import io.mooring.util.FastRandomContext;
import io.mooring.wire.WireWriter;
import io.mooring.wire.message.Message;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import io.mooring.logging.LogCategory;
import org.slf4j.LoggerFactory;

/**
 * The I/O shell around a {@link PeerManager} (Core's CConnman socket handling): it listens, connects (directly or
 * through SOCKS5), moves bytes, and runs the peer manager on one dedicated node-loop thread. Netty's I/O threads only
 * decode frames with each connection's {@link Transport} and hand the events over; every call into the peer manager
 * happens on the node loop, so protocol state needs no locks.
 */
public final class NetworkShell implements NodeOutbox, AutoCloseable {
    /** Core's LogDebug(BCLog::NET, ...): written with -debug=net. */
    private static final Logger LOG = LogCategory.NET.logger();
    /** Core's LogInfo: always written, without a category. */
    private static final Logger INFO = LoggerFactory.getLogger(NetworkShell.class);

    private final int magic;
    private final ShellOptions options;
    private final Clock clock;
    private final EventLoopGroup ioGroup;
    private final EventLoop nodeLoop;
    private final boolean epoll;
    private final Map<PeerId, Connection> connections = new ConcurrentHashMap<>();
    /** Connection ids, as Core's CConnman::GetNewNodeId: unique for the node's lifetime, taken on any thread. */
    private final AtomicLong nextPeerId = new AtomicLong();
    private final List<Channel> listeners = new ArrayList<>();
    private final SecureRandom credentials = new SecureRandom();
    /** Connections with bytes in their {@code out} buffer (node loop only). */
    private final java.util.LinkedHashSet<Connection> dirty = new java.util.LinkedHashSet<>();
    private PeerManager peers;
    /** Decides on the node loop whether an accepted socket becomes a peer; by default only the inbound limit. */
    private InboundGate inboundGate = this::belowInboundLimit;
    private volatile boolean networkActive = true;
    private volatile boolean closed;

    /** The events one socket read produced, and how many bytes they took. */
    private record Batch(List<TransportEvent> events, int bytes) {
    }

    /** One open socket, its transport, and how many received bytes wait for the node loop. */
    private static final class Connection {
        final PeerId id;
        final Channel channel;
        final Transport transport;
        final ConnectionType type;
        final AtomicLong pendingReceive = new AtomicLong();
        /** We asked for it to close (Core's fDisconnect): it no longer counts as open. */
        volatile boolean disconnecting;
        /** Messages encoded during the current node-loop task, written together at its end (node loop only). */
        WireWriter out = new WireWriter(512);
        /** Decoded but unprocessed events (node loop only): held while the peer's send queue is over its bound. */
        final ArrayDeque<Batch> inbox = new ArrayDeque<>();

        /** Where an outbound connection went and the services we knew (for Core's v1 reconnection); null inbound. */
        NetEndpoint target;
        long knownServices;

        Connection(PeerId id, Channel channel, Transport transport, ConnectionType type) {
            this.id = id;
            this.channel = channel;
            this.transport = transport;
            this.type = type;
        }
    }

    /**
     * @param magic    the chain's network magic
     * @param managers builds the peer manager with this shell as its outbox (called once, on the node loop)
     */
    public NetworkShell(int magic, ShellOptions options, Clock clock, Function<NodeOutbox, PeerManager> managers) {
        this.magic = magic;
        this.options = options;
        this.clock = clock;
        this.epoll = Epoll.isAvailable();
        this.ioGroup = epoll ? new EpollEventLoopGroup(0, new DefaultThreadFactory("mooring-net"))
                : new NioEventLoopGroup(0, new DefaultThreadFactory("mooring-net"));
        this.nodeLoop = new DefaultEventLoop(new DefaultThreadFactory("mooring-msghand"));
        onLoop(() -> {
            peers = managers.apply(this);
            peers.setTransportNames(id -> {
                SocketInfo info = socketInfo(id);
                return info == null ? "v1" : info.transportProtocol();
            });
        }).join();
    }

    /**
     * The inbound admission decision (Core's CreateNodeFromAcceptedSocket checks), made on the node loop before the
     * connection's first byte is read. It may disconnect another peer to make room (eviction).
     */
    @FunctionalInterface
    public interface InboundGate {
        /**
         * @param listener the address of the listening socket the connection came in on (for -whitebind)
         * @return true to make the connection a peer; false to close it (the gate logs why)
         */
        boolean admit(PeerId id, NetEndpoint remote, InetSocketAddress listener, Instant now);
    }

    /** Replaces the inbound admission decision; call before {@link #start()}. */
    public void setInboundGate(InboundGate gate) {
        this.inboundGate = java.util.Objects.requireNonNull(gate);
    }

    /** The default gate: admit while fewer than Core's max_inbound inbound peers are open, with no eviction. */
    private boolean belowInboundLimit(PeerId id, NetEndpoint remote, InetSocketAddress listener, Instant now) {
        int open = 0;
        for (Connection c : connections.values()) {
            if (c.type == ConnectionType.INBOUND && !c.id.equals(id) && !c.disconnecting && peers.peer(c.id) != null) {
                open++;
            }
        }
        if (open >= options.maxInbound()) {
            LOG.debug("connection from {} dropped (full)", remote);
            return false;
        }
        return true;
    }

    /**
     * Node loop: whether {@code peer}'s connection is gone or we asked it to close (Core's fDisconnect), so it no
     * longer holds a slot.
     */
    public boolean isDisconnecting(PeerId peer) {
        Connection c = connections.get(peer);
        return c == null || c.disconnecting || !c.channel.isActive();
    }

    /** Whether epoll (rather than NIO) carries the sockets. */
    public boolean usesEpoll() {
        return epoll;
    }

    /** Runs {@code task} on the node loop (where every peer-manager call belongs) and returns its completion. */
    public CompletableFuture<Void> onLoop(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        nodeLoop.execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Throwable t) {
                INFO.error("node loop task failed", t);
                done.completeExceptionally(t);
            } finally {
                flushPending();
            }
        });
        return done;
    }

    /** Executes {@code task} on the node loop, then writes what it queued (one write per peer, not per message). */
    private void loop(Runnable task) {
        nodeLoop.execute(() -> {
            try {
                task.run();
            } finally {
                flushPending();
            }
        });
    }

    /** Runs {@code query} against the peer manager on the node loop (RPC reads go through here). */
    public <T> CompletableFuture<T> query(Function<PeerManager, T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop(() -> {
            try {
                result.complete(query.apply(peers));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** Binds the listeners and starts the once-a-second tick. Returns the bound addresses. */
    public List<InetSocketAddress> start() throws InterruptedException {
        ServerBootstrap server = new ServerBootstrap()
                .group(ioGroup)
                .channel(serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(options.maxSendBuffer() / 2, options.maxSendBuffer()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
        List<InetSocketAddress> bound = new ArrayList<>();
        for (InetSocketAddress bind : options.binds()) {
            Channel ch = server.bind(bind).sync().channel();
            listeners.add(ch);
            InetSocketAddress local = (InetSocketAddress) ch.localAddress();
            bound.add(local);
            INFO.info("Bound to {}", new NetEndpoint(NetAddress.fromInetAddress(local.getAddress()), local.getPort()));
        }
        nodeLoop.scheduleAtFixedRate(() -> {
            try {
                peers.onTick(now());
            } finally {
                flushPending();
            }
        }, 1, 1, TimeUnit.SECONDS);
        return bound;
    }

    private Instant now() {
        return clock.instant();
    }

    private Class<? extends ServerSocketChannel> serverChannelType() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private Class<? extends SocketChannel> channelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    // ---- inbound -----------------------------------------------------------------------------------------------------

    /**
     * On the accepting I/O thread (Core's AcceptConnection): name the connection, but read nothing yet. The node
     * loop asks the {@link InboundGate} (limits, bans, eviction) and either closes it or hands it to the peer manager
     * and starts reading, so the peer manager always sees the connection before its first message.
     */
    private void accept(SocketChannel ch) {
        if (!networkActive || closed) {
            ch.close();
            return;
        }
        InetSocketAddress remote = ch.remoteAddress();
        NetEndpoint endpoint = new NetEndpoint(NetAddress.fromInetAddress(remote.getAddress()), remote.getPort());
        InetSocketAddress listener = ch.parent() != null && ch.parent().localAddress() instanceof InetSocketAddress l
                ? l : null;
        ch.config().setAutoRead(false);
        PeerId id = new PeerId(nextPeerId.getAndIncrement());
        Instant acceptedAt = now();
        // A v2 responder also understands v1: it hands over to v1 framing when the first bytes are a v1 version.
        register(id, ch, ConnectionType.INBOUND, v2Transport ? new V2Transport(magic, false, new FastRandomContext())
                : new V1Transport(magic));
        loop(() -> {
            if (!ch.isActive()) {
                return; // it hung up before we looked at it
            }
            if (!inboundGate.admit(id, endpoint, listener, acceptedAt)) {
                ch.close();
                return;
            }
            LOG.debug("connection from {} accepted", endpoint);
            peers.onConnected(id, ConnectionType.INBOUND, endpoint, 0, false, acceptedAt);
            ch.config().setAutoRead(true);
        });
    }

    // ---- outbound ----------------------------------------------------------------------------------------------------

    /**
     * Opens an outbound connection of {@code type} to {@code target} (through the proxy that applies, if any).
     * Completes with the peer id once the TCP (and SOCKS5) connection is up; fails if it cannot be opened.
     */
    public CompletableFuture<PeerId> connect(NetEndpoint target, ConnectionType type, long knownServices) {
        // Core: BIP324 when we support it and the address says the peer does; manual and addr-fetch connections try
        // it whenever we support it (a v1 peer hangs up and we reconnect with v1).
        boolean v2 = v2Transport && (type == ConnectionType.MANUAL || type == ConnectionType.ADDR_FETCH
                || (knownServices & io.mooring.wire.netaddress.ServiceFlags.NODE_P2P_V2) != 0);
        return connect(target, type, knownServices, v2);
    }

    /**
     * As {@link #connect(NetEndpoint, ConnectionType, long)} with the transport chosen by the caller (the addnode and
     * addconnection RPCs' {@code v2transport}); v2 only when this shell supports it.
     */
    public CompletableFuture<PeerId> connect(NetEndpoint target, ConnectionType type, long knownServices, boolean v2) {
        if (v2 && !v2Transport) throw new IllegalStateException("v2 transport is not enabled (-v2transport)");
        if (type == ConnectionType.INBOUND) throw new IllegalArgumentException("inbound connections are accepted, not opened");
        CompletableFuture<PeerId> result = new CompletableFuture<>();
        if (!networkActive || closed) {
            result.completeExceptionally(new IllegalStateException("network is not active"));
            return result;
        }
        InetSocketAddress proxy = options.proxyFor(target);
        boolean viaProxy = proxy != null;
        if (!viaProxy && (target.address().isTor() || target.address().isI2P())) {
            result.completeExceptionally(new IllegalStateException("no proxy configured for " + target));
            return result;
        }
        NetAddress address = target.address();
        SocketAddress destination = address.isTor() || address.isI2P()
                // Onion and I2P names go to the proxy by name (SOCKS5 domain type): nothing resolves them locally.
                ? InetSocketAddress.createUnresolved(address.toString(), target.port())
                : new InetSocketAddress(address.toInetAddress(), target.port());
        PeerId id = new PeerId(nextPeerId.getAndIncrement());
        Bootstrap b = new Bootstrap()
                .group(ioGroup)
                .channel(channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis())) // Core's -timeout
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(options.maxSendBuffer() / 2, options.maxSendBuffer()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (viaProxy) {
                            ch.pipeline().addLast(socks5(proxy));
                        }
                    }
                });
        if (viaProxy) {
            // Never resolve locally what goes through the proxy: no DNS leak for .onion (or any) names.
            b.resolver(NoopAddressResolverGroup.INSTANCE);
        }
        // With a SOCKS5 handler in the pipeline, Netty connects to the proxy and asks it for the destination.
        ChannelFuture f = b.connect(destination);
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                result.completeExceptionally(cf.cause());
                return;
            }
            Channel ch = cf.channel();
            // On the channel's I/O thread: the node loop hears of the connection before any read is handed over.
            Runnable established = () -> {
                Instant connectedAt = now();
                // Registered (so the node loop can send to it) before the loop hears of it; its reads are handed
                // over only after this callback returns, so they queue behind onConnected.
                Connection c = register(id, ch, type, v2 ? new V2Transport(magic, true, new FastRandomContext())
                        : new V1Transport(magic));
                c.target = target;
                c.knownServices = knownServices;
                sendTransportBytes(c); // v2: our key and garbage go out at once
                loop(() -> {
                    peers.onConnected(id, type, target, knownServices, viaProxy, connectedAt);
                    result.complete(id);
                });
            };
            if (viaProxy) {
                ch.pipeline().get(Socks5ProxyHandler.class).connectFuture().addListener(pf -> {
                    if (pf.isSuccess()) {
                        established.run();
                    } else {
                        ch.close();
                        result.completeExceptionally(pf.cause());
                    }
                });
            } else {
                established.run();
            }
        });
        return result;
    }

    private Socks5ProxyHandler socks5(InetSocketAddress proxy) {
        if (options.proxyRandomize()) {
            // Core's -proxyrandomize: fresh credentials per connection make Tor use a separate circuit (stream isolation).
            byte[] user = new byte[8];
            byte[] pass = new byte[8];
            credentials.nextBytes(user);
            credentials.nextBytes(pass);
            return new Socks5ProxyHandler(proxy, HexFormat.of().formatHex(user), HexFormat.of().formatHex(pass));
        }
        return new Socks5ProxyHandler(proxy);
    }

    // ---- per-connection plumbing -------------------------------------------------------------------------------------

    private Connection register(PeerId id, Channel ch, ConnectionType type, Transport transport) {
        Connection c = new Connection(id, ch, transport, type);
        connections.put(id, c);
        ch.pipeline().addLast(new PeerHandler(c));
        ch.closeFuture().addListener(f -> {
            connections.remove(id);
            onLoop(() -> peers.onDisconnected(id, now()));
            maybeReconnectV1(c);
        });
        return c;
    }

    /**
     * Core's DisconnectNodes: an outbound v2 attempt that the peer closed before sending anything (a v1-only peer
     * hangs up on our key) is made again with v1.
     */
    private void maybeReconnectV1(Connection c) {
        if (!(c.transport instanceof V2Transport v2) || c.target == null || closed || !networkActive) return;
        boolean reconnect;
        synchronized (c.transport) {
            reconnect = v2.shouldReconnectV1();
        }
        if (reconnect) {
            // Core's OpenNetworkConnection checks still apply (banned, discouraged, already connected): the node says.
            onLoop(() -> {
                if (!closed && networkActive && reconnectAllowed.test(peers, c.target)) {
                    LOG.debug("retrying with v1 transport protocol for peer={}", c.id);
                    connect(c.target, c.type, c.knownServices, false);
                }
            });
        }
    }

    private volatile java.util.function.BiPredicate<PeerManager, NetEndpoint> reconnectAllowed = (pm, target) -> true;

    /** Whether a v1 redial of {@code target} may go ahead (node loop; the node checks bans and existing peers). */
    public void setReconnectFilter(java.util.function.BiPredicate<PeerManager, NetEndpoint> allowed) {
        this.reconnectAllowed = Objects.requireNonNull(allowed);
    }

    /**
     * Writes what the transport wants sent on its own (v2 handshake bytes and messages it held back). A transport is
     * used by one thread at a time: the I/O thread (receive) and the node loop (encode) take turns on its monitor.
     */
    private static void sendTransportBytes(Connection c) {
        WireWriter w = null;
        synchronized (c.transport) {
            WireWriter probe = new WireWriter(0);
            if (c.transport.takeBytesToSend(probe) > 0) w = probe;
        }
        if (w != null && c.channel.isActive()) {
            c.channel.writeAndFlush(Unpooled.wrappedBuffer(w.toByteArray()));
        }
    }

    /** BIP324 (Core's -v2transport): offer and accept v2 connections. Set before {@link #start}. */
    public void setV2Transport(boolean enabled) {
        this.v2Transport = enabled;
    }

    private volatile boolean v2Transport;

    /** Runs on the connection's I/O thread: bytes in, transport events out to the node loop. */
    private final class PeerHandler extends ChannelInboundHandlerAdapter {
        private final Connection c;
        private final List<TransportEvent> events = new ArrayList<>();
        /** What the transport sends on its own after a read (v2 handshake); reused, I/O thread only. */
        private final WireWriter reply = new WireWriter(0);

        PeerHandler(Connection c) {
            this.c = c;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                int n = buf.readableBytes();
                byte[] bytes = new byte[n];
                buf.readBytes(bytes);
                events.clear();
                int replyBytes;
                synchronized (c.transport) {
                    c.transport.receive(bytes, 0, n, events);
                    reply.reset();
                    replyBytes = c.transport.takeBytesToSend(reply);
                }
                if (replyBytes > 0) {
                    // On the channel's own event loop: ahead of anything the node loop writes after this point.
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(reply.toByteArray()));
                }
                List<TransportEvent> batch = List.copyOf(events);
                long pending = c.pendingReceive.addAndGet(n);
                if (pending > options.maxReceiveBuffer()) {
                    // Core's fPauseRecv: stop reading until the node loop has caught up with this peer.
                    ctx.channel().config().setAutoRead(false);
                }
                loop(() -> {
                    peers.onBytesReceived(c.id, now());
                    c.inbox.add(new Batch(batch, n));
                    drain(c);
                });
                if (!batch.isEmpty() && batch.getLast() instanceof TransportEvent.Fatal) {
                    ctx.channel().config().setAutoRead(false);
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // Core's fPauseSend: while a peer does not read what we send, its messages are neither processed nor read,
            // so it cannot make us queue unbounded replies.
            if (ctx.channel().isWritable()) {
                loop(() -> drain(c));
            } else {
                ctx.channel().config().setAutoRead(false);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("socket error on peer={}: {}", c.id, cause.toString());
            ctx.close();
        }
    }

    /** Node loop: processes the connection's queued events while its send queue is under its bound. */
    private void drain(Connection c) {
        Instant t = now();
        while (!c.inbox.isEmpty() && c.channel.isWritable()) {
            Batch b = c.inbox.poll();
            for (TransportEvent e : b.events()) {
                peers.onTransportEvent(c.id, e, t);
            }
            c.pendingReceive.addAndGet(-b.bytes());
            // Write this batch's replies now, so the writability check above sees them before the next batch.
            flush(c);
        }
        if (!c.channel.isActive()) {
            c.inbox.clear();
            return;
        }
        boolean resume = c.inbox.isEmpty() && c.channel.isWritable()
                && c.pendingReceive.get() <= options.maxReceiveBuffer();
        if (resume && !c.channel.config().isAutoRead()) {
            c.channel.config().setAutoRead(true);
        }
    }

    // ---- NodeOutbox (called on the node loop) -------------------------------------------------------------------------

    @Override
    public void send(PeerId peer, Message message) {
        Connection c = connections.get(peer);
        if (c == null || !c.channel.isActive()) {
            return;
        }
        int n;
        boolean v2Queued;
        synchronized (c.transport) {
            n = c.transport.encode(message, c.out);
            v2Queued = n == 0 && c.transport.protocol() != io.mooring.net.TransportProtocol.V1;
        }
        if (v2Queued) {
            n = V2Transport.packetSize(message); // held back until the v2 handshake completes; counted now
        }
        dirty.add(c);
        peers.recordSent(peer, message.command(), n);
    }

    /**
     * Node loop, at the end of each task: hands every peer's queued bytes to Netty in one write. A handshake answers a
     * version with eight messages; one write (one syscall, one cross-thread task) instead of eight is most of the
     * cost of a handshake.
     */
    private void flushPending() {
        if (dirty.isEmpty()) {
            return;
        }
        for (Connection c : dirty) {
            writeOut(c);
        }
        dirty.clear();
    }

    private void flush(Connection c) {
        if (dirty.remove(c)) {
            writeOut(c);
        }
    }

    private static void writeOut(Connection c) {
        if (c.out.size() > 0 && c.channel.isActive()) {
            c.channel.writeAndFlush(Unpooled.wrappedBuffer(c.out.toByteArray()));
        }
        if (c.out.array().length > MAX_IDLE_OUT_BUFFER) {
            c.out = new WireWriter(512); // a block went out: do not keep a megabyte per peer afterwards
        } else {
            c.out.reset();
        }
    }

    /** The largest send buffer a peer keeps between node-loop tasks. */
    private static final int MAX_IDLE_OUT_BUFFER = 64 * 1024;

    @Override
    public void disconnect(PeerId peer, String reason) {
        Connection c = connections.get(peer);
        if (c != null) {
            c.disconnecting = true;
            // What was queued for the peer goes out first (Netty runs the write and the close in this order).
            dirty.remove(c);
            writeOut(c);
            c.channel.close();
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------------

    /** setnetworkactive: false closes every connection and refuses new ones until set true again. */
    public void setNetworkActive(boolean active) {
        networkActive = active;
        if (!active) {
            for (Connection c : connections.values()) {
                c.channel.close();
            }
        }
    }

    /** Socket-level facts getpeerinfo reports next to the protocol state. */
    public record SocketInfo(NetEndpoint local, String transportProtocol, String sessionId) {
    }

    /** Node loop: the socket facts of {@code peer}, or null when it is gone. */
    public SocketInfo socketInfo(PeerId peer) {
        Connection c = connections.get(peer);
        if (c == null || !(c.channel.localAddress() instanceof InetSocketAddress local)) {
            return null;
        }
        synchronized (c.transport) {
            return new SocketInfo(new NetEndpoint(NetAddress.fromInetAddress(local.getAddress()), local.getPort()),
                    c.transport.protocol().rpcName(), c.transport.sessionId());
        }
    }

    /** Bytes queued for sending to {@code peer} and not yet written to its socket (bounded by -maxsendbuffer). */
    public long pendingSendBytes(PeerId peer) {
        Connection c = connections.get(peer);
        if (c == null) {
            return 0;
        }
        var buffer = c.channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    public boolean isNetworkActive() {
        return networkActive;
    }


    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Channel l : listeners) {
            l.close().syncUninterruptibly();
        }
        for (Connection c : connections.values()) {
            c.channel.close().syncUninterruptibly();
        }
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        // Let the close events reach the peer manager before the loop stops.
        onLoop(() -> { }).join();
        nodeLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
