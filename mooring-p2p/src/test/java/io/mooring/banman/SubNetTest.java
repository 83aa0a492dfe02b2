package io.mooring.banman;

import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.Network;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubNetTest {
    static NetAddress a(String s) {
        return NetAddress.parse(s);
    }

    @Test
    void cidrIpv4IsNormalisedAndMatchesInside() {
        SubNet s = SubNet.parse("1.2.3.4/24");
        assertThat(s.toString()).isEqualTo("1.2.3.0/24");
        assertThat(s.matches(a("1.2.3.200"))).isTrue();
        assertThat(s.matches(a("1.2.4.1"))).isFalse();
    }

    @Test
    void fullNetmaskSyntaxEqualsCidr() {
        assertThat(SubNet.parse("1.2.3.4/255.255.255.0")).isEqualTo(SubNet.parse("1.2.3.0/24"));
        assertThat(SubNet.parse("1.2.3.4/255.255.128.0").toString()).isEqualTo("1.2.0.0/17");
    }

    @Test
    void nonContiguousOrForeignNetmaskIsInvalid() {
        assertThat(SubNet.tryParse("1.2.3.4/255.0.255.0")).isEmpty();
        assertThat(SubNet.tryParse("1.2.3.4/255.255.255.1")).isEmpty();
        assertThat(SubNet.tryParse("1.2.3.4/ffff::")).isEmpty();
    }

    @Test
    void singleAddressesAreHostSubnets() {
        assertThat(SubNet.parse("1.2.3.4").toString()).isEqualTo("1.2.3.4/32");
        assertThat(SubNet.parse("2001:db8::1").toString()).isEqualTo("2001:db8::1/128");
        assertThat(SubNet.parse("[2001:4860::1]").toString()).isEqualTo("2001:4860::1/128");
        assertThat(SubNet.parse("1.2.3.4").matches(a("1.2.3.4"))).isTrue();
        assertThat(SubNet.parse("1.2.3.4").matches(a("1.2.3.5"))).isFalse();
    }

    @Test
    void ipv6PrefixesMatchAndPrint() {
        SubNet s = SubNet.parse("2001:4860:1234:5678::1/64");
        assertThat(s.toString()).isEqualTo("2001:4860:1234:5678::/64");
        assertThat(s.matches(a("2001:4860:1234:5678:ffff::2"))).isTrue();
        assertThat(s.matches(a("2001:4860:1234:5679::2"))).isFalse();
        assertThat(SubNet.parse("::/0").toString()).isEqualTo("::/0");
        assertThat(SubNet.parse("2001:4860::/33").prefixLength()).isEqualTo(33);
    }

    @Test
    void prefixOutOfRangeOrNotANumberIsInvalid() {
        assertThat(SubNet.tryParse("1.2.3.4/33")).isEmpty();
        assertThat(SubNet.tryParse("2001:4860::/129")).isEmpty();
        assertThat(SubNet.tryParse("1.2.3.4/")).isEmpty();
        assertThat(SubNet.tryParse("1.2.3.4/-1")).isEmpty();
        assertThat(SubNet.tryParse("1.2.3.4/+8")).isEmpty();
        assertThat(SubNet.tryParse("")).isEmpty();
        assertThat(SubNet.tryParse("example.com")).isEmpty();
        assertThat(SubNet.tryParse("1.2.3.4\0")).isEmpty();
        assertThat(SubNet.parse("1.2.3.4/024").toString()).isEqualTo("1.2.3.0/24");
    }

    @Test
    void zeroPrefixMatchesEveryValidAddressOfItsNetworkOnly() {
        SubNet all4 = SubNet.parse("0.0.0.0/0");
        assertThat(all4.toString()).isEqualTo("0.0.0.0/0");
        assertThat(all4.matches(a("8.8.8.8"))).isTrue();
        assertThat(all4.matches(a("2001:4860::1"))).isFalse();
        assertThat(all4.matches(a("0.0.0.0"))).isFalse(); // Core: an invalid address never matches
    }

    @Test
    void torI2pAndCjdnsAreSingleAddressesWithoutPrefix() {
        String onion = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
        SubNet tor = SubNet.parse(onion);
        assertThat(tor.toString()).isEqualTo(onion);
        assertThat(tor.network().network()).isEqualTo(Network.TORV3);
        assertThat(tor.matches(a(onion))).isTrue();
        assertThat(SubNet.tryParse(onion + "/32")).isEmpty();

        String i2p = "udhdrtrcetjm5sxzskjyr5ztpeszydbh4dpl3pl4utgqqw2v4jna.b32.i2p";
        assertThat(SubNet.parse(i2p).toString()).isEqualTo(i2p);
        assertThat(SubNet.parse(i2p).matches(a(i2p))).isTrue();

        SubNet cjdns = SubNet.parse("fc00::1");
        assertThat(cjdns.network().network()).isEqualTo(Network.CJDNS);
        assertThat(cjdns.toString()).isEqualTo("fc00::1");
        assertThat(cjdns.matches(a("fc00::1"))).isTrue();
        assertThat(SubNet.tryParse("fc00::1/64")).isEmpty();
    }

    @Test
    void cjdnsTextStaysIpv6WhenCjdnsIsNotReachableAsCoresDefault() {
        SubNet s = SubNet.parse("fc00::/8", false);
        assertThat(s.network().network()).isEqualTo(Network.IPV6);
        assertThat(s.toString()).isEqualTo("fc00::/8");
    }

    @Test
    void internalNamesCannotBeBanned() {
        assertThat(SubNet.tryParse(NetAddress.internal("seed.example.org").toString())).isEmpty();
    }

    @Test
    void orderIsCoresNetworkThenBytesThenMask() {
        assertThat(SubNet.parse("9.0.0.0/8")).isLessThan(SubNet.parse("10.0.0.0/8"));
        assertThat(SubNet.parse("10.0.0.0/8")).isLessThan(SubNet.parse("10.0.0.0/9"));
        assertThat(SubNet.parse("200.0.0.1")).isLessThan(SubNet.parse("::1"));
        assertThat(SubNet.parse("::1")).isLessThan(SubNet.parse("fc00::1"));
    }
}
