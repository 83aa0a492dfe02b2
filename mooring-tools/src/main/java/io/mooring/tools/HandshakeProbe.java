package io.mooring.tools;

import io.mooring.net.ConnectionType;
import io.mooring.net.Peer;
import io.mooring.net.PeerAction;
import io.mooring.net.PeerContext;
import io.mooring.net.PeerId;
import io.mooring.net.TransportEvent;
import io.mooring.net.V1Transport;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One-shot outbound handshakes for the {@code mooring handshake} and {@code mooring crawl} tools. Sockets are Netty's;
 * framing is {@link V1Transport} and the protocol is Mooring's own {@link Peer} state machine (version, verack, the
 * feature messages in between, getaddr/addr), so the tools never carry a second protocol implementation. A handshake
 * is OK when both sides' version and verack were exchanged (Peer's HandshakeComplete), whatever feature messages came
 * before verack; every other outcome is a {@link Failure} with a precise kind.
 */
public final class HandshakeProbe implements AutoCloseable {
    static final String USER_AGENT = "/mooring-handshake:0.1.0/";

    /** Why a handshake did not complete. {@code label} is the text used in logs, JSON and summaries. */
    public enum Failure {
        DNS_FAILURE("DNS failure"),
        CONNECTION_REFUSED("connection refused"),
        CONNECT_FAILED("connect failed"),
        PROXY_FAILED("proxy failed"),
        TIMEOUT("timeout"),
        WRONG_MAGIC("wrong network magic"),
        BAD_CHECKSUM("bad checksum"),
        OBSOLETE_VERSION("obsolete version"),
        CLOSED_BY_PEER("closed by peer"),
        PROTOCOL_ERROR("protocol error");

        public final String label;

        Failure(String label) {
            this.label = label;
        }
    }

    /**
     * What one handshake found. For a failure, the version fields hold whatever arrived before it (or are null).
     *
     * @param latencyMillis from the connect call to the handshake's completion (or to the failure)
     * @param features      the commands of the non-version/verack messages received before the handshake completed
     * @param addresses     addresses received (only when {@code getaddr} was asked for)
     */
    public record Result(String target, NetEndpoint endpoint, Failure failure, String detail, VersionMessage version,
                         double latencyMillis, List<String> features, List<PeerAddress> addresses) {
        public boolean ok() {
            return failure == null;
        }
    }

    private final int magic;
    private final Duration timeout;
    private final InetSocketAddress proxy;
    private final EventLoopGroup group;
    private final SplittableRandom random = new SplittableRandom();
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param magic   the chain's message start
     * @param timeout per peer, from the connect call to the handshake's end
     * @param proxy   a SOCKS5 proxy every connection goes through, or null
     */
    public HandshakeProbe(int magic, Duration timeout, InetSocketAddress proxy) {
        this.magic = magic;
        this.timeout = Objects.requireNonNull(timeout);
        this.proxy = proxy;
        this.group = new NioEventLoopGroup(2, new DefaultThreadFactory("handshake-io", true));
    }

    /** A result for a name that did not resolve. */
    public static Result dnsFailure(String target, String detail) {
        return new Result(target, null, Failure.DNS_FAILURE, detail, null, 0, List.of(), List.of());
    }

