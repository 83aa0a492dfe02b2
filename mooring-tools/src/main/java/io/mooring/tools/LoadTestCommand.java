package io.mooring.tools;

import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.netaddress.NetEndpoint;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mooring loadtest --connect 127.0.0.1:PORT --peers N}: opens N inbound connections to a node on loopback that
 * complete the version handshake and then idle ({@link LoadTest}), and reports handshakes completed, failures by
 * reason, wall time, handshakes per second and p50/p99 handshake latency. Exit code 0 when every handshake
 * completed, 2 when some did not, 1 for bad options.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "Open N inbound connections to a node on loopback, handshake, idle, and report handshakes/s.")
public final class LoadTestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--connect", required = true, paramLabel = "HOST:PORT",
            description = "The node to load (a loopback address: 127.0.0.1:18444, [::1]:18444).")
    String connect;

    @Option(names = "--peers", defaultValue = "1000", paramLabel = "N",
            description = "Connections to open (default: ${DEFAULT-VALUE}; at most " + LoadTest.MAX_PEERS + ").")
    int peers;

    @Option(names = "--concurrency", defaultValue = "256", paramLabel = "N",
            description = "Connections handshaking at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--chain", defaultValue = "regtest", paramLabel = "NAME|0xMAGIC",
            description = "Network magic: a built-in chain name or the four message-start bytes in hex, big-endian "
                    + "(default: ${DEFAULT-VALUE}).")
    String chain;

    @Option(names = "--idle", defaultValue = "0", paramLabel = "SECONDS",
            description = "Keep the connections open this long after the handshakes, answering pings (0..3600; "
                    + "default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(names = "--handshake-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Per connection, from connect to the node's verack (default: ${DEFAULT-VALUE}).")
    int handshakeTimeoutSeconds;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "Deadline for the whole handshake phase (1..3600; default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Netty I/O threads of the load tool (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    /** Standalone entry ({@code java -cp mooring.jar io.mooring.tools.LoadTestCommand ...}) until it is registered. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadTestCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        quietLogging();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadTest.Config config;
        try {
            InetSocketAddress target = target(connect);
            config = new LoadTest.Config(target, magic(chain), peers, concurrency, Duration.ofSeconds(idleSeconds),
                    Duration.ofSeconds(handshakeTimeoutSeconds), Duration.ofSeconds(timeoutSeconds), threads,
                    line -> {
                        err.println("loadtest: " + line);
                        err.flush();
                    });
        } catch (IllegalArgumentException e) {
            err.println("loadtest: " + e.getMessage());
            err.flush();
            return 1;
        }
        if (!json) {
            out.printf(Locale.ROOT, "loadtest: %d peers to %s, concurrency %d, magic %08x%n", config.peers(),
                    connect, config.concurrency(), config.magic());
            out.flush();
        }
        LoadTest.Result r = LoadTest.run(config);
        out.print(json ? r.toJson() + System.lineSeparator() : r.toText());
        out.flush();
        return r.completed() == r.peers() ? 0 : 2;
    }

    /** Netty logs its settings at debug through SLF4J; the report is what this tool prints. */
    private static void quietLogging() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static InetSocketAddress target(String text) {
        NetEndpoint e;
        try {
            e = NetEndpoint.parse(text);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("--connect: not a numeric HOST:PORT (" + ex.getMessage() + ")");
        }
        InetSocketAddress a = new InetSocketAddress(e.address().toInetAddress(), e.port());
        if (!a.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("loadtest connects to loopback addresses only, not " + text);
        }
        return a;
    }

    static int magic(String chain) {
        String c = chain.trim();
        if (c.startsWith("0x") || c.startsWith("0X")) {
            String hex = c.substring(2);
            if (hex.length() != 8) {
                throw new IllegalArgumentException("--chain: a magic is 8 hex digits: " + chain);
            }
            return (int) Long.parseLong(hex, 16);
        }
        return ChainParamsLoader.builtIn(c).magic();
    }
}
