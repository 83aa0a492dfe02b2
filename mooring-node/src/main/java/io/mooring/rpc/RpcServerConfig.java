package io.mooring.rpc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RPC server settings, named after Core's options.
 *
 * @param bind           endpoints to listen on (Core without -rpcbind: ::1 and 127.0.0.1 on -rpcport); port 0 picks
 *                       a free port per endpoint
 * @param threads        {@code -rpcthreads}: requests handled at once
 * @param workQueue      {@code -rpcworkqueue}: requests waiting beyond those; more get 503 "Work queue depth exceeded"
 * @param serverTimeout  {@code -rpcservertimeout}: idle connections are closed after this
 * @param cookieFile     where the auth cookie goes ({@code <chain datadir>/.cookie}); null for no cookie
 * @param cookiePerms    {@code -rpccookieperms}
 * @param rpcUser        {@code -rpcuser}
 * @param rpcPassword    {@code -rpcpassword}; empty means cookie authentication
 * @param rpcAuth        {@code -rpcauth} entries ({@code user:salt$hmac})
 * @param allowIps       {@code -rpcallowip} subnets (address, address/bits or address/netmask) besides the always
 *                       allowed 127.0.0.0/8 and ::1
 * @param unauthorizedDelay the brute-force deterrent before a 401 for bad credentials (Core: 250 ms)
 */
public record RpcServerConfig(
        List<InetSocketAddress> bind,
        int threads,
        int workQueue,
        Duration serverTimeout,
        Path cookieFile,
        RpcAuth.CookiePerms cookiePerms,
        String rpcUser,
        String rpcPassword,
        List<String> rpcAuth,
        List<String> allowIps,
        Duration unauthorizedDelay) {

    /** Core's DEFAULT_HTTP_THREADS (before v29 raised it to 16). */
    public static final int DEFAULT_THREADS = 4;
    /** Core's DEFAULT_HTTP_WORKQUEUE (before v29 raised it to 64). */
    public static final int DEFAULT_WORK_QUEUE = 16;
    /** Core's DEFAULT_HTTP_SERVER_TIMEOUT, seconds. */
    public static final Duration DEFAULT_SERVER_TIMEOUT = Duration.ofSeconds(30);
    /** The sleep in Core's HTTPReq_JSONRPC before answering bad credentials. */
    public static final Duration UNAUTHORIZED_DELAY = Duration.ofMillis(250);

    public RpcServerConfig {
        bind = List.copyOf(bind);
        if (bind.isEmpty()) throw new IllegalArgumentException("no RPC bind endpoint");
        // Core: std::max(arg, 1)
        threads = Math.max(threads, 1);
        workQueue = Math.max(workQueue, 1);
        Objects.requireNonNull(serverTimeout, "serverTimeout");
        cookiePerms = cookiePerms == null ? RpcAuth.CookiePerms.OWNER : cookiePerms;
        rpcUser = rpcUser == null ? "" : rpcUser;
        rpcPassword = rpcPassword == null ? "" : rpcPassword;
        rpcAuth = List.copyOf(rpcAuth);
        allowIps = List.copyOf(allowIps);
        unauthorizedDelay = unauthorizedDelay == null ? UNAUTHORIZED_DELAY : unauthorizedDelay;
    }

    /** Core's default endpoints on {@code port}: ::1 and 127.0.0.1. */
    public static List<InetSocketAddress> loopback(int port) {
        List<InetSocketAddress> list = new ArrayList<>();
        try {
            list.add(new InetSocketAddress(InetAddress.getByName("::1"), port));
            list.add(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return list;
    }

    /** Defaults with cookie authentication in {@code dataDir}, listening on Core's loopback endpoints. */
    public static RpcServerConfig withCookie(List<InetSocketAddress> bind, Path dataDir) {
        return new RpcServerConfig(bind, DEFAULT_THREADS, DEFAULT_WORK_QUEUE, DEFAULT_SERVER_TIMEOUT,
                dataDir.resolve(RpcAuth.COOKIE_FILE), RpcAuth.CookiePerms.OWNER, "", "", List.of(), List.of(),
                UNAUTHORIZED_DELAY);
    }

    /** Defaults with cookie authentication, the cookie at {@code cookieFile} (null: no cookie, -norpccookiefile). */
    public static RpcServerConfig withCookieFile(List<InetSocketAddress> bind, Path cookieFile) {
        return new RpcServerConfig(bind, DEFAULT_THREADS, DEFAULT_WORK_QUEUE, DEFAULT_SERVER_TIMEOUT, cookieFile,
                RpcAuth.CookiePerms.OWNER, "", "", List.of(), List.of(), UNAUTHORIZED_DELAY);
    }

    /** Defaults with {@code -rpcuser}/{@code -rpcpassword} and no cookie. */
    public static RpcServerConfig withPassword(List<InetSocketAddress> bind, String user, String password) {
        return new RpcServerConfig(bind, DEFAULT_THREADS, DEFAULT_WORK_QUEUE, DEFAULT_SERVER_TIMEOUT, null,
                RpcAuth.CookiePerms.OWNER, user, password, List.of(), List.of(), UNAUTHORIZED_DELAY);
    }

    public RpcServerConfig withThreads(int threads, int workQueue) {
        return new RpcServerConfig(bind, threads, workQueue, serverTimeout, cookieFile, cookiePerms, rpcUser,
                rpcPassword, rpcAuth, allowIps, unauthorizedDelay);
    }

    public RpcServerConfig withRpcAuth(List<String> rpcAuth) {
        return new RpcServerConfig(bind, threads, workQueue, serverTimeout, cookieFile, cookiePerms, rpcUser,
                rpcPassword, rpcAuth, allowIps, unauthorizedDelay);
    }

    public RpcServerConfig withAllowIps(List<String> allowIps) {
        return new RpcServerConfig(bind, threads, workQueue, serverTimeout, cookieFile, cookiePerms, rpcUser,
                rpcPassword, rpcAuth, allowIps, unauthorizedDelay);
    }

    public RpcServerConfig withServerTimeout(Duration timeout) {
        return new RpcServerConfig(bind, threads, workQueue, timeout, cookieFile, cookiePerms, rpcUser,
                rpcPassword, rpcAuth, allowIps, unauthorizedDelay);
    }
}
