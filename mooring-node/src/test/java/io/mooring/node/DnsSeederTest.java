package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import io.mooring.seeds.DnsSeeding;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The dnsjava resolver against a loopback server, and RFC 6761's .invalid names. */
class DnsSeederTest {
    @Test
    void aAndAaaaAnswersComeBackAsAddresses() throws Exception {
        try (LoopbackDnsServer dns = new LoopbackDnsServer().answer("x9.seed.example.", "1.2.3.4", "2001:db8::1",
                "2001:4860::1")) {
            DnsSeeder.HostResolver r = DnsSeeder.dnsjava(Optional.of("127.0.0.1:" + dns.port()), Duration.ofSeconds(2));
            assertThat(r.resolve("x9.seed.example.")).containsExactly(NetAddress.parse("1.2.3.4"),
                    NetAddress.parse("2001:db8::1"), NetAddress.parse("2001:4860::1"));
            assertThat(r.resolve("unknown.example.")).isEmpty(); // NXDOMAIN
        }
    }

    @Test
    void aSilentServerGivesNothingAfterTheTimeout() throws Exception {
        try (LoopbackDnsServer dns = new LoopbackDnsServer().silent("x9.slow.example.")) {
            DnsSeeder.HostResolver r = DnsSeeder.dnsjava(Optional.of("127.0.0.1:" + dns.port()),
                    Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThat(r.resolve("x9.slow.example.")).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(dns.questions).contains("x9.slow.example. A", "x9.slow.example. AAAA");
        }
    }

    @Test
    void invalidNamesAreNeverSentToTheSystemResolvers() {
        assertThat(DnsSeeder.isReservedInvalid("x9.dummySeed.invalid.")).isTrue();
        assertThat(DnsSeeder.isReservedInvalid("dummySeed.INVALID")).isTrue();
        assertThat(DnsSeeder.isReservedInvalid("seed.bitcoin.sipa.be.")).isFalse();
        assertThat(DnsSeeder.isReservedInvalid("invalid.example.")).isFalse();
        assertThat(DnsSeeder.dnsjava(Optional.empty(), Duration.ofMillis(100)).resolve("x9.dummySeed.invalid."))
                .isEmpty();
    }

    @Test
    void answersGoToTheSinkWithTheHostAsSourceAndASilentSeedFallsBackToAnAddrFetch() {
        Map<NetAddress, List<PeerAddress>> added = new ConcurrentHashMap<>();
        List<String> fetched = new CopyOnWriteArrayList<>();
        DnsSeeding seeding = new DnsSeeding(List.of("a.example.", "b.example."), false, false,
                new SplittableRandom(1), Clock.systemUTC().instant());
        DnsSeeder.HostResolver resolver = host -> host.equals("x9.a.example.")
                ? List.of(NetAddress.parse("1.2.3.4"), NetAddress.parse("5.6.7.8")) : List.of();
        try (DnsSeeder seeder = new DnsSeeder(seeding, resolver, () -> new DnsSeeding.Status(0, 0, true),
                (list, source) -> added.put(source, list), fetched::add, 8333, Clock.systemUTC(), new SplittableRandom(2)).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> fetched.size() == 1 && added.size() == 1);
            assertThat(added.get(NetAddress.internal("x9.a.example."))).extracting(PeerAddress::endpoint)
                    .extracting(Object::toString).containsExactly("1.2.3.4:8333", "5.6.7.8:8333");
            assertThat(fetched).containsExactly("b.example.");
            assertThat(seeding.found()).isEqualTo(2);
        }
    }
}
