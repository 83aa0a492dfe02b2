package io.mooring.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mooring.node.MooringNode;
import io.mooring.node.NodeStartup;
import io.mooring.rpc.RpcClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.BlockChain;
import org.bitcoinj.core.PeerAddress;
import org.bitcoinj.core.PeerGroup;
import org.bitcoinj.params.RegTestParams;
import org.bitcoinj.store.MemoryBlockStore;

/**
 * End-to-end headers sync (issue 6): node A mines a regtest chain; a fresh Mooring node B syncs its headers over
 * loopback, then, separately, bitcoinj (headers-only SPV: fast-catchup time in the far future, so it sends
 * getheaders) syncs the same headers from A. Wall time until each reaches A's height, three runs each.
 *
 * <p>Usage: {@code java -cp mooring-bench.jar io.mooring.bench.HeaderSyncBench [HEADERS] [RUNS]}.
 */
public final class HeaderSyncBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

    private HeaderSyncBench() {
    }

    record Node(NodeStartup.Ready ready, MooringNode node, int port, RpcClient rpc) implements AutoCloseable {
        @Override
        public void close() {
            node.close();
            ready.close();
        }
    }

    public static void main(String[] args) throws Exception {
        int headers = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // The node brings logback without a configuration (DEBUG to the console): keep bitcoinj's logging out of
        // its measured time unless asked for (-Dmooring.bench.bitcoinjlog=DEBUG shows its getheaders requests).
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.bitcoinj")).setLevel(
                ch.qos.logback.classic.Level.toLevel(System.getProperty("mooring.bench.bitcoinjlog", "WARN")));
        Path home = Files.createTempDirectory("mooring-header-sync");
        try {
            run(home, headers, runs);
        } finally {
            // -Dmooring.bench.keep=true keeps the data dirs (with -Dmooring.bench.nodeargs=-debug=net: A's debug.log).
            if (Boolean.getBoolean("mooring.bench.keep")) System.out.println("kept " + home);
            else deleteTree(home);
        }
    }

    private static void run(Path home, int headers, int runs) throws Exception {
        System.out.printf("headers=%d runs=%d cores=%d load=%.2f%n", headers, runs,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (Node a = startNode(home, "a", "-connect=0")) {
            long t0 = System.nanoTime();
            // Back-date the chain: generatetoaddress stamps max(MTP+1, now); under a mock clock far in the past the
            // times stay well inside the two-hour future limit however many blocks are mined.
            long start = Instant.now().getEpochSecond() - 2L * headers - 86_400;
            a.rpc.call("setmocktime", JSON.createArrayNode().add(start));
            int mined = 0;
            while (mined < headers) {
                int n = Math.min(1_000, headers - mined);
                a.rpc.call("generatetoaddress", JSON.createArrayNode().add(n).add(ADDRESS));
                mined += n;
                a.rpc.call("setmocktime", JSON.createArrayNode().add(start + mined));
            }
            a.rpc.call("setmocktime", JSON.createArrayNode().add(0));
            int height = a.rpc.call("getblockcount", JSON.createArrayNode()).asInt();
            System.out.printf("built %d blocks on A in %.1f s%n", height, (System.nanoTime() - t0) / 1e9);

            List<Double> mooring = new ArrayList<>();
            List<Double> bitcoinj = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                double[] m = mooringSync(home, "b" + r, a.port, height);
                mooring.add(m[0]);
                System.out.printf("mooring run %d: %.2f s (%.0f headers/s), process CPU during run %.2f s%n",
                        r + 1, m[0], height / m[0], m[1]);
                double[] j = bitcoinjSync(a.port, height);
                bitcoinj.add(j[0]);
                System.out.printf("bitcoinj run %d: %.2f s (%.0f headers/s), process CPU during run %.2f s%n",
                        r + 1, j[0], height / j[0], j[1]);
            }
            double mm = median(mooring);
            double jm = median(bitcoinj);
            System.out.printf("mooring  median %.2f s min %.2f s (%.0f headers/s)%n", mm, min(mooring), height / mm);
            System.out.printf("bitcoinj median %.2f s min %.2f s (%.0f headers/s)%n", jm, min(bitcoinj), height / jm);
            System.out.printf("ratio bitcoinj/mooring (medians) %.1fx%n", jm / mm);
        }
    }

    /** Starts a fresh node B connected only to A; wall seconds until its header height reaches {@code height}. */
    private static double[] mooringSync(Path home, String name, int sourcePort, int height) throws Exception {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        try (Node b = startNode(home, name, "-connect=127.0.0.1:" + sourcePort)) {
            System.out.printf("mooring node B started in %.2f s%n", (System.nanoTime() - t0) / 1e9);
            while (true) {
                int h = b.rpc.call("getblockchaininfo", JSON.createArrayNode()).get("headers").asInt();
                if (h >= height) break;
                if (System.nanoTime() - t0 > Duration.ofMinutes(10).toNanos()) {
                    throw new IllegalStateException("mooring stalled at " + h + " headers");
                }
                Thread.sleep(100);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            return new double[] {wall, (processCpuNanos() - cpu0) / 1e9};
        } finally {
            if (!Boolean.getBoolean("mooring.bench.keep")) deleteTree(home.resolve(name));
        }
    }

    /** A headers-only bitcoinj SPV sync from A; wall seconds until its best height reaches {@code height}. */
    private static double[] bitcoinjSync(int sourcePort, int height) throws Exception {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        BlockChain chain = new BlockChain(BitcoinNetwork.REGTEST,
                new MemoryBlockStore(RegTestParams.get().getGenesisBlock()));
        PeerGroup peers = new PeerGroup(BitcoinNetwork.REGTEST, chain);
        try {
            peers.setBloomFilteringEnabled(false);
            // Every block is older than this: bitcoinj asks for headers only (getheaders), never block bodies.
            peers.setFastCatchupTime(Instant.now().plus(Duration.ofDays(3650)));
            peers.addAddress(PeerAddress.simple(InetAddress.getLoopbackAddress(), sourcePort));
            peers.setMaxConnections(1);
            // Counts what bitcoinj received, to show it synced from headers messages and fetched no block bodies.
            java.util.Map<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
            peers.addPreMessageReceivedEventListener(org.bitcoinj.utils.Threading.SAME_THREAD, (peer, m) -> {
                seen.merge(m.getClass().getSimpleName(), 1, Integer::sum);
                return m;
            });
            peers.startBlockChainDownload(new org.bitcoinj.core.listeners.DownloadProgressTracker());
            peers.start();
            while (chain.getBestChainHeight() < height) {
                if (System.nanoTime() - t0 > Duration.ofMinutes(20).toNanos()) {
                    throw new IllegalStateException("bitcoinj stalled at " + chain.getBestChainHeight());
                }
                Thread.sleep(100);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            System.out.println("bitcoinj received messages: " + seen);
            return new double[] {wall, (processCpuNanos() - cpu0) / 1e9};
        } finally {
            peers.stop();
        }
    }

    private static Node startNode(Path home, String name, String... extra) throws Exception {
        Path dir = Files.createDirectories(home.resolve(name));
        int port = freePort();
        int rpcPort = freePort();
        List<String> args = new ArrayList<>(List.of("-regtest", "-datadir=" + dir, "-bind=127.0.0.1",
                "-port=" + port, "-rpcport=" + rpcPort, "-printtoconsole=0", "-listen=1"));
        args.addAll(List.of(extra));
        args.addAll(List.of(System.getProperty("mooring.bench.nodeargs", "").split(" ")).stream()
                .filter(s -> !s.isBlank()).toList());
        NodeStartup.Environment env = new NodeStartup.Environment(home, Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), 1,
                "0.1.0");
        NodeStartup.Ready ready = (NodeStartup.Ready) new NodeStartup(env).run(args.toArray(String[]::new));
        MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
        node.start();
        String cookie = Files.readString(ready.config().chainDir().resolve(".cookie")).trim();
        return new Node(ready, node, port, new RpcClient("127.0.0.1", rpcPort, cookie, Duration.ofMinutes(5)));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double min(List<Double> xs) {
        return xs.stream().min(Double::compare).orElseThrow();
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
