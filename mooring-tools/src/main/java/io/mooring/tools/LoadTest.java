package io.mooring.tools;

import io.mooring.net.TransportEvent;
import io.mooring.net.V1Transport;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.PingMessage;
import io.mooring.wire.message.PongMessage;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The inbound-connection load generator behind {@code mooring loadtest}: opens {@code peers} TCP connections to one
 * node on loopback, at most {@code concurrency} of them handshaking at a time; each sends {@code version}, answers the
 * node's version with {@code verack}, and counts as done when the node's {@code verack} arrives. The node's pings are
 * answered with pongs, so the connections can then idle for a while without being dropped. Framing and messages are
 * Mooring's own ({@link V1Transport}, {@link V1Envelope}, {@link VersionMessage}); sockets are Netty's (epoll when
 * available). Bounded: every connection has a handshake timeout, the whole run a deadline, the idle phase a length.
 */
public final class LoadTest {
    /** The largest run the tool accepts (a process may hold 20,000 open files here; the kernel gives the rest). */
    public static final int MAX_PEERS = 100_000;
    /** The version we announce: Core's current protocol version. */
    static final int PROTOCOL_VERSION = 70016;
    static final String USER_AGENT = "/mooring-loadtest:0.1.0/";

    /**
     * @param target           the node (loopback only)
     * @param magic            the chain's message start
     * @param peers            connections to open
     * @param concurrency      connections handshaking at once
     * @param idle             how long to keep the connections open after the handshakes (answering pings)
     * @param handshakeTimeout per connection, from the connect call to the node's verack
     * @param deadline         the handshake phase as a whole
     * @param ioThreads        Netty I/O threads
     * @param progress         told (once) when the handshake phase is over and the idle phase starts; may be null
     */
    public record Config(InetSocketAddress target, int magic, int peers, int concurrency, Duration idle,
                         Duration handshakeTimeout, Duration deadline, int ioThreads, Consumer<String> progress) {
        public Config {
            Objects.requireNonNull(target, "target");
            if (target.isUnresolved() || !target.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("loadtest connects to loopback addresses only, not " + target);
            }
            if (peers < 1 || peers > MAX_PEERS) throw new IllegalArgumentException("peers must be 1.." + MAX_PEERS);
            if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
            concurrency = Math.min(concurrency, peers);
            if (idle.isNegative() || idle.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("idle must be 0..3600 seconds");
            }
            if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive");
            }
            if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("deadline must be 1..3600 seconds");
            }
            if (ioThreads < 1 || ioThreads > 64) throw new IllegalArgumentException("io threads must be 1..64");
        }
    }

    /** What a run measured. Latencies are from the connect call to the node's verack. */
    public record Result(int peers, int completed, Map<String, Integer> failures, double wallSeconds,
                         double handshakesPerSecond, double p50Millis, double p99Millis, double maxMillis,
                         boolean epoll, long idleSeconds, int connectedAfterIdle, int closedDuringIdle,
                         long pingsAnswered) {
        public int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }

        public String toJson() {
            StringBuilder f = new StringBuilder("{");
            failures.forEach((k, v) -> f.append(f.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            f.append('}');
            return String.format(java.util.Locale.ROOT,
                    "{\"peers\":%d,\"completed\":%d,\"failed\":%d,\"failures\":%s,\"wall_seconds\":%.3f,"
                            + "\"handshakes_per_second\":%.1f,\"latency_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
                            + "\"transport\":\"%s\",\"idle\":{\"seconds\":%d,\"connected_at_end\":%d,"
                            + "\"closed_during_idle\":%d,\"pings_answered\":%d}}",
                    peers, completed, failed(), f, wallSeconds, handshakesPerSecond, p50Millis, p99Millis, maxMillis,
                    epoll ? "epoll" : "nio", idleSeconds, connectedAfterIdle, closedDuringIdle, pingsAnswered);
        }

        public String toText() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(java.util.Locale.ROOT, "handshakes completed: %d / %d%n", completed, peers));
            s.append("failures: ").append(failures.isEmpty() ? "none" : failures.toString()).append('\n');
            s.append(String.format(java.util.Locale.ROOT, "wall time: %.3f s%n", wallSeconds));
            s.append(String.format(java.util.Locale.ROOT, "handshakes/s: %.0f%n", handshakesPerSecond));
            s.append(String.format(java.util.Locale.ROOT, "handshake latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    p50Millis, p99Millis, maxMillis));
            if (idleSeconds > 0) {
                s.append(String.format(java.util.Locale.ROOT,
                        "idle: %d s, still connected at end: %d, closed during idle: %d, pings answered: %d%n",
                        idleSeconds, connectedAfterIdle, closedDuringIdle, pingsAnswered));
            }
            return s.toString();
        }
    }

    private final Config config;
    private final long[] latencies;
    private final AtomicInteger completed = new AtomicInteger();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Semaphore inFlight;
    private final CountDownLatch finished;
    private final Map<Integer, Channel> open = new ConcurrentHashMap<>();
    private final LongAdder pingsAnswered = new LongAdder();
    private final AtomicInteger closedDuringIdle = new AtomicInteger();
    private final AtomicLong lastHandshakeNanos = new AtomicLong();
    private volatile boolean idling;
    private volatile boolean stopping;

    private LoadTest(Config config) {
        this.config = config;
        this.latencies = new long[config.peers()];
        this.inFlight = new Semaphore(config.concurrency());
        this.finished = new CountDownLatch(config.peers());
    }

    /** Runs the load and returns what it measured. Every connection is closed before this returns. */
    public static Result run(Config config) throws InterruptedException {
        return new LoadTest(config).execute();
    }

    private Result execute() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = epoll
                ? new EpollEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("loadtest-io", true))
                : new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("loadtest-io", true));
        try {
            Bootstrap b = new Bootstrap()
                    .group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                            (int) Math.min(config.handshakeTimeout().toMillis(), 30_000));
            SplittableRandom random = new SplittableRandom();
            long start = System.nanoTime();
            long deadline = start + config.deadline().toNanos();
            int launched = 0;
            for (; launched < config.peers(); launched++) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
                int index = launched;
                long nonce = random.nextLong();
                long connectStart = System.nanoTime();
                ChannelFuture f = b.clone().handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Client(index, nonce, connectStart));
                    }
                }).connect(config.target());
                f.addListener((ChannelFuture cf) -> {
                    if (!cf.isSuccess()) {
                        fail(index, reason(cf.cause()));
                    }
                });
            }
            for (int i = launched; i < config.peers(); i++) {
                fail(i, "not started (deadline)");
            }
            long left = deadline - System.nanoTime();
            boolean all = finished.await(Math.max(0, left), TimeUnit.NANOSECONDS);
            long end = all ? Math.max(lastHandshakeNanos.get(), start) : System.nanoTime();
            if (!all) {
                // Whatever is still handshaking at the deadline is a failure; the counts stay consistent.
                stopping = true;
                int missing = (int) finished.getCount();
                failures.computeIfAbsent("deadline", k -> new AtomicInteger()).addAndGet(missing);
            }
            int done = completed.get();
            double wall = (end - start) / 1e9;
            long[] ok = Arrays.copyOf(latencies, config.peers());
            Arrays.sort(ok);
            long[] lat = Arrays.stream(ok).filter(x -> x > 0).toArray();
            long idleSeconds = config.idle().toSeconds();
            int connectedAtEnd = open.size();
            if (idleSeconds > 0 && !stopping) {
                idling = true;
                if (config.progress() != null) {
                    config.progress().accept(String.format(java.util.Locale.ROOT,
                            "handshakes done: %d of %d completed in %.3f s; idling %d s", done, config.peers(), wall,
                            idleSeconds));
                }
                Thread.sleep(config.idle().toMillis());
                connectedAtEnd = (int) open.values().stream().filter(Channel::isActive).count();
            }
            stopping = true;
            Map<String, Integer> failureCounts = new TreeMap<>();
            failures.forEach((k, v) -> failureCounts.put(k, v.get()));
            return new Result(config.peers(), done, failureCounts, wall, wall > 0 ? done / wall : 0,
                    percentile(lat, 0.50), percentile(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
                    epoll, idleSeconds > 0 ? idleSeconds : 0, connectedAtEnd, closedDuringIdle.get(),
                    pingsAnswered.sum());
        } finally {
            stopping = true;
            List<ChannelFuture> closes = new ArrayList<>();
            for (Channel ch : open.values()) {
                closes.add(ch.close());
            }
            for (ChannelFuture c : closes) {
                c.awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static String reason(Throwable t) {
        if (t instanceof io.netty.channel.ConnectTimeoutException) {
            return "connect timeout";
        }
        if (t instanceof ConnectException) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("refused")) return "connect refused";
            return "connect failed";
        }
        String m = String.valueOf(t.getMessage());
        if (m.contains("Too many open files")) {
            return "too many open files";
        }
        if (m.contains("Connection reset")) {
            // The node closed while our bytes were unread in its buffer: TCP answers with a reset, not a FIN.
            return "connection reset by node";
        }
        return "io error: " + t.getClass().getSimpleName();
    }

    private void fail(int index, String reason) {
        if (stopping) {
            return; // after the deadline: already counted under "deadline"
        }
        failures.computeIfAbsent(reason, k -> new AtomicInteger()).incrementAndGet();
        finish();
    }

    private void finish() {
        inFlight.release();
        finished.countDown();
    }

    private static ByteBuf frame(int magic, Message m) {
        return Unpooled.wrappedBuffer(V1Envelope.encode(magic, m));
    }

    /** One connection: version out, verack after theirs, done at their verack, pong for every ping. */
    private final class Client extends ChannelInboundHandlerAdapter {
        private final int index;
        private final long nonce;
        private final long connectStart;
        private final V1Transport transport = new V1Transport(config.magic());
        private final List<TransportEvent> events = new ArrayList<>(4);
        private boolean versionReceived;
        /** Counted once, as a success or a failure. */
        private boolean settled;
        private boolean handshaked;
        private ScheduledFuture<?> timeout;

        Client(int index, long nonce, long connectStart) {
            this.index = index;
            this.nonce = nonce;
            this.connectStart = connectStart;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            open.put(index, ctx.channel());
            if (stopping) {
                ctx.close();
                return;
            }
            long left = config.handshakeTimeout().toNanos() - (System.nanoTime() - connectStart);
            timeout = ctx.executor().schedule(() -> settleFailure(ctx, "handshake timeout"), Math.max(1, left),
                    TimeUnit.NANOSECONDS);
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            PeerAddress receiver = new PeerAddress(PeerAddress.TIME_INIT, 0,
                    NetAddress.fromInetAddress(remote.getAddress()), remote.getPort());
            PeerAddress sender = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
            VersionMessage version = new VersionMessage(PROTOCOL_VERSION, 0, System.currentTimeMillis() / 1000,
                    receiver, sender, nonce, USER_AGENT, 0, false);
            ctx.writeAndFlush(frame(config.magic(), version));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                int n = buf.readableBytes();
                byte[] bytes = new byte[n];
                buf.readBytes(bytes);
                events.clear();
                transport.receive(bytes, 0, n, events);
            } finally {
                buf.release();
            }
            boolean flush = false;
            for (TransportEvent e : events) {
                switch (e) {
                    case TransportEvent.MessageReceived r -> {
                        switch (r.message()) {
                            case VersionMessage v -> {
                                if (!versionReceived) {
                                    versionReceived = true;
                                    ctx.write(frame(config.magic(), VerackMessage.INSTANCE));
                                    flush = true;
                                }
                            }
                            case VerackMessage v -> {
                                if (versionReceived && !settled && !stopping) {
                                    settled = true;
                                    handshaked = true;
                                    long now = System.nanoTime();
                                    latencies[index] = Math.max(1, now - connectStart);
                                    lastHandshakeNanos.accumulateAndGet(now, Math::max);
                                    if (timeout != null) timeout.cancel(false);
                                    completed.incrementAndGet();
                                    finish();
                                }
                            }
                            case PingMessage p -> {
                                ctx.write(frame(config.magic(), new PongMessage(p.nonce())));
                                pingsAnswered.increment();
                                flush = true;
                            }
                            default -> {
                                // wtxidrelay, sendaddrv2, sendcmpct, sendheaders, feefilter, ...: nothing to do.
                            }
                        }
                    }
                    case TransportEvent.MessageDropped d -> {
                        // A message we could not decode: not our concern for a load test.
                    }
                    case TransportEvent.Fatal f -> {
                        settleFailure(ctx, "protocol error: " + f.reason());
                        return;
                    }
                }
            }
            if (flush) {
                ctx.flush();
            }
        }

        private void settleFailure(ChannelHandlerContext ctx, String reason) {
            if (!settled) {
                settled = true;
                if (timeout != null) timeout.cancel(false);
                fail(index, reason);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.remove(index);
            if (!settled) {
                settleFailure(ctx, versionReceived ? "closed by node after its version" : "closed by node before version");
            } else if (handshaked && idling && !stopping) {
                closedDuringIdle.incrementAndGet();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            settleFailure(ctx, reason(cause));
        }
    }
}
