package io.mooring.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.message.AddrMessage;
import io.mooring.wire.message.GetAddrMessage;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mooring crawl} over a loopback network of 20 wire-level fixture nodes: each handshakes and answers getaddr
 * with two neighbours (a ring, plus a chord) and an address where nothing listens, so only the walk can find them all.
 */
class CrawlCommandTest {
    static final int REGTEST = 0xFABFB5DA;

    @TempDir
    Path dir;

    private final List<ServerSocket> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (ServerSocket s : nodes) s.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static PeerAddress addr(int port) {
        return new PeerAddress(System.currentTimeMillis() / 1000 - 60, ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS,
                NetAddress.parse("127.0.0.1"), port);
    }

    /** Starts {@code n} fixture nodes; returns their ports. Node i answers getaddr with i+1, i+7 and a dead port. */
    List<Integer> network(int n, int deadPort) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sockets.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        }
        List<Integer> ports = sockets.stream().map(ServerSocket::getLocalPort).toList();
        for (int i = 0; i < n; i++) {
            List<PeerAddress> known = List.of(addr(ports.get((i + 1) % n)), addr(ports.get((i + 7) % n)), addr(deadPort));
            serveOn(sockets.get(i), i, connection -> known, 0);
        }
        return ports;
    }

    /**
     * Runs a fixture node on {@code ss}: connection k (from 0) gets {@code answers.apply(k)} for its getaddr; the first
     * {@code closeFirst} connections are closed as soon as they are accepted.
     */
    void serveOn(ServerSocket ss, int index, java.util.function.IntFunction<List<PeerAddress>> answers, int closeFirst) {
        nodes.add(ss);
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    int k = connections.getAndIncrement();
                    if (k < closeFirst) {
                        s.close();
                        continue;
                    }
                    Thread c = new Thread(() -> serve(s, index, answers.apply(k - closeFirst)));
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    static void serve(Socket s, int index, List<PeerAddress> known) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                byte[] header = new byte[24];
                in.readFully(header);
                int length = (header[16] & 0xff) | (header[17] & 0xff) << 8 | (header[18] & 0xff) << 16
                        | (header[19] & 0xff) << 24;
                byte[] frame = new byte[24 + length];
                System.arraycopy(header, 0, frame, 0, 24);
                in.readFully(frame, 24, length);
                Message m = V1Envelope.decode(frame, REGTEST);
                if (m instanceof VersionMessage) {
                    PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
                    out.write(V1Envelope.encode(REGTEST, new VersionMessage(70016,
                            ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS, System.currentTimeMillis() / 1000,
                            none, none, 1000 + index, "/fixture:" + (index % 2 == 0 ? "even" : "odd") + "/", 100 + index,
                            true)));
                    out.write(V1Envelope.encode(REGTEST, VerackMessage.INSTANCE));
                } else if (m instanceof GetAddrMessage) {
                    out.write(V1Envelope.encode(REGTEST, new AddrMessage(known)));
                }
            }
        } catch (Exception e) {
            // the crawler closed the connection
        }
    }

    @Test
    void theWalkFindsEveryNodeOfTheNetworkAndWritesThemProgressivelyWithASummary() throws Exception {
        int dead = freePort();
        List<Integer> ports = network(20, dead);
        Path file = dir.resolve("nodes.jsonl");
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = new CommandLine(new CrawlCommand()).setErr(new PrintWriter(err)).execute("--chain", "regtest",
                "-t", "3", "--addr-wait", "3", "-c", "8", "--max-time", "30", "-o", file.toString(),
                "127.0.0.1:" + ports.get(0));
        assertThat(code).as(err.toString()).isZero();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(21);
        for (int p : ports) {
            assertThat(lines).anyMatch(l -> l.startsWith("{\"address\":\"127.0.0.1:" + p + "\",\"network\":\"ipv4\""));
        }
        assertThat(lines).noneMatch(l -> l.contains(":" + dead + "\""));
        assertThat(lines.get(0)).contains("\"version\":70016", "\"services\":[\"NETWORK\",\"WITNESS\"]", "\"asn\":null",
                "\"first_seen\":", "\"last_seen\":");
        assertThat(lines.get(20)).startsWith("{\"summary\":true,\"reachable\":20,\"tried\":21,\"known\":21,"
                        + "\"connections\":21,\"stopped\":\"done\"")
                .contains("\"by_network\":{\"ipv4\":20}", "\"by_version\":{\"70016\":20}",
                        "\"by_user_agent\":{\"/fixture:even/\":10,\"/fixture:odd/\":10}");
        assertThat(err.toString()).contains("Finished! Crawl: 20 reachable of 21 tried (21 known, 21 connections)");
    }

    @Test
    void anAddressThatClosedTheFirstConnectionIsRetriedAndFoundOnlyWithRetries() throws Exception {
        ServerSocket flaky = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket seed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serveOn(flaky, 1, k -> List.of(), 1);
        serveOn(seed, 0, k -> List.of(addr(flaky.getLocalPort()), addr(seed.getLocalPort())), 0);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new CrawlCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--chain", "regtest", "-t", "3", "--addr-wait", "1", "--retries", "1", "--retry-delay", "0",
                        "127.0.0.1:" + seed.getLocalPort());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"address\":\"127.0.0.1:" + flaky.getLocalPort() + "\"")
                .contains("\"reachable\":2,\"tried\":2,\"known\":2,\"connections\":3,");

        // The same network without retries: the flaky node's one chance was the closed connection.
        ServerSocket flaky2 = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket seed2 = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serveOn(flaky2, 1, k -> List.of(), 1);
        serveOn(seed2, 0, k -> List.of(addr(flaky2.getLocalPort())), 0);
        StringWriter out2 = new StringWriter();
        code = new CommandLine(new CrawlCommand()).setOut(new PrintWriter(out2)).setErr(new PrintWriter(err))
                .execute("--chain", "regtest", "-t", "3", "--addr-wait", "1", "--retries", "0",
                        "127.0.0.1:" + seed2.getLocalPort());
        assertThat(code).isZero();
        assertThat(out2.toString()).doesNotContain("\"address\":\"127.0.0.1:" + flaky2.getLocalPort() + "\"")
                .contains("\"reachable\":1,\"tried\":2,\"known\":2,\"connections\":2,");
    }

    @Test
    void addressRoundsAskAgainWhileAnswersChangeAndStopWhenAnAnswerRepeats() throws Exception {
        List<ServerSocket> leaves = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ServerSocket leaf = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            serveOn(leaf, 10 + i, k -> List.of(), 0);
            leaves.add(leaf);
        }
        // A node without a cache (Core's addr permission): connection k hears of leaf k only.
        ServerSocket fresh = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serveOn(fresh, 0, k -> List.of(addr(leaves.get(Math.min(k, 2)).getLocalPort()), addr(fresh.getLocalPort())), 0);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new CrawlCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--chain", "regtest", "-t", "3", "--addr-wait", "1", "--addr-rounds", "3",
                        "127.0.0.1:" + fresh.getLocalPort());
        assertThat(code).as(err.toString()).isZero();
        for (ServerSocket leaf : leaves) {
            assertThat(out.toString()).contains("\"address\":\"127.0.0.1:" + leaf.getLocalPort() + "\"");
        }
        // Three rounds at the fresh node, one connection per leaf (their empty answers end their rounds).
        assertThat(out.toString()).contains("\"reachable\":4,\"tried\":4,\"known\":4,\"connections\":6,");

        // A caching node repeats its answer: the second round shows it and the third is not made.
        ServerSocket cached = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<PeerAddress> answer = List.of(addr(leaves.getFirst().getLocalPort()), addr(9));
        serveOn(cached, 1, k -> answer, 0);
        StringWriter out2 = new StringWriter();
        code = new CommandLine(new CrawlCommand()).setOut(new PrintWriter(out2)).setErr(new PrintWriter(err))
                .execute("--chain", "regtest", "-t", "3", "--addr-wait", "1", "--addr-rounds", "5",
                        "127.0.0.1:" + cached.getLocalPort());
        assertThat(code).isZero();
        assertThat(out2.toString()).contains("\"reachable\":2,\"tried\":3,\"known\":3,\"connections\":4,");

        // A node whose table gives nothing still announces itself (a fresh time each connection): one connection.
        ServerSocket lonely = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serveOn(lonely, 2, k -> List.of(addr(lonely.getLocalPort())), 0);
        StringWriter out3 = new StringWriter();
        code = new CommandLine(new CrawlCommand()).setOut(new PrintWriter(out3)).setErr(new PrintWriter(err))
                .execute("--chain", "regtest", "-t", "3", "--addr-wait", "1", "--addr-rounds", "5",
                        "127.0.0.1:" + lonely.getLocalPort());
        assertThat(code).isZero();
        assertThat(out3.toString()).contains("\"reachable\":1,\"tried\":1,\"known\":1,\"connections\":1,");
    }

    /** Core's asmap bytecode for "RETURN asn": every address maps to {@code asn} (bits LSB-first, zero padding). */
    static byte[] everythingIn(long asn) {
        List<Integer> bits = new ArrayList<>();
        bits.add(0); // opcode RETURN (type 0: the first size class has 0 bits, so only its continuation bit 0)
        long v = asn - 1; // ASNs are coded from 1 in size classes of 15..24 bits
        for (int size = 15; size <= 24; size++) {
            if (size < 24 && v >= (1L << size)) {
                v -= 1L << size;
                bits.add(1);
                continue;
            }
            if (size < 24) bits.add(0);
            for (int b = size - 1; b >= 0; b--) bits.add((int) (v >>> b) & 1);
            break;
        }
        byte[] out = new byte[(bits.size() + 7) / 8];
        for (int i = 0; i < bits.size(); i++) out[i / 8] |= (byte) (bits.get(i) << (i % 8));
        return out;
    }

    @Test
    void withAnAsmapEveryNodeCarriesItsAsnAndTheSummaryCountsByAs() throws Exception {
        Path asmap = dir.resolve("loopback.asmap");
        Files.write(asmap, everythingIn(64512));
        // The map is what it claims to be (Core's sanity check passes and 127.0.0.1 is in AS64512).
        assertThat(io.mooring.netgroup.Asmap.load(asmap).lookup(NetAddress.parse("127.0.0.1"))).isEqualTo(64512);
        List<Integer> ports = network(5, freePort());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new CrawlCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--chain", "regtest", "-t", "3", "--addr-wait", "1", "--asmap", asmap.toString(),
                        "127.0.0.1:" + ports.get(0));
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(0, 5)).allSatisfy(l -> assertThat(l).contains("\"asn\":64512"));
        assertThat(lines.get(5)).contains("\"reachable\":5,", "\"by_as\":{\"AS64512\":5}",
                "\"top10_as_share\":1.0000");

        // A file that is not an asmap stops the crawl before it starts, as -asmap stops a node.
        Path bad = dir.resolve("bad.asmap");
        Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        StringWriter err2 = new StringWriter();
        code = new CommandLine(new CrawlCommand()).setErr(new PrintWriter(err2))
                .execute("--chain", "regtest", "--asmap", bad.toString(), "127.0.0.1:" + ports.get(0));
        assertThat(code).isEqualTo(2);
        assertThat(err2.toString()).startsWith("crawl: ");
    }

    @Test
    void thePeerBudgetStopsTheWalkAndCsvHasAHeaderAndOneRowPerNode() throws Exception {
        List<Integer> ports = network(20, freePort());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new CrawlCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--chain", "regtest", "-t", "3", "--addr-wait", "3", "-c", "1", "--max-peers", "4",
                        "--format", "csv", "127.0.0.1:" + ports.get(0));
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("address,network,version,user_agent,services,height,latency_ms,asn,"
                + "first_seen,last_seen");
        assertThat(lines.get(1)).startsWith("127.0.0.1:" + ports.get(0) + ",ipv4,70016,/fixture:even/,NETWORK WITNESS,100,");
        assertThat(lines.size() - 1).isBetween(1, 4);
        assertThat(err.toString()).contains("of 4 tried").contains("stopped: peer budget");
    }

    @Test
    void aRealDaemonAnswersTheWalkAndTheWalkEndsWhenNothingIsLeft() throws Exception {
        int port = freePort();
        Path datadir = Files.createDirectories(dir.resolve("daemon"));
        io.mooring.node.NodeStartup.Environment env = new io.mooring.node.NodeStartup.Environment(dir,
                java.time.Clock.systemUTC(), new java.io.PrintStream(OutputStream.nullOutputStream()),
                new java.io.PrintStream(OutputStream.nullOutputStream()), 1, "0.1.0");
        try (io.mooring.node.NodeStartup.Ready ready = (io.mooring.node.NodeStartup.Ready)
                new io.mooring.node.NodeStartup(env).run(new String[] {"-regtest", "-datadir=" + datadir,
                        "-bind=127.0.0.1:" + port, "-server=0", "-printtoconsole=0", "-connect=0", "-dnsseed=0",
                        "-fixedseeds=0"});
             io.mooring.node.MooringNode node = new io.mooring.node.MooringNode(ready.config(),
                     java.time.Clock.systemUTC())) {
            node.start();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = new CommandLine(new CrawlCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("--chain", "regtest", "-t", "5", "--addr-wait", "1", "--max-time", "20",
                            "127.0.0.1:" + port);
            assertThat(code).as(err.toString()).isZero();
            List<String> lines = out.toString().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("{\"address\":\"127.0.0.1:" + port + "\"")
                    .contains("\"user_agent\":\"/Mooring:0.1.0/\"", "\"height\":0");
            assertThat(lines.get(1)).startsWith("{\"summary\":true,\"reachable\":1,\"tried\":1,\"known\":1,"
                    + "\"connections\":1,\"stopped\":\"done\"");
        }
    }
}