    /**
     * Connects to {@code endpoint} and handshakes. With {@code collectAddresses}, getaddr is sent (as Core's outbound
     * connections do) and the connection stays open until the first addr answer or {@code addrWait}.
     */
    public CompletableFuture<Result> probe(String target, NetEndpoint endpoint, boolean collectAddresses,
                                           Duration addrWait) {
        CompletableFuture<Result> done = new CompletableFuture<>();
        long start = System.nanoTime();
        boolean viaProxy = proxy != null;
        boolean ip = endpoint.address().isIPv4() || endpoint.address().isIPv6();
        if (!ip && !viaProxy) {
            done.complete(new Result(target, endpoint, Failure.CONNECT_FAILED,
                    endpoint.address().network().rpcName() + " addresses need --proxy", null, 0, List.of(), List.of()));
            return done;
        }
        InetSocketAddress remote = viaProxy
                ? (ip
                        ? new InetSocketAddress(endpoint.address().toInetAddress(), endpoint.port())
                        : InetSocketAddress.createUnresolved(endpoint.address().toString(), endpoint.port()))
                : new InetSocketAddress(endpoint.address().toInetAddress(), endpoint.port());
        Client client = new Client(target, endpoint, start, done, collectAddresses, addrWait);
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 60_000))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (viaProxy) {
                            Socks5ProxyHandler h = new Socks5ProxyHandler(proxy);
                            h.setConnectTimeoutMillis(timeout.toMillis());
                            ch.pipeline().addLast(h);
                        }
                        ch.pipeline().addLast(client);
                    }
                });
        ChannelFuture f = b.connect(remote);
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                client.settle(null, connectFailure(cf.cause()), String.valueOf(cf.cause().getMessage()));
            }
        });
        return done;
    }

    static Failure connectFailure(Throwable t) {
        if (t instanceof io.netty.channel.ConnectTimeoutException) return Failure.TIMEOUT;
        if (t instanceof io.netty.handler.proxy.ProxyConnectException) return Failure.PROXY_FAILED;
        if (t instanceof ConnectException && String.valueOf(t.getMessage()).contains("refused")) {
            return Failure.CONNECTION_REFUSED;
        }
        return Failure.CONNECT_FAILED;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class Client extends ChannelInboundHandlerAdapter implements PeerContext {
        private final String target;
        private final NetEndpoint endpoint;
        private final long start;
        private final CompletableFuture<Result> done;
        private final boolean collectAddresses;
        private final Duration addrWait;
        private final V1Transport transport = new V1Transport(magic);
        private final Set<String> features = new LinkedHashSet<>();
        private final List<PeerAddress> addresses = new ArrayList<>();
        private Peer peer;
        private VersionMessage version;
        private boolean complete;
        private double latency;
        private boolean badChecksum;
        private ScheduledFuture<?> timer;

        Client(String target, NetEndpoint endpoint, long start, CompletableFuture<Result> done,
               boolean collectAddresses, Duration addrWait) {
            this.target = target;
            this.endpoint = endpoint;
            this.start = start;
            this.done = done;
            this.collectAddresses = collectAddresses;
            this.addrWait = addrWait;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (done.isDone()) {
                ctx.close();
                return;
            }
            long left = timeout.toNanos() - (System.nanoTime() - start);
            timer = ctx.executor().schedule(() -> {
                if (complete) {
                    settle(ctx, null, null); // addr wait over: the handshake itself succeeded
                } else {
                    settle(ctx, badChecksum ? Failure.BAD_CHECKSUM : Failure.TIMEOUT,
                            badChecksum ? "a message failed its checksum" : "no handshake within " + timeout.toSeconds() + " s");
                }
            }, Math.max(1, left), TimeUnit.NANOSECONDS);
            // A manual connection: Peer sends version and expects no particular services (Core's ExpectServicesFromConn).
            peer = new Peer(new PeerId(ids.incrementAndGet()), ConnectionType.MANUAL,
                    endpoint, 0, proxy != null, this, Instant.now());
            List<PeerAction> out = new ArrayList<>();
            peer.onConnected(Instant.now(), out);
            apply(ctx, out);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            List<TransportEvent> events = new ArrayList<>();
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                transport.receive(bytes, 0, bytes.length, events);
            } finally {
                buf.release();
            }
            Instant now = Instant.now();
            peer.onBytesReceived(now);
            List<PeerAction> out = new ArrayList<>();
            for (TransportEvent e : events) {
                if (done.isDone()) return;
                switch (e) {
                    case TransportEvent.MessageReceived r -> {
                        Message m = r.message();
                        if (m instanceof VersionMessage v && version == null) {
                            version = v;
                        } else if (!complete && !m.command().equals("verack") && !m.command().equals("version")) {
                            features.add(m.command());
                        }
                        peer.onMessage(m, now, out);
                    }
                    case TransportEvent.MessageDropped d -> {
                        if (d.reason() == ProtocolError.BAD_CHECKSUM) badChecksum = true;
                        peer.onDropped(d.command(), d.reason(), now, out);
                    }
                    case TransportEvent.Fatal f -> {
                        settle(ctx, f.reason() == ProtocolError.WRONG_MAGIC ? Failure.WRONG_MAGIC
                                : f.reason() == ProtocolError.BAD_CHECKSUM ? Failure.BAD_CHECKSUM
                                : Failure.PROTOCOL_ERROR, f.reason().description() + ": " + f.detail());
                        return;
                    }
                }
                apply(ctx, out);
                out.clear();
            }
        }

        private void apply(ChannelHandlerContext ctx, List<PeerAction> actions) {
            boolean flush = false;
            for (PeerAction a : actions) {
                if (done.isDone()) return;
                switch (a) {
                    case PeerAction.Send s -> {
                        ctx.write(Unpooled.wrappedBuffer(V1Envelope.encode(magic, s.message())));
                        flush = true;
                    }
                    case PeerAction.Disconnect d -> {
                        if (complete) {
                            settle(ctx, null, null);
                        } else {
                            settle(ctx, d.reason().contains("obsolete version") ? Failure.OBSOLETE_VERSION
                                    : Failure.PROTOCOL_ERROR, d.reason());
                        }
                        return;
                    }
                    case PeerAction.HandshakeComplete h -> {
                        complete = true;
                        latency = (System.nanoTime() - start) / 1e6;
                        if (!collectAddresses) {
                            settle(ctx, null, null);
                            return;
                        }
                        if (timer != null) timer.cancel(false);
                        timer = ctx.executor().schedule(() -> settle(ctx, null, null), addrWait.toNanos(),
                                TimeUnit.NANOSECONDS);
                    }
                    case PeerAction.AddressesReceived r -> {
                        addresses.addAll(r.addresses());
                        // The answer to our getaddr is the first addr message that is more than the node's
                        // announcement of itself (Core sends the first self-announcement alone, before the answer).
                        boolean selfAnnouncement = r.addresses().size() == 1
                                && r.addresses().getFirst().address().equals(endpoint.address());
                        if (complete && !r.addresses().isEmpty() && !selfAnnouncement) {
                            settle(ctx, null, null);
                            return;
                        }
                    }
                    case PeerAction.AddressesProcessed p -> {
                    }
                    case PeerAction.VersionAccepted v -> {
                    }
                    case PeerAction.AddressesRequested q -> {
                    }
                    case PeerAction.Forward f -> {
                    }
                }
            }
            if (flush) ctx.flush();
        }

        void settle(ChannelHandlerContext ctx, Failure failure, String detail) {
            if (done.isDone()) return;
            if (timer != null) timer.cancel(false);
            double ms = failure == null ? latency : (System.nanoTime() - start) / 1e6;
            done.complete(new Result(target, endpoint, failure, detail, version, ms, List.copyOf(features),
                    List.copyOf(addresses)));
            if (ctx != null) ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (complete) {
                settle(ctx, null, null);
            } else {
                settle(ctx, Failure.CLOSED_BY_PEER, version == null ? "closed before version" : "closed after version");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof io.netty.handler.proxy.ProxyConnectException) {
                settle(ctx, Failure.PROXY_FAILED, cause.getMessage());
            } else if (String.valueOf(cause.getMessage()).contains("reset")) {
                settle(ctx, complete ? null : Failure.CLOSED_BY_PEER, "connection reset");
            } else {
                settle(ctx, complete ? null : Failure.CONNECT_FAILED, cause.toString());
            }
        }

        // ---- PeerContext: a tester that offers nothing and relays nothing ------------------------------------
        @Override
        public long localServices() {
            return 0;
        }

        @Override
        public String userAgent() {
            return USER_AGENT;
        }

        @Override
        public int startHeight() {
            return 0;
        }

        @Override
        public boolean relayTransactions() {
            return false;
        }

        @Override
        public long feeFilter() {
            return 0;
        }

        @Override
        public boolean isOwnOutboundNonce(long nonce) {
            return false;
        }

        @Override
        public boolean acceptsLimitedPeers() {
            return true;
        }

        @Override
        public Duration peerTimeout() {
            return timeout;
        }

        @Override
        public long randomNonce() {
            synchronized (random) {
                return random.nextLong();
            }
        }

        @Override
        public boolean isRoutable(io.mooring.wire.netaddress.NetAddress address) {
            return true; // the crawler wants every address, loopback ones in tests included
        }
    }
}
