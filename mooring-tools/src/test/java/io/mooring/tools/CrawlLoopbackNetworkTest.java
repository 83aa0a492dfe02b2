package io.mooring.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.node.LoopbackDnsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 7's acceptance test: {@code mooring crawl} over a loopback network of 20 real Mooring nodes that know each
 * other only through addr relay. Every node listens on its own 127.0.0.x and one shared port (DNS carries no ports);
 * node 1 is the seed the others are told about (-addnode), {@code -regtestroutableloopback} lets 127/8 addresses be
 * relayed, and the DNS seed fixture names two nodes and an address where nothing listens. The nodes give loopback
 * Core's {@code addr} permission (-whitelist=addr@127.0.0.0/8), as an operator does for a crawler they run, so each
 * crawler connection gets a fresh random 23% of the node's table rather than the day-long cache.
 */
class CrawlLoopbackNetworkTest {
    static final int NODES = 20;
    /**
     * How many address books every node must be in before the crawl. With fresh answers of 23% of a ~19-entry table
     * (4 addresses) and 30 address rounds per node, a node in two books is missed with probability (15/19)^60, about
     * 1e-6.
     */
    static final int KNOWN_BY = 2;

    @TempDir
    Path dir;

    private final List<DemoNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        long t = System.nanoTime();
        for (DemoNode n : nodes) n.close();
        System.out.printf("crawl network: stopped in %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    /** A port free on every 127.0.0.x the test uses. */
    static int sharedPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = CrawlCommandTest.freePort();
            List<ServerSocket> probes = new ArrayList<>();
            boolean free = true;
            try {
                for (int i = 1; i <= NODES; i++) {
                    ServerSocket s = new ServerSocket();
                    probes.add(s);
                    s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + i), port));
                }
            } catch (IOException clash) {
                free = false;
            } finally {
                for (ServerSocket s : probes) s.close();
            }
            if (free) return port;
        }
        throw new IllegalStateException("no port free on 127.0.0.1-" + NODES);
    }

    /** The "host:port" entries of a node's address manager (getnodeaddresses 0: all of them). */
    static Set<String> addressBook(DemoNode n) throws IOException, InterruptedException {
        Set<String> out = new HashSet<>();
        for (JsonNode a : n.call("getnodeaddresses", 0)) {
            out.add(a.path("address").asText() + ":" + a.path("port").asInt());
        }
        return out;
    }

    @Test
    void aCrawlFromTheDnsSeedFindsAllTwentyNodesThatMetThroughAddrRelayAndStops() throws Exception {
        long t0 = System.nanoTime();
        int port = sharedPort();
        String seed = "127.0.0.1:" + port;
        for (int i = 1; i <= NODES; i++) {
            List<String> extra = new ArrayList<>(List.of("-whitelist=addr@127.0.0.0/8"));
            if (i > 1) extra.add("-addnode=" + seed);
            DemoNode n = new DemoNode(i, port, CrawlCommandTest.freePort(), dir.resolve("node" + i), extra);
            nodes.add(n);
            n.start();
        }
        long started = System.nanoTime();
        // Out of initial block download every node announces its own address (Core only does so outside IBD).
        nodes.getFirst().call("generatetoaddress", 1, DemoCommand.MINING_ADDRESS);

        // Discovery: wait until every node is in the address books of at least two others. Addresses spread at Core's
        // pace (each relay hop waits for the receiving peer's 30 s Poisson timer; getaddr answers are 23% of a
        // table), so in a young 20-node network a few nodes stay little known for a minute or more.
        long deadline = System.nanoTime() + 180_000_000_000L;
        int[] knownBy = new int[NODES];
        while (true) {
            java.util.Arrays.fill(knownBy, 0);
            for (DemoNode n : nodes) {
                Set<String> book = addressBook(n);
                for (DemoNode m : nodes) {
                    if (m != n && book.contains(m.endpoint())) knownBy[m.index() - 1]++;
                }
            }
            if (java.util.Arrays.stream(knownBy).allMatch(k -> k >= KNOWN_BY)) break;
            assertThat(System.nanoTime()).as("discovery: known-by counts %s", java.util.Arrays.toString(knownBy))
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
        System.out.printf("crawl network: started in %.1f s, discovery %.1f s; each node is in the address books of %s"
                + " others%n", (started - t0) / 1e9, (System.nanoTime() - started) / 1e9,
                java.util.Arrays.toString(knownBy));

        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            dns.answer("seed.crawl.test.", "127.0.0.1", "127.0.0.2", "127.0.0.250");
            Path file = dir.resolve("nodes.jsonl");
            StringWriter err = new StringWriter();
            long start = System.nanoTime();
            int code = new CommandLine(new CrawlCommand()).setErr(new PrintWriter(err)).execute("--chain", "regtest",
                    "--dns-server", "127.0.0.1:" + dns.port(), "-p", String.valueOf(port), "-t", "5",
                    "--addr-wait", "2", "--addr-rounds", "30", "-c", "16", "--max-time", "60", "-o", file.toString(),
                    "seed.crawl.test");
            double seconds = (System.nanoTime() - start) / 1e9;
            List<String> lines = Files.readAllLines(file);
            System.out.println("crawl of 20 real nodes: " + String.format("%.1f s, ", seconds) + lines.getLast());
            assertThat(code).as(err.toString()).isZero();
            assertThat(seconds).as(err.toString()).isLessThan(60);
            List<String> found = lines.stream().filter(l -> l.startsWith("{\"address\":"))
                    .map(l -> l.substring(12, l.indexOf('"', 12))).toList();
            List<String> expected = nodes.stream().map(DemoNode::endpoint).toList();
            assertThat(found).as(err.toString()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(lines.getLast()).startsWith("{\"summary\":true,\"reachable\":20,")
                    .contains("\"stopped\":\"done\"",
                            "\"by_user_agent\":{\"/Mooring:" + io.mooring.node.NodeStartup.BUILD_VERSION + "/\":20}");
            assertThat(err.toString()).contains("Finished! Crawl: 20 reachable of");
            // The nodes honoured the addr permission: answers kept changing, so nodes were asked far more than twice
            // (with Core's cache every node's second answer repeats its first and ends its rounds: at most 41).
            String summary = lines.getLast();
            int connections = Integer.parseInt(summary.replaceAll(".*\"connections\":(\\d+).*", "$1"));
            assertThat(connections).as("more than Core's cached-answer bound of 41").isGreaterThan(41);
        }
    }
}
