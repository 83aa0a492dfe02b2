package io.mooring.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The JSON-RPC HTTP server: Core's src/httpserver.cpp and src/httprpc.cpp on Netty (epoll when available, else NIO).
 *
 * <p>Netty's event loop only frames HTTP and routes; everything else runs on {@code threads} RPC worker threads with
 * at most {@code workQueue} requests waiting (Core's {@code -rpcthreads}/{@code -rpcworkqueue}); a request beyond
 * that gets 503 "Work queue depth exceeded". A request keeps its slot until its reply is written, also while an
 * asynchronous method runs on the node thread, as a Core worker stays busy during a call. Limits as Core's libevent
 * set-up: request line and headers 8192 bytes each (400), body {@value #MAX_BODY_SIZE} bytes (413). HTTP/1.1
 * keep-alive unless the client asks to close; idle connections close after {@code -rpcservertimeout}.
 *
 * <p>Routing as Core: a client outside 127.0.0.0/8, ::1 and {@code -rpcallowip} gets 403; methods other than GET,
 * POST, HEAD and PUT get 405; only the exact path {@code /} is served ({@code /wallet/...} is 404, as in a node
 * built without wallet); a non-POST to {@code /} gets 405 "JSONRPC server handles only POST requests"; no
 * {@code Authorization} gets 401 at once; bad credentials get 401 after 250 ms, scheduled on the event loop, never
 * slept.
 */
public final class RpcServer implements AutoCloseable {
    /** Core's MAX_SIZE, the libevent body limit. */
    public static final int MAX_BODY_SIZE = 0x02000000;
    /** Core's MAX_HEADERS_SIZE. */
    public static final int MAX_HEADERS_SIZE = 8192;
    static final String WWW_AUTHENTICATE = "Basic realm=\"jsonrpc\"";
    private static final String PLAIN_CONTENT_TYPE = "text/html; charset=ISO-8859-1";

    private final RpcServerConfig config;
    private final RpcMethods methods;
    private final JsonRpcDispatcher dispatcher;
    private final List<RpcSubnet> allowed = new ArrayList<>();
    private final WorkQueue workQueue;
    private final ExecutorService workers;
    private final SecureRandom random;
    private final ChannelGroup channels = new DefaultChannelGroup("mooring-rpc", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private EventLoopGroup group;
    private RpcAuth auth;
    private volatile boolean stopping;
    private boolean started;

    /**
     * @param clock        the clock {@code uptime} reads; uptime counts from construction
     * @param shutdownHook called by the {@code stop} method; must return quickly (request the shutdown)
     */
    public RpcServer(RpcServerConfig config, Clock clock, Runnable shutdownHook) {
        this(config, new RpcMethods(), clock, clock.instant(), shutdownHook, new SecureRandom());
    }

    /**
     * @param methods   the table to serve; the built-in methods are added to it
     * @param startTime when the node started, for {@code uptime}
     */
    public RpcServer(RpcServerConfig config, RpcMethods methods, Clock clock, Instant startTime,
            Runnable shutdownHook, SecureRandom random) {
        this.config = Objects.requireNonNull(config, "config");
        this.methods = Objects.requireNonNull(methods, "methods");
        this.random = Objects.requireNonNull(random, "random");
        Objects.requireNonNull(shutdownHook, "shutdownHook");
        BuiltinMethods.registerAll(methods, clock, startTime, shutdownHook);
        this.dispatcher = new JsonRpcDispatcher(methods);
        allowed.add(RpcSubnet.LOCAL_V4);
        allowed.add(RpcSubnet.LOCAL_V6);
        for (String s : config.allowIps()) allowed.add(RpcSubnet.parse(s));
        this.workQueue = new WorkQueue(config.threads(), config.workQueue());
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "mooring-rpc-worker-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newFixedThreadPool(config.threads(), tf);
    }

    /** The method table; register node methods here (before or after start). */
    public RpcMethods methods() {
        return methods;
    }

    /**
     * Binds every endpoint that can be bound (Core logs and skips the others), then sets up authentication (writes
     * the cookie).
     *
     * @throws IOException when no endpoint could be bound ("Unable to bind any endpoint for RPC server"), or the
     *                     cookie cannot be written
     */
    public synchronized void start() throws IOException {
        if (started) throw new IllegalStateException("already started");
        started = true;
        boolean epoll = Epoll.isAvailable();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "mooring-rpc-http");
            t.setDaemon(true);
            return t;
        };
        group = epoll ? new EpollEventLoopGroup(1, tf) : new NioEventLoopGroup(1, tf);
        Class<? extends ServerSocketChannel> channelClass =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        long idle = config.serverTimeout().toMillis();
                        if (idle > 0) ch.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast(new HttpServerCodec(MAX_HEADERS_SIZE, MAX_HEADERS_SIZE, 8192));
                        ch.pipeline().addLast(new BodyLimit());
                        ch.pipeline().addLast(new Handler());
                    }
                });
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress endpoint : config.bind()) {
            try {
                listeners.add(b.bind(endpoint).syncUninterruptibly().channel());
            } catch (Exception e) {
                failures.add("Binding RPC on address " + endpoint + " failed: " + e.getMessage());
            }
        }
        if (listeners.isEmpty()) {
            shutdownGroups();
            throw new BindException("Unable to bind any endpoint for RPC server: " + String.join("; ", failures));
        }
        try {
            auth = RpcAuth.create(config.cookieFile(), config.cookiePerms(), config.rpcUser(), config.rpcPassword(),
                    config.rpcAuth(), random);
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** The addresses actually bound (with the chosen ports when 0 was asked). */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : listeners) out.add((InetSocketAddress) c.localAddress());
        return out;
    }

    /** The bound ports, in the order of {@link #boundAddresses()}. */
    public List<Integer> boundPorts() {
        return boundAddresses().stream().map(InetSocketAddress::getPort).toList();
    }

    /** The cookie file written at start, if cookie authentication is on. */
    public Optional<java.nio.file.Path> cookieFile() {
        return auth == null ? Optional.empty() : auth.cookieFile();
    }

    /**
     * Core's Interrupt/StopHTTPServer and StopRPC: new requests get 503, listeners close, requests being handled
     * get up to 2 s to finish (so the reply to {@code stop} still goes out), then connections close and the cookie
     * is deleted. Safe to call from any thread, more than once.
     */
    public void stop() {
        synchronized (this) {
            if (stopping) return;
            stopping = true;
        }
        boolean onOwnThread = group != null && group.next().inEventLoop()
                || Thread.currentThread().getName().startsWith("mooring-rpc-worker-");
        Runnable finish = () -> {
            for (Channel c : listeners) c.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            workQueue.awaitIdle(2000);
            channels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            workers.shutdownNow();
            if (auth != null) auth.deleteCookie();
            shutdownGroups();
        };
        if (onOwnThread) {
            Thread t = new Thread(finish, "mooring-rpc-stop");
            t.setDaemon(true);
            t.start();
        } else {
            finish.run();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void shutdownGroups() {
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /**
     * Core's WorkQueue: {@code threads} requests in progress, {@code depth} waiting; a slot is freed when the reply
     * has been written.
     */
    private final class WorkQueue {
        private final int threads;
        private final int depth;
        private final ArrayDeque<Supplier<CompletableFuture<Void>>> waiting = new ArrayDeque<>();
        private int active;

        WorkQueue(int threads, int depth) {
            this.threads = threads;
            this.depth = depth;
        }

        boolean submit(Supplier<CompletableFuture<Void>> task) {
            synchronized (this) {
                if (active >= threads) {
                    if (waiting.size() >= depth) return false;
                    waiting.add(task);
                    return true;
                }
                active++;
            }
            run(task);
            return true;
        }

        private void run(Supplier<CompletableFuture<Void>> task) {
            try {
                workers.execute(() -> {
                    CompletableFuture<Void> done;
                    try {
                        done = task.get();
                    } catch (RuntimeException e) {
                        done = CompletableFuture.completedFuture(null);
                    }
                    done.whenComplete((v, e) -> finished());
                });
            } catch (RuntimeException rejected) {
                finished();
            }
        }

        private void finished() {
            Supplier<CompletableFuture<Void>> next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    active--;
                    notifyAll();
                    return;
                }
            }
            run(next);
        }

        synchronized void awaitIdle(long millis) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (active > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) return;
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * libevent's max body size: 413 with "Connection: close"; like libevent's lingering close, the rest of the body
     * is read and dropped before the connection closes, so the client sees the reply.
     */
    private static final class BodyLimit extends HttpObjectAggregator {
        private boolean closeAfterBody;

        BodyLimit() {
            super(MAX_BODY_SIZE);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.EMPTY_BUFFER);
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            closeAfterBody = true;
            ctx.writeAndFlush(r);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (closeAfterBody) {
                boolean last = msg instanceof LastHttpContent;
                io.netty.util.ReferenceCountUtil.release(msg);
                if (last) ctx.close();
                return;
            }
            super.channelRead(ctx, msg);
        }
    }

    /** One connection: requests are answered one at a time, in order. */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final ArrayDeque<FullHttpRequest> pending = new ArrayDeque<>();
        private boolean busy;

        Handler() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            pending.add(req);
            if (!busy) next(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent && !busy) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            FullHttpRequest r;
            while ((r = pending.poll()) != null) r.release();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void next(ChannelHandlerContext ctx) {
            FullHttpRequest req = pending.poll();
            if (req == null) {
                busy = false;
                return;
            }
            busy = true;
            CompletableFuture<Void> done;
            try {
                done = handle(ctx, req);
            } catch (RuntimeException e) {
                done = reply(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, null, null, false);
            }
            done.whenComplete((v, e) -> ctx.executor().execute(() -> {
                req.release();
                if (ctx.channel().isActive()) {
                    next(ctx);
                } else {
                    busy = false;
                }
            }));
        }

        /** Core's http_request_cb: checks on the event loop, then the work queue. */
        private CompletableFuture<Void> handle(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!req.decoderResult().isSuccess()) {
                return reply(ctx, req, HttpResponseStatus.BAD_REQUEST, null, null, true);
            }
            if (stopping) {
                return reply(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, null, null, true);
            }
            InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
            if (allowed.stream().noneMatch(s -> s.matches(peer.getAddress()))) {
                return reply(ctx, req, HttpResponseStatus.FORBIDDEN, null, null, false);
            }
            HttpMethod method = req.method();
            if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.POST) && !method.equals(HttpMethod.HEAD)
                    && !method.equals(HttpMethod.PUT)) {
                return reply(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, null, null, false);
            }
            if (!req.uri().equals("/")) {
                return reply(ctx, req, HttpResponseStatus.NOT_FOUND, null, null, false);
            }
            byte[] body = ByteBufUtil.getBytes(req.content());
            String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
            String uri = req.uri();
            CompletableFuture<Void> done = new CompletableFuture<>();
            boolean queued = workQueue.submit(() -> {
                CompletableFuture<Void> r = serveJsonRpc(ctx, req, method, authorization, body, peer, uri);
                r.whenComplete((v, e) -> done.complete(null));
                return r;
            });
            if (!queued) {
                return reply(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, PLAIN_CONTENT_TYPE,
                        "Work queue depth exceeded", false);
            }
            return done;
        }

        /** Core's HTTPReq_JSONRPC, on an RPC worker thread. */
        private CompletableFuture<Void> serveJsonRpc(ChannelHandlerContext ctx, FullHttpRequest req, HttpMethod method,
                String authorization, byte[] body, InetSocketAddress peer, String uri) {
            if (!method.equals(HttpMethod.POST)) {
                return reply(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, PLAIN_CONTENT_TYPE,
                        "JSONRPC server handles only POST requests", false);
            }
            if (authorization == null) {
                return unauthorized(ctx, req);
            }
            Optional<String> user = auth == null ? Optional.empty() : auth.authorize(authorization);
            if (user.isEmpty()) {
                // Deter brute-forcing: Core sleeps 250 ms in the worker; we schedule the reply instead.
                CompletableFuture<Void> done = new CompletableFuture<>();
                ctx.executor().schedule(() -> {
                    unauthorized(ctx, req).whenComplete((v, e) -> done.complete(null));
                }, config.unauthorizedDelay().toMillis(), TimeUnit.MILLISECONDS);
                return done;
            }
            return dispatcher.handle(body, user.get(), peer, uri, workers)
                    .thenCompose(r -> r.body() == null
                            ? reply(ctx, req, HttpResponseStatus.NO_CONTENT, null, null, false)
                            : reply(ctx, req, HttpResponseStatus.valueOf(r.status()), "application/json", r.body(),
                                    false))
                    .exceptionallyCompose(e -> reply(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, null, null,
                            false));
        }

        private CompletableFuture<Void> unauthorized(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse r = response(req, HttpResponseStatus.UNAUTHORIZED, null, null);
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, WWW_AUTHENTICATE);
            return write(ctx, req, r, false);
        }

        private CompletableFuture<Void> reply(ChannelHandlerContext ctx, FullHttpRequest req,
                HttpResponseStatus status, String contentType, String body, boolean close) {
            return write(ctx, req, response(req, status, contentType, body), close);
        }

        private FullHttpResponse response(FullHttpRequest req, HttpResponseStatus status, String contentType,
                String body) {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(bytes));
            if (contentType != null) r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            if (status.code() != 204) r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            return r;
        }

        private CompletableFuture<Void> write(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse r,
                boolean close) {
            boolean keepAlive = !close && !stopping && HttpUtil.isKeepAlive(req);
            if (keepAlive) {
                if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
            } else {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            ChannelFuture f = ctx.writeAndFlush(r);
            f.addListener(x -> done.complete(null));
            if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
            return done;
        }
    }
}
