package io.mooring.tools;

import io.mooring.node.LoopbackDnsServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.net.PeerManager;
import io.mooring.net.PeerManagerOptions;
import io.mooring.netshell.NetworkShell;
import io.mooring.netshell.ShellOptions;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.SendAddrV2Message;
import io.mooring.wire.message.SendHeadersMessage;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.message.WtxidRelayMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code mooring handshake} against a loopback DNS seed whose answers are a regtest Mooring daemon, a node shell, one fixture peer
 * per failure kind and addresses where nothing listens, all on distinct 127/8 addresses and one shared port.
 */
class HandshakeCommandTest {
    static final int REGTEST = 0xFABFB5DA;
    static final int MAINNET = 0xF9BEB4D9;

    interface Behaviour {
        void serve(Socket s) throws IOException;
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path home;

    private final List<NetworkShell> shells = new ArrayList<>();
    private final List<AutoCloseable> daemons = new ArrayList<>();
    private final List<ServerSocket> fixtures = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (NetworkShell s : shells) s.close();
        for (ServerSocket s : fixtures) s.close();
        for (int i = daemons.size() - 1; i >= 0; i--) {
            try {
                daemons.get(i).close();
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        daemons.clear();
    }

    static byte[] frame(int magic, Message m) {
        return V1Envelope.encode(magic, m);
    }

    static VersionMessage version(int protocol) {
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        return new VersionMessage(protocol, 9, System.currentTimeMillis() / 1000, none, none, 42, "/fixture:1.0/", 7,
                true);
    }

    /** Reads whatever the tool sends until it closes, so our own close is never a reset with unread data. */
    static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the tool closed the connection
        }
    }

    void fixture(String host, int port, Behaviour b) throws IOException {
        ServerSocket ss = new ServerSocket();
        fixtures.add(ss);
        ss.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            b.serve(s);
                        } catch (IOException ignored) {
                            // the tool went away
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fixture-" + host);
        t.setDaemon(true);
        t.start();
    }

    void node(String host, int port) throws InterruptedException {
        ShellOptions opts = new ShellOptions(List.of(new InetSocketAddress(host, port)), 125, 5_000_000, 1_000_000,
                null, null, true);
        NetworkShell shell = new NetworkShell(REGTEST, opts, Clock.systemUTC(),
                outbox -> new PeerManager(PeerManagerOptions.defaults("/Mooring:test/"), new SplittableRandom(1), outbox));
        shells.add(shell);
        shell.start();
    }

