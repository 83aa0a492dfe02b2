package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DNS seeding end to end: a node asks a loopback DNS server (-dnsserver) for its chain's seeds. */
class DnsSeedNodeTest {
    @TempDir
    Path home;

    static Set<String> addrmanEndpoints(MooringNode node) {
        return node.shell().query(pm -> node.addrMan().getAddr(0, 0, null, false, Instant.now()).stream()
                .map(PeerAddress::endpoint).map(NetEndpoint::toString).collect(Collectors.toSet())).join();
    }

    LoopbackDnsServer regtestSeed() throws Exception {
        // Regtest's one seed is "dummySeed.invalid."; Core asks its x9 subdomain.
        return new LoopbackDnsServer().answer("x9.dummySeed.invalid.", "127.0.0.11", "127.0.0.12", "127.0.0.13",
                "1.2.3.4", "::1", "2001:4860::8844");
    }

    @Test
    void anEmptyAddressManagerIsFilledFromTheSeedAtOnceAndLoopbackStaysOutByDefault() throws Exception {
        try (LoopbackDnsServer dns = regtestSeed();
             NodeStartup.Ready r = TestDaemons.prepare(home, "-regtest", "-datadir=" + home, "-listen=0",
                     "-server=0", "-printtoconsole=0", "-dnsserver=127.0.0.1:" + dns.port())) {
            MooringNode node = new MooringNode(r.config(), Clock.systemUTC());
            node.start();
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> addrmanEndpoints(node).size() >= 2);
                assertThat(addrmanEndpoints(node)).containsExactlyInAnyOrder("1.2.3.4:18444",
                        "[2001:4860::8844]:18444");
                assertThat(dns.questions).contains("x9.dummySeed.invalid. A", "x9.dummySeed.invalid. AAAA");
                // Core's log lines; "found" counts every answer, before the address manager's own checks.
                Path log = r.config().chainDir().resolve("debug.log");
                await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log)
                        .contains("6 addresses found from DNS seeds"));
                assertThat(Files.readString(log)).contains("Loading addresses from DNS seed dummySeed.invalid.");
            } finally {
                node.close();
            }
        }
    }

    @Test
    void withRegtestRoutableLoopbackTheLoopbackAnswersAreKeptToo() throws Exception {
        try (LoopbackDnsServer dns = regtestSeed();
             NodeStartup.Ready r = TestDaemons.prepare(home, "-regtest", "-datadir=" + home, "-listen=0",
                     "-server=0", "-printtoconsole=0", "-dnsserver=127.0.0.1:" + dns.port(),
                     "-regtestroutableloopback")) {
            MooringNode node = new MooringNode(r.config(), Clock.systemUTC());
            node.start();
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> addrmanEndpoints(node).size() >= 5);
                assertThat(addrmanEndpoints(node)).containsExactlyInAnyOrder("127.0.0.11:18444", "127.0.0.12:18444",
                        "127.0.0.13:18444", "1.2.3.4:18444", "[2001:4860::8844]:18444"); // ::1 stays unroutable
            } finally {
                node.close();
            }
        }
    }

    @Test
    void dnsSeedZeroAsksNothing() throws Exception {
        try (LoopbackDnsServer dns = regtestSeed();
             NodeStartup.Ready r = TestDaemons.prepare(home, "-regtest", "-datadir=" + home, "-listen=0",
                     "-server=0", "-printtoconsole=0", "-dnsserver=127.0.0.1:" + dns.port(), "-dnsseed=0")) {
            MooringNode node = new MooringNode(r.config(), Clock.systemUTC());
            node.start();
            try {
                Thread.sleep(1500);
                assertThat(dns.questions).isEmpty();
                assertThat(addrmanEndpoints(node)).isEmpty();
            } finally {
                node.close();
            }
        }
    }

    @Test
    void aSilentSeedNeitherBlocksTheNodeNorStopsTheNextSeed() throws Exception {
        ObjectNode chain = (ObjectNode) new ObjectMapper().readTree(
                ChainParamsLoader.toJson(ChainParamsLoader.builtIn("regtest")));
        chain.put("id", "seedtest");
        chain.put("dataDirName", "seedtest");
        chain.putArray("dnsSeeds").add("slow.test.").add("fast.test.");
        Path file = Files.writeString(home.resolve("seedtest.json"), chain.toString());
        try (LoopbackDnsServer dns = new LoopbackDnsServer().silent("x9.slow.test.")
                .answer("x9.fast.test.", "5.6.7.8", "9.9.9.9");
             NodeStartup.Ready r = TestDaemons.prepare(home, "-chain=" + file, "-datadir=" + home, "-listen=0",
                     "-server=0", "-printtoconsole=0", "-dnsserver=127.0.0.1:" + dns.port())) {
            MooringNode node = new MooringNode(r.config(), Clock.systemUTC());
            node.start();
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> dns.questions.contains("x9.slow.test. A"));
                // While the silent seed's query waits for its timeout, the node loop answers at once.
                long start = System.nanoTime();
                node.shell().query(pm -> pm.connectionCount()).get(1, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
                await().atMost(Duration.ofSeconds(30)).until(() -> addrmanEndpoints(node).size() >= 2);
                assertThat(addrmanEndpoints(node)).containsExactlyInAnyOrder("5.6.7.8:18444", "9.9.9.9:18444");
            } finally {
                node.close();
            }
        }
    }
}
