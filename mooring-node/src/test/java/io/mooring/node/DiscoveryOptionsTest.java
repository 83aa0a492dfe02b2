package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The discovery options' startup checks and defaults. */
class DiscoveryOptionsTest {
    @TempDir
    Path home;

    @Test
    void regtestRoutableLoopbackIsRefusedOffRegtest() {
        assertThatThrownBy(() -> TestDaemons.prepare(home, "-testnet4", "-datadir=" + home, "-printtoconsole=0",
                "-regtestroutableloopback")).isInstanceOf(ConfigException.class)
                .hasMessage("-regtestroutableloopback is only supported on regtest (chain is 'testnet4')");
    }

    @Test
    void regtestRoutableLoopbackIsOffByDefaultAndOnWhenAsked() throws Exception {
        try (NodeStartup.Ready off = TestDaemons.prepare(home, "-regtest", "-datadir=" + home, "-printtoconsole=0")) {
            assertThat(off.config().regtestRoutableLoopback()).isFalse();
        }
        try (NodeStartup.Ready on = TestDaemons.prepare(home, "-regtest", "-datadir=" + home, "-printtoconsole=0",
                "-regtestroutableloopback")) {
            assertThat(on.config().regtestRoutableLoopback()).isTrue();
        }
    }

    @Test
    void forcingSwitchedOffDnsSeedsIsAnError() {
        assertThatThrownBy(() -> TestDaemons.prepare(home, "-regtest", "-datadir=" + home, "-printtoconsole=0",
                "-dnsseed=0", "-forcednsseed")).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot set -forcednsseed to true when setting -dnsseed to false.");
    }

    @Test
    void connectTurnsDnsSeedingOffAndDnsServerIsParsed() throws Exception {
        try (NodeStartup.Ready r = TestDaemons.prepare(home, "-regtest", "-datadir=" + home, "-printtoconsole=0",
                "-connect=127.0.0.1:1", "-dnsserver=127.0.0.1:5353")) {
            assertThat(r.config().dnsSeed()).isFalse();
            assertThat(r.config().dnsServer()).contains("127.0.0.1:5353");
        }
        assertThatThrownBy(() -> TestDaemons.prepare(home, "-regtest", "-datadir=" + home, "-printtoconsole=0",
                "-dnsserver=[::1")).isInstanceOf(ConfigException.class);
    }
}
