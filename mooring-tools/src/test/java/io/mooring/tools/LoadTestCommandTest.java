package io.mooring.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerManager;
import io.mooring.net.PeerManagerOptions;
import io.mooring.netshell.NetworkShell;
import io.mooring.netshell.ShellOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The load tool against a real node shell on loopback, in this JVM. */
class LoadTestCommandTest {
    static final int REGTEST = 0xFABFB5DA;

    private NetworkShell shell;

    InetSocketAddress startNode(int maxConnections) throws Exception {
        ShellOptions opts = new ShellOptions(List.of(new InetSocketAddress("127.0.0.1", 0)), maxConnections,
                5_000_000, 1_000_000, null, null, true);
        shell = new NetworkShell(REGTEST, opts, Clock.systemUTC(),
                outbox -> new PeerManager(PeerManagerOptions.defaults("/Mooring:test/"), new SplittableRandom(1), outbox));
        return shell.start().getFirst();
    }

    @AfterEach
    void stop() {
        if (shell != null) {
            shell.close();
        }
    }

    int handshakedInbound() {
        return shell.query(pm -> (int) pm.peerIds().stream().map(pm::peer)
                .filter(p -> p.connectionType() == ConnectionType.INBOUND && p.isSuccessfullyConnected()).count()).join();
    }

    @Test
    void theCommandCompletesEveryHandshakeAndReportsItAsJson() throws Exception {
        InetSocketAddress node = startNode(125);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new LoadTestCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--connect", "127.0.0.1:" + node.getPort(), "--peers", "60", "--concurrency", "16",
                        "--chain", "regtest", "--timeout", "8", "--json");
        assertThat(code).as(out + " " + err).isZero();
        String json = out.toString().trim();
        assertThat(json).startsWith("{").endsWith("}")
                .contains("\"peers\":60,\"completed\":60,\"failed\":0,\"failures\":{}")
                .contains("\"handshakes_per_second\":").contains("\"p99\":");
    }

    @Test
    void peersIdleAnsweringPingsAndTheNodeCountsThemAll() throws Exception {
        InetSocketAddress node = startNode(125);
        AtomicInteger seenByNode = new AtomicInteger(-1);
        LoadTest.Result r = LoadTest.run(new LoadTest.Config(node, REGTEST, 40, 8, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(8), 1, line -> seenByNode.set(handshakedInboundSettled(40))));
        assertThat(r.completed()).isEqualTo(40);
        assertThat(r.failures()).isEmpty();
        assertThat(seenByNode.get()).isEqualTo(40);
        assertThat(r.connectedAfterIdle()).isEqualTo(40);
        assertThat(r.closedDuringIdle()).isZero();
        // The node pings every peer right after its verack; every ping got its pong.
        assertThat(r.pingsAnswered()).isGreaterThanOrEqualTo(40);
        assertThat(shell.query(pm -> pm.peerIds().stream().map(pm::peer)
                .allMatch(p -> p.lastPingTime() != null)).join()).isTrue();
        assertThat(r.p50Millis()).isPositive();
        assertThat(r.p99Millis()).isGreaterThanOrEqualTo(r.p50Millis());
    }

    @Test
    void connectionsBeyondTheInboundLimitAreFailuresWithTheirReason() throws Exception {
        // maxconnections 16 leaves 16 - 11 = 5 inbound slots (Core's formula).
        InetSocketAddress node = startNode(16);
        LoadTest.Result r = LoadTest.run(new LoadTest.Config(node, REGTEST, 9, 9, Duration.ZERO,
                Duration.ofSeconds(5), Duration.ofSeconds(8), 1, null));
        assertThat(r.completed()).isEqualTo(5);
        // The node closes each extra connection; whether TCP delivers that as a FIN or (with our version still
        // unread in its buffer) a reset is timing.
        assertThat(r.failures().keySet()).isSubsetOf("closed by node before version", "connection reset by node");
        assertThat(r.failures().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
    }

    @Test
    void aClosedPortIsAConnectFailure() throws Exception {
        InetSocketAddress node = startNode(125);
        shell.close();
        shell = null;
        LoadTest.Result r = LoadTest.run(new LoadTest.Config(node, REGTEST, 3, 3, Duration.ZERO,
                Duration.ofSeconds(5), Duration.ofSeconds(8), 1, null));
        assertThat(r.completed()).isZero();
        assertThat(r.failures()).containsEntry("connect refused", 3);
    }

    @Test
    void onlyLoopbackTargetsAndKnownMagics() {
        assertThatThrownBy(() -> LoadTestCommand.target("192.0.2.1:8333")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> LoadTestCommand.target("127.0.0.1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(LoadTestCommand.target("[::1]:18444").getPort()).isEqualTo(18444);
        assertThat(LoadTestCommand.magic("regtest")).isEqualTo(REGTEST);
        assertThat(LoadTestCommand.magic("0xF9BEB4D9")).isEqualTo(0xF9BEB4D9);
        assertThatThrownBy(() -> LoadTestCommand.magic("nonet")).isInstanceOf(IllegalArgumentException.class);
        StringWriter err = new StringWriter();
        int code = new CommandLine(new LoadTestCommand()).setErr(new PrintWriter(err))
                .execute("--connect", "192.0.2.1:8333", "--peers", "1");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("loopback");
    }

    /**
     * The tool counts a handshake when the node's verack arrives; the node counts it when the tool's verack arrives,
     * a moment later. Wait (briefly) for the node's count to settle on {@code expected}.
     */
    private int handshakedInboundSettled(int expected) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        int seen = handshakedInbound();
        while (seen != expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            seen = handshakedInbound();
        }
        return seen;
    }
}
