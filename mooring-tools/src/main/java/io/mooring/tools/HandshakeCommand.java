package io.mooring.tools;

import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.ServiceFlags;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mooring handshake}: resolves DNS seeds (A and AAAA) and handshakes with every address, or with the given
 * addresses, through {@link HandshakeProbe}. Logs go to stderr as {@code [timestamp LEVEL mooring] addr: ...}; with
 * {@code --json} stdout holds one JSON object per peer and then a summary object.
 */
@Command(name = "handshake", mixinStandardHelpOptions = true,
        description = "Resolve DNS seeds and handshake with every address (or with the given addresses).")
public final class HandshakeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "<DNS_SEED|HOST[:PORT]>", description = "DNS seed names or addresses.")
    List<String> targets;

    @Option(names = {"-p", "--port"}, paramLabel = "<PORT>",
            description = "TCP port when none is given [default: the chain's port]")
    Integer port;

    @Option(names = {"-t", "--timeout"}, defaultValue = "10", paramLabel = "<SECONDS>",
            description = "handshake timeout per peer [default: ${DEFAULT-VALUE}]")
    int timeoutSeconds;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "64", paramLabel = "<N>",
            description = "handshakes in flight [default: ${DEFAULT-VALUE}]")
    int concurrency;

    @Option(names = "--chain", defaultValue = "main", paramLabel = "<NAME>",
            description = "main, test, testnet4, signet, regtest, or a chain file")
    String chain;

    @Option(names = "--proxy", paramLabel = "<HOST:PORT>", description = "SOCKS5 proxy (Tor) for .onion and other addresses")
    String proxy;

    @Option(names = "--dns-server", paramLabel = "<IP[:PORT]>",
            description = "Ask this DNS server instead of the system's (for testing).")
    String dnsServer;

    @Option(names = "--json", description = "one JSON object per peer, then a summary object (stdout holds only JSON; logs go to stderr)")
    boolean json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HandshakeCommand()).execute(args));
    }

    /** Resolves a --chain value: a built-in name or a chain file. */
    static ChainParams chainParams(String chain) throws Exception {
        try {
            return ChainParamsLoader.builtIn(chain);
        } catch (IllegalArgumentException e) {
            Path p = Path.of(chain);
            if (Files.isRegularFile(p)) return ChainParamsLoader.load(p);
            throw e;
        }
    }

    static InetSocketAddress proxyAddress(String proxy) {
        if (proxy == null) return null;
        NetEndpoint e = NetEndpoint.parse(proxy, 9050);
        return new InetSocketAddress(e.address().toInetAddress(), e.port());
    }

    /** Netty logs through SLF4J; what these tools report is their own log. */
    static void quietLogging() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** Stderr logging in the seed tool's style. */
    static void log(PrintWriter err, String level, String message) {
        synchronized (err) {
            err.println("[" + Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + " mooring] " + message);
            err.flush();
        }
    }

    @Override
    public Integer call() throws Exception {
        quietLogging();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ChainParams params;
        InetSocketAddress proxyAddr;
        SeedResolver resolver;
        try {
            if (timeoutSeconds < 1) throw new IllegalArgumentException("--timeout must be >= 1");
            if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be >= 1");
            if (port != null && (port < 1 || port > 65535)) throw new IllegalArgumentException("--port must be 1..65535");
            params = chainParams(chain);
            proxyAddr = proxyAddress(proxy);
            resolver = new SeedResolver(dnsServer, Duration.ofSeconds(Math.min(timeoutSeconds, 10)));
        } catch (Exception e) {
            err.println("handshake: " + e.getMessage());
            err.flush();
            return 2;
        }
        int defaultPort = port != null ? port : params.defaultPort();
        long start = System.nanoTime();
        List<HandshakeProbe.Result> results = new ArrayList<>();
        List<CompletableFuture<HandshakeProbe.Result>> pending = new ArrayList<>();
        Semaphore inFlight = new Semaphore(concurrency);
        try (HandshakeProbe probe = new HandshakeProbe(params.magic(), Duration.ofSeconds(timeoutSeconds), proxyAddr)) {
            for (String target : targets) {
                List<NetEndpoint> endpoints = new ArrayList<>();
                NetEndpoint literal = literal(target, defaultPort);
                if (literal != null) {
                    endpoints.add(literal);
                } else if (proxyAddr != null && hostPart(target).toLowerCase(Locale.ROOT).endsWith(".onion")) {
                    log(err, "ERROR", target + ": cannot parse onion address");
                    results.add(report(out, err, HandshakeProbe.dnsFailure(target, "invalid onion address")));
                    continue;
                } else {
                    SeedResolver.Answer a = resolver.resolve(hostPart(target));
                    if (a.error() != null) {
                        results.add(report(out, err, HandshakeProbe.dnsFailure(target, a.error())));
                        continue;
                    }
                    int p = portPart(target, defaultPort);
                    log(err, "INFO", target + ": resolved " + a.addresses().size() + " addresses");
                    for (NetAddress addr : a.addresses()) endpoints.add(new NetEndpoint(addr, p));
                }
                for (NetEndpoint e : endpoints) {
                    inFlight.acquire();
                    CompletableFuture<HandshakeProbe.Result> f = probe.probe(target, e, false, Duration.ZERO);
                    pending.add(f.whenComplete((r, t) -> inFlight.release()));
                }
            }
            for (CompletableFuture<HandshakeProbe.Result> f : pending) {
                results.add(report(out, err, f.join()));
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long ok = results.stream().filter(HandshakeProbe.Result::ok).count();
        long failed = results.size() - ok;
        Map<String, Integer> reasons = new TreeMap<>();
        for (HandshakeProbe.Result r : results) {
            if (!r.ok()) reasons.merge(r.failure().label, 1, Integer::sum);
        }
        String finished = String.format(Locale.ROOT, "Finished! Handshake results: %d OK | %d FAILED in %.3f s", ok,
                failed, elapsed);
        log(err, "INFO", finished);
        if (json) {
            StringBuilder s = new StringBuilder("{\"summary\":true,\"ok\":").append(ok).append(",\"failed\":").append(failed)
                    .append(String.format(Locale.ROOT, ",\"elapsed_seconds\":%.3f", elapsed)).append(",\"failures\":{");
            boolean first = true;
            for (Map.Entry<String, Integer> e : reasons.entrySet()) {
                if (!first) s.append(',');
                first = false;
                s.append(Json.str(e.getKey())).append(':').append(e.getValue());
            }
            out.println(s.append("}}"));
        } else {
            out.println(finished);
            reasons.forEach((k, v) -> out.println("  " + k + ": " + v));
        }
        out.flush();
        return ok > 0 ? 0 : 1;
    }

    /** A numeric address (with or without a port), or null when {@code target} is a host name to resolve. */
    static NetEndpoint literal(String target, int defaultPort) {
        try {
            return NetEndpoint.parse(target, defaultPort);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String hostPart(String target) {
        int c = target.lastIndexOf(':');
        return c > 0 && target.indexOf(':') == c ? target.substring(0, c) : target;
    }

    static int portPart(String target, int defaultPort) {
        int c = target.lastIndexOf(':');
        if (c > 0 && target.indexOf(':') == c) {
            int p = Integer.parseInt(target.substring(c + 1));
            if (p < 1 || p > 65535) throw new IllegalArgumentException("bad port in " + target);
            return p;
        }
        return defaultPort;
    }

    private HandshakeProbe.Result report(PrintWriter out, PrintWriter err, HandshakeProbe.Result r) {
        String addr = r.endpoint() == null ? r.target() : r.endpoint().toString();
        VersionMessage v = r.version();
        if (r.ok()) {
            log(err, "INFO", String.format(Locale.ROOT,
                    "%s: handshake OK: version %d, user agent %s, services [%s], height %d, relay %s, latency %.1f ms, features %s",
                    addr, v.version(), v.userAgent(), String.join(" ", ServiceFlags.names(v.services())),
                    v.startHeight(), v.relay(), r.latencyMillis(), r.features()));
        } else {
            log(err, "ERROR", addr + ": handshake FAILED: " + r.failure().label
                    + (r.detail() == null ? "" : " (" + r.detail() + ")"));
        }
        if (json) {
            out.println(toJson(r));
            out.flush();
        }
        return r;
    }

    static String toJson(HandshakeProbe.Result r) {
        StringBuilder s = new StringBuilder("{");
        s.append("\"target\":").append(Json.str(r.target()));
        s.append(",\"address\":").append(r.endpoint() == null ? "null" : Json.str(r.endpoint().toString()));
        s.append(",\"network\":").append(r.endpoint() == null ? "null"
                : Json.str(r.endpoint().address().network().rpcName()));
        s.append(",\"result\":").append(Json.str(r.ok() ? "OK" : "FAILED"));
        s.append(",\"reason\":").append(r.ok() ? "null" : Json.str(r.failure().label));
        s.append(",\"detail\":").append(r.detail() == null || r.ok() ? "null" : Json.str(r.detail()));
        VersionMessage v = r.version();
        if (v != null) {
            s.append(",\"version\":").append(v.version());
            s.append(",\"user_agent\":").append(Json.str(v.userAgent()));
            s.append(",\"services\":").append(Json.strings(ServiceFlags.names(v.services())));
            s.append(",\"start_height\":").append(v.startHeight());
            s.append(",\"relay\":").append(v.relay());
        }
        s.append(String.format(Locale.ROOT, ",\"latency_ms\":%.3f", r.latencyMillis()));
        s.append(",\"features\":").append(Json.strings(r.features()));
        return s.append('}').toString();
    }
}
