package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.wire.netaddress.NetEndpoint;
import org.junit.jupiter.api.Test;

class HostTargetsTest {
    @Test
    void numericAddressesAndPrivacyNamesAreNumericTargets() {
        assertThat(HostTargets.parse("1.2.3.4", 8333)).isEqualTo(new HostTargets.Numeric(NetEndpoint.parse("1.2.3.4:8333")));
        assertThat(HostTargets.parse("[2001:db8::1]:18444", 8333))
                .isEqualTo(new HostTargets.Numeric(NetEndpoint.parse("[2001:db8::1]:18444")));
        assertThat(HostTargets.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion", 8333))
                .isInstanceOf(HostTargets.Numeric.class);
    }

    @Test
    void hostNamesKeepTheirPortOrGetTheDefaultAndAreLowerCased() {
        assertThat(HostTargets.parse("Node.Example.com", 8333))
                .isEqualTo(new HostTargets.Named(new HostTargets.HostName("node.example.com", 8333)));
        assertThat(HostTargets.parse("bitcoind:18444", 8333))
                .isEqualTo(new HostTargets.Named(new HostTargets.HostName("bitcoind", 18444)));
        assertThat(HostTargets.parse("seed.example.", 8333)).isInstanceOf(HostTargets.Named.class);
    }

    @Test
    void neitherAnAddressNorAHostNameIsRefused() {
        assertThatThrownBy(() -> HostTargets.parse("node.example.com:99999", 8333))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> HostTargets.parse("under_score.example", 8333))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostTargets.parse("-lead.example", 8333)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostTargets.parse("1.2.3.999", 8333)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostTargets.parse("", 8333)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostTargets.parse("a..b", 8333)).isInstanceOf(IllegalArgumentException.class);
    }
}
