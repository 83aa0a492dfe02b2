package io.mooring.wire.netaddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Core's classification (netaddress.cpp IsValid/IsRoutable/IsLocal/IsRFCxxxx) per RFC range. */
class AddressPredicatesTest {

    private static List<String> rfcFlags(NetAddress a) {
        List<String> out = new ArrayList<>();
        if (a.isRFC1918()) out.add("1918");
        if (a.isRFC2544()) out.add("2544");
        if (a.isRFC3927()) out.add("3927");
        if (a.isRFC6598()) out.add("6598");
        if (a.isRFC5737()) out.add("5737");
        if (a.isRFC3849()) out.add("3849");
        if (a.isRFC3964()) out.add("3964");
        if (a.isRFC6052()) out.add("6052");
        if (a.isRFC4380()) out.add("4380");
        if (a.isRFC4862()) out.add("4862");
        if (a.isRFC4193()) out.add("4193");
        if (a.isRFC6145()) out.add("6145");
        if (a.isRFC4843()) out.add("4843");
        if (a.isRFC7343()) out.add("7343");
        if (a.isHeNet()) out.add("HE");
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // address                         | valid | routable | local | ranges
            "1.2.3.4                           | true  | true     | false | ''",
            "8.8.8.8                           | true  | true     | false | ''",
            "0.0.0.0                           | false | false    | true  | ''",
            "0.1.2.3                           | true  | false    | true  | ''",
            "255.255.255.255                   | false | false    | false | ''",
            "127.0.0.1                         | true  | false    | true  | ''",
            "127.255.255.254                   | true  | false    | true  | ''",
            "10.0.0.1                          | true  | false    | false | 1918",
            "172.16.0.1                        | true  | false    | false | 1918",
            "172.31.255.255                    | true  | false    | false | 1918",
            "172.15.0.1                        | true  | true     | false | ''",
            "172.32.0.1                        | true  | true     | false | ''",
            "192.168.1.1                       | true  | false    | false | 1918",
            "198.18.0.1                        | true  | false    | false | 2544",
            "198.19.255.255                    | true  | false    | false | 2544",
            "198.20.0.1                        | true  | true     | false | ''",
            "169.254.1.1                       | true  | false    | false | 3927",
            "100.64.0.1                        | true  | false    | false | 6598",
            "100.127.255.255                   | true  | false    | false | 6598",
            "100.128.0.1                       | true  | true     | false | ''",
            "100.63.0.1                        | true  | true     | false | ''",
            "192.0.2.1                         | true  | false    | false | 5737",
            "198.51.100.1                      | true  | false    | false | 5737",
            "203.0.113.1                       | true  | false    | false | 5737",
            "240.0.0.1                         | true  | true     | false | ''",
            "::                                | false | false    | false | ''",
            "::1                               | true  | false    | true  | ''",
            "::2                               | true  | true     | false | ''",
            "2001:db8::1                       | false | false    | false | 3849",
            "2002:102:304::1                   | true  | true     | false | 3964",
            "64:ff9b::102:304                  | true  | true     | false | 6052",
            "2001::1                           | true  | true     | false | 4380",
            "fe80::1                           | true  | false    | false | 4862",
            "fe80:0:0:1::1                     | true  | true     | false | ''",
            "fd00::1                           | true  | false    | false | 4193",
            "fd6b:88c0:8725::1                 | true  | false    | false | 4193",
            "::ffff:0:102:304                  | true  | true     | false | 6145",
            "2001:10::1                        | true  | false    | false | 4843",
            "2001:1f::1                        | true  | false    | false | 4843",
            "2001:20::1                        | true  | false    | false | 7343",
            "2001:2f::1                        | true  | false    | false | 7343",
            "2001:30::1                        | true  | true     | false | ''",
            "2001:470::1                       | true  | true     | false | HE",
            "2a01:4f8::1                       | true  | true     | false | ''",
            "fc00::1                           | true  | true     | false | ''",
            "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion | true | true | false | ''",
            "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p   | true | true | false | ''",
            "zklycewkdo64v6wc.internal         | false | false    | false | ''",
    })
    void classificationFollowsCore(String text, boolean valid, boolean routable, boolean local, String ranges) {
        NetAddress a = NetAddress.parse(text);
        assertThat(a.isValid()).as("valid").isEqualTo(valid);
        assertThat(a.isRoutable()).as("routable").isEqualTo(routable);
        assertThat(a.isLocal()).as("local").isEqualTo(local);
        assertThat(rfcFlags(a)).as("ranges").isEqualTo(ranges.isEmpty() ? List.of() : List.of(ranges));
    }

    @Test
    void fc00TextIsCjdnsButFc00BytesAsIpv6AreUniqueLocal() {
        NetAddress cjdns = NetAddress.parse("fc00::1");
        assertThat(cjdns.network()).isEqualTo(Network.CJDNS);
        assertThat(cjdns.isCJDNS()).isTrue();
        assertThat(cjdns.isIPv6()).isFalse();
        NetAddress ula = NetAddress.ipv6(cjdns.bytes().toArray());
        assertThat(ula.network()).isEqualTo(Network.IPV6);
        assertThat(ula.isRFC4193()).isTrue();
        assertThat(ula.isRoutable()).isFalse();
    }

    @Test
    void networkPredicatesAndV1Compatibility() {
        assertThat(NetAddress.parse("1.2.3.4").isIPv4()).isTrue();
        assertThat(NetAddress.parse("::2").isIPv6()).isTrue();
        NetAddress onion = NetAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
        assertThat(onion.isTor()).isTrue();
        assertThat(onion.isAddrV1Compatible()).isFalse();
        NetAddress i2p = NetAddress.parse("ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p");
        assertThat(i2p.isI2P()).isTrue();
        assertThat(i2p.isAddrV1Compatible()).isFalse();
        assertThat(NetAddress.parse("fc00::1").isAddrV1Compatible()).isFalse();
        assertThat(NetAddress.internal("x").isAddrV1Compatible()).isTrue();
        assertThat(NetAddress.internal("x").isInternal()).isTrue();
        assertThat(NetAddress.parse("::2").isAddrV1Compatible()).isTrue();
    }

    @Test
    void handMadeIpv6WithEmbeddedPrefixesIsNotValid() {
        byte[] mapped = NetAddress.parse("1.2.3.4").toV1Bytes();
        NetAddress odd = new NetAddress(Network.IPV6, io.mooring.wire.Bytes.wrap(mapped));
        assertThat(odd.isValid()).isFalse();
        assertThat(NetAddress.ipv6(mapped)).isEqualTo(NetAddress.parse("1.2.3.4"));
    }
}
