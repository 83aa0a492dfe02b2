package io.mooring.tools;

import io.mooring.chain.ChainParams;
import io.mooring.netgroup.Asmap;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.ServiceFlags;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mooring crawl}: walks the network from DNS seeds, the chain's fixed seeds or given addresses through
 * {@link Crawler}, writing every reachable node as it is found (JSON lines or CSV), then a summary.
 */
@Command(name = "crawl", mixinStandardHelpOptions = true,
        description = "Crawl the network: handshake, getaddr, follow new addresses; write the reachable nodes.")
public final class CrawlCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "<DNS_SEED|HOST[:PORT]>",
            description = "Where to start [default: the chain's DNS seeds, then its fixed seeds].")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-p", "--port"}, paramLabel = "<PORT>", description = "TCP port when none is given [default: the chain's port]")
    Integer port;

    @Option(names = {"-t", "--timeout"}, defaultValue = "10", paramLabel = "<SECONDS>",
            description = "handshake timeout per peer [default: ${DEFAULT-VALUE}]")
    int timeoutSeconds;

    @Option(names = "--addr-wait", defaultValue = "5", paramLabel = "<SECONDS>",
            description = "how long to wait for the getaddr answer after the handshake [default: ${DEFAULT-VALUE}]")
    int addrWaitSeconds;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "64", paramLabel = "<N>",
            description = "peers probed at once [default: ${DEFAULT-VALUE}]")
    int concurrency;

    @Option(names = "--max-time", defaultValue = "600", paramLabel = "<SECONDS>",
            description = "total time budget [default: ${DEFAULT-VALUE}]")
    int maxTimeSeconds;

    @Option(names = "--max-peers", defaultValue = "100000", paramLabel = "<N>",
            description = "addresses tried at most [default: ${DEFAULT-VALUE}]")
    int maxPeers;

    @Option(names = "--retries", defaultValue = "1", paramLabel = "<N>",
            description = "tries again after a timeout, a close by the peer or a connect/proxy failure, up to N times "
                    + "[default: ${DEFAULT-VALUE}]")
    int retries;

    @Option(names = "--retry-delay", defaultValue = "5", paramLabel = "<SECONDS>",
            description = "wait before a retry [default: ${DEFAULT-VALUE}]")
    int retryDelaySeconds;

    @Option(names = "--addr-rounds", defaultValue = "1", paramLabel = "<N>",
            description = "asks each reachable node for addresses on up to N connections, stopping when an answer "
                    + "repeats the previous one (Core caches its answer for a day unless the crawler has the addr "
                    + "permission) [default: ${DEFAULT-VALUE}]")
    int addrRounds;

    @Option(names = "--chain", defaultValue = "main", paramLabel = "<NAME>",
            description = "main, test, testnet4, signet, regtest, or a chain file")
    String chain;

    @Option(names = "--proxy", paramLabel = "<HOST:PORT>", description = "SOCKS5 proxy (Tor)")
    String proxy;

    @Option(names = "--dns-server", paramLabel = "<IP[:PORT]>", description = "Ask this DNS server (for testing).")
    String dnsServer;

    @Option(names = "--asmap", paramLabel = "<FILE>", description = "attribute nodes to AS numbers with this asmap")
    Path asmapFile;

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "<jsonl|csv>",
            description = "output format [default: ${DEFAULT-VALUE}]")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "<FILE>", description = "write nodes here instead of stdout")
    Path output;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CrawlCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        HandshakeCommand.quietLogging();
        PrintWriter err = spec.commandLine().getErr();
        ChainParams params;
        Asmap asmap = null;
        InetSocketAddress proxyAddr;
        SeedResolver resolver;
        try {
            if (!format.equals("jsonl") && !format.equals("csv")) throw new IllegalArgumentException("--format: jsonl or csv");
            if (timeoutSeconds < 1 || addrWaitSeconds < 0 || concurrency < 1 || maxPeers < 1 || maxTimeSeconds < 1
                    || retries < 0 || retryDelaySeconds < 0 || addrRounds < 1) {
                throw new IllegalArgumentException("timeouts, budgets, concurrency and address rounds must be positive");
            }
            params = HandshakeCommand.chainParams(chain);
            if (asmapFile != null) asmap = Asmap.load(asmapFile);
            proxyAddr = HandshakeCommand.proxyAddress(proxy);
            resolver = new SeedResolver(dnsServer, Duration.ofSeconds(Math.min(timeoutSeconds, 10)));
        } catch (Exception e) {
            err.println("crawl: " + e.getMessage());
            err.flush();
            return 2;
        }
        int defaultPort = port != null ? port : params.defaultPort();
        List<NetEndpoint> seeds = new ArrayList<>();
        List<String> starts = targets.isEmpty() ? params.dnsSeeds() : targets;
        for (String t : starts) {
            NetEndpoint literal = HandshakeCommand.literal(t, defaultPort);
            if (literal != null) {
                seeds.add(literal);
                continue;
            }
            SeedResolver.Answer a = resolver.resolve(HandshakeCommand.hostPart(t));
            if (a.error() != null) {
                HandshakeCommand.log(err, "WARN", t + ": DNS failure (" + a.error() + ")");
            }
            int p = HandshakeCommand.portPart(t, defaultPort);
            for (NetAddress addr : a.addresses()) seeds.add(new NetEndpoint(addr, p));
        }
        if (seeds.isEmpty() && targets.isEmpty()) seeds.addAll(params.fixedSeeds());
        if (seeds.isEmpty()) {
            HandshakeCommand.log(err, "ERROR", "no address to start from");
            return 1;
        }
        HandshakeCommand.log(err, "INFO", "crawling from " + seeds.size() + " addresses");
        boolean terminal = System.console() != null;
        Summary summary = new Summary();
        Asmap map = asmap;
        BufferedWriter file = output == null ? null : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
        PrintWriter out = file == null ? spec.commandLine().getOut() : new PrintWriter(file);
        Crawler.Outcome outcome;
        try (HandshakeProbe probe = new HandshakeProbe(params.magic(), Duration.ofSeconds(timeoutSeconds), proxyAddr)) {
            if (format.equals("csv")) {
                out.println("address,network,version,user_agent,services,height,latency_ms,asn,first_seen,last_seen");
                out.flush();
            }
            Crawler crawler = new Crawler(probe, new Crawler.Options(concurrency, maxPeers,
                    Duration.ofSeconds(maxTimeSeconds), Duration.ofSeconds(addrWaitSeconds), retries,
                    Duration.ofSeconds(retryDelaySeconds), addrRounds));
            outcome = crawler.run(Crawler.distinct(seeds), r -> {
                long asn = map == null ? 0 : map.lookup(r.result().endpoint().address());
                summary.add(r, asn);
                out.println(format.equals("csv") ? csv(r, asn) : json(r, asn));
                out.flush(); // progressively: an interrupted crawl keeps what it found
            }, terminal ? (tried, reachable, known, inFlight) -> {
                synchronized (err) {
                    int width = 30;
                    int filled = known == 0 ? 0 : (int) ((long) width * tried / known);
                    err.printf(Locale.ROOT, "\r[%s%s] tried %d/%d, reachable %d, in flight %d ",
                            "#".repeat(filled), " ".repeat(width - filled), tried, known, reachable, inFlight);
                    err.flush();
                }
            } : null);
            if (terminal) {
                err.println();
            }
            String s = summary.toJson(outcome, asmap != null);
            if (format.equals("jsonl")) {
                out.println(s);
            }
            out.flush();
            HandshakeCommand.log(err, "INFO", String.format(Locale.ROOT,
                    "Finished! Crawl: %d reachable of %d tried (%d known, %d connections) in %.3f s, stopped: %s",
                    outcome.reachable(), outcome.tried(), outcome.known(), outcome.connections(),
                    outcome.elapsedSeconds(), outcome.stopped()));
            HandshakeCommand.log(err, "INFO", "summary: " + s);
        } finally {
            if (file != null) out.close();
        }
        return outcome.reachable() > 0 ? 0 : 1;
    }

    static String json(Crawler.Reachable n, long asn) {
        HandshakeProbe.Result r = n.result();
        VersionMessage v = r.version();
        return "{\"address\":" + Json.str(r.endpoint().toString())
                + ",\"network\":" + Json.str(r.endpoint().address().network().rpcName())
                + ",\"version\":" + v.version()
                + ",\"user_agent\":" + Json.str(v.userAgent())
                + ",\"services\":" + Json.strings(ServiceFlags.names(v.services()))
                + ",\"height\":" + v.startHeight()
                + String.format(Locale.ROOT, ",\"latency_ms\":%.3f", r.latencyMillis())
                + ",\"asn\":" + (asn == 0 ? "null" : Long.toString(asn))
                + ",\"first_seen\":" + Json.str(n.firstSeen().toString())
                + ",\"last_seen\":" + Json.str(n.lastSeen().toString()) + "}";
    }

    static String csv(Crawler.Reachable n, long asn) {
        HandshakeProbe.Result r = n.result();
        VersionMessage v = r.version();
        return String.join(",", csvField(r.endpoint().toString()), r.endpoint().address().network().rpcName(),
                Integer.toString(v.version()), csvField(v.userAgent()),
                String.join(" ", ServiceFlags.names(v.services())), Integer.toString(v.startHeight()),
                String.format(Locale.ROOT, "%.3f", r.latencyMillis()), asn == 0 ? "" : Long.toString(asn),
                n.firstSeen().toString(), n.lastSeen().toString());
    }

    static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Reachable counts by network, version, user agent and AS. */
    static final class Summary {
        final Map<String, Integer> byNetwork = new TreeMap<>();
        final Map<String, Integer> byVersion = new TreeMap<>();
        final Map<String, Integer> byUserAgent = new TreeMap<>();
        final Map<String, Integer> byAs = new TreeMap<>();
        int total;

        synchronized void add(Crawler.Reachable n, long asn) {
            total++;
            byNetwork.merge(n.result().endpoint().address().network().rpcName(), 1, Integer::sum);
            byVersion.merge(Integer.toString(n.result().version().version()), 1, Integer::sum);
            byUserAgent.merge(n.result().version().userAgent(), 1, Integer::sum);
            if (asn != 0) byAs.merge("AS" + asn, 1, Integer::sum);
        }

        synchronized String toJson(Crawler.Outcome o, boolean withAsmap) {
            StringBuilder s = new StringBuilder("{\"summary\":true");
            s.append(",\"reachable\":").append(total).append(",\"tried\":").append(o.tried())
                    .append(",\"known\":").append(o.known()).append(",\"connections\":").append(o.connections())
                    .append(",\"stopped\":").append(Json.str(o.stopped()))
                    .append(String.format(Locale.ROOT, ",\"elapsed_seconds\":%.3f", o.elapsedSeconds()));
            s.append(",\"by_network\":").append(map(byNetwork));
            s.append(",\"by_version\":").append(map(byVersion));
            s.append(",\"by_user_agent\":").append(map(byUserAgent));
            if (withAsmap) {
                s.append(",\"by_as\":").append(map(byAs));
                int top = byAs.values().stream().sorted(Comparator.reverseOrder()).limit(10).mapToInt(Integer::intValue).sum();
                s.append(String.format(Locale.ROOT, ",\"top10_as_share\":%.4f", total == 0 ? 0.0 : (double) top / total));
            }
            return s.append('}').toString();
        }

        private static String map(Map<String, Integer> m) {
            StringBuilder s = new StringBuilder("{");
            m.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append(Json.str(k)).append(':').append(v));
            return s.append('}').toString();
        }
    }
}
