package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.netaddress.NetAddress;
import java.time.Duration;
import java.util.Optional;
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
}
