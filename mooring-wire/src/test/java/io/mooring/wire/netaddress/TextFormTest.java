package io.mooring.wire.netaddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Text forms of addresses and endpoints, network names and service-bit names. */
class TextFormTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1.2.3.4, 1.2.3.4",
            "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "[2001:db8::1], 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "0:0:0:0:0:0:0:0, ::",
            "::1, ::1",
            "1::, 1::",
            "1:0:0:0:0:0:0:0, 1::",
            "::ffff:1.2.3.4, 1.2.3.4",
            "::ffff:0102:0304, 1.2.3.4",
            "::1.2.3.4, ::102:304",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
            "FC00:1:2:3:4:5:6:7, fc00:1:2:3:4:5:6:7",
            "UDHDrtrcetjm5sxzskjyr5ztpeszydbh4dpl3pl4utgqqw2v4jna.b32.I2P, udhdrtrcetjm5sxzskjyr5ztpeszydbh4dpl3pl4utgqqw2v4jna.b32.i2p",
            "PG6MMJIYJMCRSSLVYKFWNNTLARU7P5SVN6Y2YMMJU6NUBXNDF4PSCRYD.onion, pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion",
            "fd6b:88c0:8724:ca97:8112:ca1b:bdca:fac2, zklycewkdo64v6wc.internal",
    })
    void parsesAndPrintsCanonically(String in, String out) {
        assertThat(NetAddress.parse(in).toString()).isEqualTo(out);
        assertThat(NetAddress.parse(out)).isEqualTo(NetAddress.parse(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", " 1.2.3.4", "1.2.3.4 ",
            "1..2.3", "localhost", "seed.bitcoin.sipa.be", "example.com", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
            "1::2::3", ":::", "12345::", "g::1", "::1%eth0", "[::1", "[1.2.3.4]", "::ffff:1.2.3", "1:2:3:4:5:6:7::8:9",
            "::1.2.3.4:5", "fd87:d87e:eb43::1", "6hzph5hv6337r6p2.onion", "mfrggzak.onion", "mf*g zak.onion",
            "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscsad.onion",
            "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscrye.onion",
            "udhdrtrcetjm5sxzskjyr5ztpeszydbh4dpl3pl4utgqqw2v4jnb.b32.i2p",
            "udhdrtrcetjm5sxzskjyr5ztpeszydbh4dpl3pl4utgqqw2v4jna=.b32.i2p", ".onion", ".b32.i2p", "x.internal",
            "１.2.3.4", "::１"})
    void rejectsBadHostsWithoutLookups(String host) {
        assertThatThrownBy(() -> NetAddress.parse(host)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void torV2OnionMessageSaysUnsupported() {
        assertThatThrownBy(() -> NetAddress.parse("6hzph5hv6337r6p2.onion")).hasMessageContaining("TorV2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "1.2.3.4:8333, 1.2.3.4:8333",
            "1.2.3.4, 1.2.3.4:18444",
            "[2001:db8::1]:8333, [2001:db8::1]:8333",
            "[2001:db8::1], [2001:db8::1]:18444",
            "2001:db8::1, [2001:db8::1]:18444",
            "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:8333, pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:8333",
            "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p:0, ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p:0",
            "[fc00::1]:0, [fc00::1]:0",
            "1.2.3.4:65535, 1.2.3.4:65535",
            "1.2.3.4:0, 1.2.3.4:0",
            "zklycewkdo64v6wc.internal:1, zklycewkdo64v6wc.internal:1",
    })
    void endpointsParseAndPrint(String in, String out) {
        assertThat(NetEndpoint.parse(in, 18444).toString()).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4:65536", "1.2.3.4:-1", "1.2.3.4:", "1.2.3.4:8333x", "1.2.3.4:+80",
            "[2001:db8::1]:", "[2001:db8::1]x", "[2001:db8::1", "[1.2.3.4]:80", "1.2.3.4:123456", "host:8333", ":8333"})
    void rejectsBadEndpoints(String text) {
        assertThatThrownBy(() -> NetEndpoint.parse(text, 8333)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inetAddressConversionNeedsNoLookup() throws Exception {
        InetAddress v4 = InetAddress.getByAddress(new byte[] {8, 8, 4, 4});
        assertThat(NetAddress.fromInetAddress(v4).toString()).isEqualTo("8.8.4.4");
        assertThat(NetAddress.parse("8.8.4.4").toInetAddress()).isEqualTo(v4);
        byte[] mapped = NetAddress.parse("1.2.3.4").toV1Bytes();
        assertThat(NetAddress.ipv6(mapped).network()).isEqualTo(Network.IPV4);
        assertThatThrownBy(() -> NetAddress.internal("x").toInetAddress()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> NetAddress.torV3(new byte[32]).toInetAddress()).isInstanceOf(IllegalStateException.class);
        assertThat(NetAddress.parse("fc00::1").toInetAddress().getAddress()).hasSize(16);
    }

    @Test
    void networkIdsLengthsAndNames() {
        assertThat(Network.fromBip155Id(1)).isEqualTo(Network.IPV4);
        assertThat(Network.fromBip155Id(2)).isEqualTo(Network.IPV6);
        assertThat(Network.fromBip155Id(3)).isNull();
        assertThat(Network.fromBip155Id(4)).isEqualTo(Network.TORV3);
        assertThat(Network.fromBip155Id(5)).isEqualTo(Network.I2P);
        assertThat(Network.fromBip155Id(6)).isEqualTo(Network.CJDNS);
        assertThat(Network.fromBip155Id(7)).isNull();
        assertThat(Network.fromBip155Id(0)).isNull();
        assertThat(Network.fromBip155Id(-1)).isNull();
        for (Network n : Network.values()) {
            if (n != Network.INTERNAL) assertThat(Network.fromBip155Id(n.bip155Id())).isEqualTo(n);
            assertThat(Network.fromRpcName(n.rpcName())).isEqualTo(n);
        }
        assertThat(Network.values()).extracting(Network::rpcName)
                .containsExactly("ipv4", "ipv6", "onion", "i2p", "cjdns", "internal");
        assertThat(Network.values()).extracting(Network::addressLength).containsExactly(4, 16, 32, 32, 16, 10);
        assertThat(Network.INTERNAL.bip155Id()).isEqualTo(-1);
    }

    @Test
    void serviceNamesAsCore() {
        assertThat(ServiceFlags.names(0)).isEmpty();
        assertThat(ServiceFlags.names(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS
                | ServiceFlags.NODE_NETWORK_LIMITED)).containsExactly("NETWORK", "WITNESS", "NETWORK_LIMITED");
        assertThat(ServiceFlags.names(0xc4d)).containsExactly("NETWORK", "BLOOM", "WITNESS", "COMPACT_FILTERS",
                "NETWORK_LIMITED", "P2P_V2");
        assertThat(ServiceFlags.names(2 | (1L << 24) | (1L << 63)))
                .containsExactly("UNKNOWN[2^1]", "UNKNOWN[2^24]", "UNKNOWN[2^63]");
        assertThat(ServiceFlags.names(-1L)).hasSize(64).contains("P2P_V2", "UNKNOWN[2^5]");
        assertThat(List.of(ServiceFlags.NODE_NETWORK, ServiceFlags.NODE_BLOOM, ServiceFlags.NODE_WITNESS,
                ServiceFlags.NODE_COMPACT_FILTERS, ServiceFlags.NODE_NETWORK_LIMITED, ServiceFlags.NODE_P2P_V2))
                .containsExactly(1L, 4L, 8L, 64L, 1024L, 2048L);
    }
}
