package io.mooring.netgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.netaddress.NetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Core's GetGroup / GetMappedAS (src/netgroup.cpp), with the cases of src/test/netbase_tests.cpp netbase_getgroup. */
class NetGroupManagerTest {
    private static final NetGroupManager PLAIN = NetGroupManager.noAsmap();

    private static Bytes group(NetGroupManager m, String ip) {
        return m.group(NetAddress.parse(ip));
    }

    private static Bytes b(int... v) {
        byte[] a = new byte[v.length];
        for (int i = 0; i < v.length; i++) a[i] = (byte) v[i];
        return Bytes.wrap(a);
    }

    @Test
    void coresNetbaseGetgroupCases() {
        assertThat(group(PLAIN, "127.0.0.1")).isEqualTo(b(0)); // local
        assertThat(PLAIN.group(NetAddress.UNSPECIFIED)).isEqualTo(b(0)); // "257.0.0.1" fails to parse -> ::, invalid
        assertThat(group(PLAIN, "10.0.0.1")).isEqualTo(b(0)); // RFC1918
        assertThat(group(PLAIN, "169.254.1.1")).isEqualTo(b(0)); // RFC3927
        assertThat(group(PLAIN, "1.2.3.4")).isEqualTo(b(1, 1, 2));
        assertThat(group(PLAIN, "::FFFF:0:102:304")).isEqualTo(b(1, 1, 2)); // RFC6145
        assertThat(group(PLAIN, "64:FF9B::102:304")).isEqualTo(b(1, 1, 2)); // RFC6052
        assertThat(group(PLAIN, "2002:102:304:9999:9999:9999:9999:9999")).isEqualTo(b(1, 1, 2)); // RFC3964
        assertThat(group(PLAIN, "2001:0:9999:9999:9999:9999:FEFD:FCFB")).isEqualTo(b(1, 1, 2)); // RFC4380
        assertThat(group(PLAIN, "2001:470:abcd:9999:9999:9999:9999:9999")).isEqualTo(b(2, 32, 1, 4, 112, 175)); // he.net
        assertThat(group(PLAIN, "2001:2001:9999:9999:9999:9999:9999:9999")).isEqualTo(b(2, 32, 1, 32, 1));
        // baz.net sha256 = 12929400eb4607c4ac07...
        assertThat(PLAIN.group(NetAddress.internal("baz.net")))
                .isEqualTo(b(6, 0x12, 0x92, 0x94, 0x00, 0xeb, 0x46, 0x07, 0xc4, 0xac, 0x07));
    }

    @Test
    void torI2pAndCjdnsKeepFourOrTwelveBits() {
        byte[] key = new byte[32];
        key[0] = (byte) 0xa5;
        key[1] = 0x5a;
        assertThat(PLAIN.group(NetAddress.torV3(key))).isEqualTo(b(3, 0xaf));
        assertThat(PLAIN.group(NetAddress.i2p(key))).isEqualTo(b(4, 0xaf));
        assertThat(group(PLAIN, "fc12:3456::1")).isEqualTo(b(5, 0xfc, 0x1f));
        assertThat(NetGroupManager.netClass(NetAddress.parse("fc12:3456::1"))).isEqualTo(NetGroupManager.NET_CJDNS);
    }

    @Test
    void otherUnroutableRangesShareGroupZero() {
        for (String ip : List.of("192.168.1.1", "100.64.0.1", "198.18.0.1", "192.0.2.1", "fe80::1", "fd00::1",
                "2001:10::1", "2001:db8::1", "::1", "0.1.2.3")) {
            assertThat(group(PLAIN, ip)).as(ip).isEqualTo(b(0));
            assertThat(NetGroupManager.netClass(NetAddress.parse(ip))).as(ip).isEqualTo(NetGroupManager.NET_UNROUTABLE);
        }
    }

    @Test
    void teredoAndSixToFourUnwrapTheirIpv4() {
        NetAddress teredo = NetAddress.parse("2001:0:9999:9999:9999:9999:FEFD:FCFB");
        assertThat(NetGroupManager.linkedIPv4(teredo)).isEqualTo(0x01020304);
        assertThat(NetGroupManager.netClass(teredo)).isEqualTo(NetGroupManager.NET_IPV4);
        // an unroutable embedded IPv4 does not make the address unroutable (Core checks the IPv6 address)
        assertThat(group(PLAIN, "2002:a00:1::")).isEqualTo(b(1, 10, 0));
    }

    private static NetGroupManager withTestMap() {
        return NetGroupManager.withAsmap(AsmapFixtures.map(AsmapFixtures.RAW));
    }