    /** A full regtest Mooring daemon, started as `mooring node` would be, listening on {@code host:port}. */
    void daemon(String host, int port) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(home.resolve("d" + System.nanoTime()));
        io.mooring.node.NodeStartup.Environment env = new io.mooring.node.NodeStartup.Environment(home,
                Clock.systemUTC(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), 1, "0.1.0");
        io.mooring.node.NodeStartup.Ready ready = (io.mooring.node.NodeStartup.Ready) new io.mooring.node.NodeStartup(env)
                .run(new String[] {"-regtest", "-datadir=" + dir, "-bind=" + host + ":" + port, "-server=0",
                        "-printtoconsole=0", "-connect=0", "-dnsseed=0", "-fixedseeds=0"});
        daemons.add(ready);
        io.mooring.node.MooringNode node = new io.mooring.node.MooringNode(ready.config(), Clock.systemUTC());
        daemons.add(node);
        node.start();
    }

    /** Binds everything on one port free on every address (DNS carries no ports); retries with another on a clash. */
    int startAll() throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = s.getLocalPort();
            }
            try {
                daemon("127.0.0.21", port);
                node("127.0.0.22", port);
                fixture("127.0.0.11", port, s -> { // wrong network magic
                    s.getOutputStream().write(frame(MAINNET, version(70016)));
                    drain(s.getInputStream());
                });
                fixture("127.0.0.12", port, s -> drain(s.getInputStream())); // silent
                fixture("127.0.0.13", port, s -> { // closes early, after reading our version's header
                    s.getInputStream().readNBytes(24);
                });
                fixture("127.0.0.14", port, s -> { // feature messages before verack: still OK
                    OutputStream o = s.getOutputStream();
                    o.write(frame(REGTEST, version(70016)));
                    o.write(frame(REGTEST, WtxidRelayMessage.INSTANCE));
                    o.write(frame(REGTEST, SendAddrV2Message.INSTANCE));
                    o.write(frame(REGTEST, SendHeadersMessage.INSTANCE));
                    o.write(frame(REGTEST, VerackMessage.INSTANCE));
                    drain(s.getInputStream());
                });
                fixture("127.0.0.15", port, s -> { // obsolete version
                    s.getOutputStream().write(frame(REGTEST, version(209)));
                    drain(s.getInputStream());
                });
                fixture("127.0.0.16", port, s -> { // bad checksum on its version
                    byte[] f = frame(REGTEST, version(70016));
                    f[20] ^= 0x55;
                    s.getOutputStream().write(f);
                    drain(s.getInputStream());
                });
                return port;
            } catch (Exception clash) {
                stop();
                shells.clear();
                fixtures.clear();
                daemons.clear();
            }
        }
        throw new IllegalStateException("no port free on every test address");
    }

    @Test
    void everyAddressOfTheSeedIsReportedWithItsPreciseOutcomeAndTheSummaryCountsMatch() throws Exception {
        int port = startAll();
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            dns.answer("seed.test.", "127.0.0.21", "127.0.0.22", "127.0.0.11", "127.0.0.12", "127.0.0.13",
                    "127.0.0.14", "127.0.0.15", "127.0.0.16", "127.0.0.31", "127.0.0.32");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = new CommandLine(new HandshakeCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("--chain", "regtest", "-p", String.valueOf(port), "-t", "2", "-c", "4", "--json",
                            "--dns-server", "127.0.0.1:" + dns.port(), "seed.test", "missing.test");
            assertThat(code).as(err.toString()).isZero();
            List<String> lines = out.toString().lines().toList();
            assertThat(lines).hasSize(12).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
            Map<String, String> byAddress = lines.subList(0, 11).stream().collect(Collectors.toMap(
                    l -> field(l, "address").equals("null") ? field(l, "target") : field(l, "address"),
                    l -> field(l, "result") + " " + field(l, "reason")));
            assertThat(byAddress).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("127.0.0.21:" + port, "OK null"),
                    Map.entry("127.0.0.22:" + port, "OK null"),
                    Map.entry("127.0.0.14:" + port, "OK null"),
                    Map.entry("127.0.0.11:" + port, "FAILED wrong network magic"),
                    Map.entry("127.0.0.12:" + port, "FAILED timeout"),
                    Map.entry("127.0.0.13:" + port, "FAILED closed by peer"),
                    Map.entry("127.0.0.15:" + port, "FAILED obsolete version"),
                    Map.entry("127.0.0.16:" + port, "FAILED bad checksum"),
                    Map.entry("127.0.0.31:" + port, "FAILED connection refused"),
                    Map.entry("127.0.0.32:" + port, "FAILED connection refused"),
                    Map.entry("missing.test", "FAILED DNS failure")));
            String featurePeer = lines.stream().filter(l -> l.contains("\"127.0.0.14:")).findFirst().orElseThrow();
            assertThat(featurePeer).contains("\"features\":[\"wtxidrelay\",\"sendaddrv2\",\"sendheaders\"]")
                    .contains("\"version\":70016", "\"user_agent\":\"/fixture:1.0/\"", "\"start_height\":7",
                            "\"services\":[\"NETWORK\",\"WITNESS\"]", "\"relay\":true");
            String daemon = lines.stream().filter(l -> l.contains("\"127.0.0.21:")).findFirst().orElseThrow();
            // A daemon announces BIP324 support (-v2transport is on by default); the v1 handshake still works.
            assertThat(daemon).contains("\"user_agent\":\"/Mooring:0.1.0/\"", "\"network\":\"ipv4\"",
                    "\"services\":[\"NETWORK\",\"WITNESS\",\"P2P_V2\"]", "\"start_height\":0");
            String shell = lines.stream().filter(l -> l.contains("\"127.0.0.22:")).findFirst().orElseThrow();
            assertThat(shell).contains("\"user_agent\":\"/Mooring:test/\"");
            assertThat(lines.get(11)).startsWith("{\"summary\":true,\"ok\":3,\"failed\":8,")
                    .contains("\"failures\":{\"DNS failure\":1,\"bad checksum\":1,\"closed by peer\":1,"
                            + "\"connection refused\":2,\"obsolete version\":1,\"timeout\":1,\"wrong network magic\":1}");
            assertThat(err.toString()).contains("Finished! Handshake results: 3 OK | 8 FAILED")
                    .containsPattern("\\[\\S+ ERROR mooring\\] 127\\.0\\.0\\.11:" + port
                            + ": handshake FAILED: wrong network magic");
            assertThat(dns.questions).contains("seed.test. A", "seed.test. AAAA", "missing.test. A");
        }
    }

    @Test
    void noSuccessfulHandshakeExitsOneAndUsageErrorsExitTwo() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            free = s.getLocalPort();
        }
        StringWriter out = new StringWriter();
        int code = new CommandLine(new HandshakeCommand()).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(new StringWriter())).execute("--chain", "regtest", "127.0.0.1:" + free);
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("Finished! Handshake results: 0 OK | 1 FAILED")
                .contains("connection refused: 1");
        assertThat(new CommandLine(new HandshakeCommand()).setErr(new PrintWriter(new StringWriter()))
                .execute("--timeout", "x", "127.0.0.1")).isEqualTo(2);
        assertThat(new CommandLine(new HandshakeCommand()).setErr(new PrintWriter(new StringWriter()))
                .execute("--chain", "nosuchchain", "127.0.0.1")).isEqualTo(2);
    }

    /** The raw text of a top-level field of one of the tool's flat JSON lines (strings without their quotes). */
    static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":");
        int v = i + name.length() + 3;
        if (json.charAt(v) == '"') return json.substring(v + 1, json.indexOf('"', v + 1));
        int end = v;
        while (end < json.length() && ",}".indexOf(json.charAt(end)) < 0) end++;
        return json.substring(v, end);
    }
}