    @Test
    void asmapGroupsAreTheAsnLittleEndianUnderTheIpv6Class() {
        NetGroupManager m = withTestMap();
        assertThat(m.usingAsmap()).isTrue();
        assertThat(m.mappedAs(NetAddress.parse("250.1.1.1"))).isEqualTo(1000);
        assertThat(group(m, "250.1.1.1")).isEqualTo(b(2, 0xe8, 0x03, 0, 0));
        assertThat(group(m, "250.200.1.1")).isEqualTo(b(2, 0xe8, 0x03, 0, 0)); // one AS, different /16
        for (int n = 1; n <= 8; n++) {
            assertThat(group(m, "101." + n + ".9.9")).isEqualTo(b(2, n, 0, 0, 0));
        }
        // embedded IPv4 is looked up as ::ffff:a.b.c.d of the embedded address
        assertThat(group(m, "2002:fa01:101::1")).isEqualTo(b(2, 0xe8, 0x03, 0, 0));
        assertThat(group(m, "64:ff9b::6506:1")).isEqualTo(b(2, 6, 0, 0, 0));
    }

    @Test
    void asmapLeavesUnroutableAndNonClearnetAddressesAlone() {
        NetGroupManager m = withTestMap();
        assertThat(m.mappedAs(NetAddress.parse("10.0.0.1"))).isZero();
        assertThat(group(m, "10.0.0.1")).isEqualTo(b(0));
        assertThat(group(m, "127.0.0.1")).isEqualTo(b(0));
        byte[] key = new byte[32];
        assertThat(m.mappedAs(NetAddress.torV3(key))).isZero();
        assertThat(m.group(NetAddress.torV3(key))).isEqualTo(b(3, 0x0f));
        assertThat(m.group(NetAddress.internal("baz.net")).get(0)).isEqualTo((byte) 6);
    }

    @Test
    void unmappedClearnetAddressesFallBackToPrefixGroups() {
        NetGroupManager m = NetGroupManager.withAsmap(AsmapFixtures.map(AsmapFixtures.UNFILLED));
        // 2001:db9:: is routable IPv6 outside any announced prefix in the unfilled map?
        NetAddress a = NetAddress.parse("2a0f:ffff:ffff::1");
        if (m.mappedAs(a) == 0) {
            assertThat(m.group(a)).isEqualTo(b(2, 0x2a, 0x0f, 0xff, 0xff));
        }
        assertThat(m.mappedAs(NetAddress.parse("8.8.8.8"))).isEqualTo(15169);
        assertThat(m.mappedAs(NetAddress.parse("2001:4860:4860::8888"))).isEqualTo(15169);
        assertThat(group(m, "8.8.8.8")).isEqualTo(group(m, "2001:4860:4860::8888"));
    }

    @Test
    void versionIsSha256dOfTheFileAndZeroWithoutAMap() {
        assertThat(PLAIN.asmapVersion()).isEqualTo(Hash256.ZERO);
        assertThat(PLAIN.usingAsmap()).isFalse();
        // feature_asmap.py: VERSION = 'bafc9da3...00f68895' (current Core)
        assertThat(withTestMap().asmapVersion().toString())
                .isEqualTo("bafc9da308f45179443bd1d22325400ac9104f741522d003e3fac86700f68895");
        // older feature_asmap.py (bit-vector formula)
        assertThat(AsmapFixtures.map(AsmapFixtures.RAW).legacyChecksum().toString())
                .isEqualTo("fec61fa21a9f46f3b17bdcd660d7f4cd90b966aad3aec593c99b35f0aca15853");
        assertThat(HexFormat.of().formatHex(withTestMap().asmapVersion().toInternalBytes())).startsWith("9588f600");
    }

    @Test
    void healthCheckCountsPeersAsnsAndUnmapped() {
        NetGroupManager m = withTestMap();
        List<NetAddress> peers = List.of(NetAddress.parse("250.1.1.1"), NetAddress.parse("250.2.2.2"),
                NetAddress.parse("101.1.0.1"), NetAddress.parse("101.2.0.1"), NetAddress.parse("10.0.0.1"));
        NetGroupManager.HealthCheck h = m.healthCheck(peers);
        assertThat(h).isEqualTo(new NetGroupManager.HealthCheck(5, 3, 1));
        assertThat(h.logLine())
                .isEqualTo("ASMap Health Check: 5 clearnet peers are mapped to 3 ASNs with 1 peers being unmapped");
    }
}
