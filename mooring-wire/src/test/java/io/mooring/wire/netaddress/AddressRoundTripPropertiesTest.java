package io.mooring.wire.netaddress;

import io.mooring.wire.Bytes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Encode/decode and print/parse round trips over random addresses of every network. */
class AddressRoundTripPropertiesTest {

    static Arbitrary<byte[]> bytes(int n) {
        return Arbitraries.bytes().array(byte[].class).ofSize(n);
    }

    /** IPv6 bytes that stay IPv6 everywhere: not IPv4-mapped, TorV2, internal, or fc00::/8 (text reads as CJDNS). */
    static Arbitrary<NetAddress> ipv6() {
        return bytes(16).filter(a -> (a[0] & 0xff) != 0xfc
                        && !NetAddress.hasPrefix(a, NetAddress.IPV4_IN_IPV6_PREFIX)
                        && !NetAddress.hasPrefix(a, NetAddress.TORV2_IN_IPV6_PREFIX)
                        && !NetAddress.hasPrefix(a, NetAddress.INTERNAL_IN_IPV6_PREFIX))
                .map(a -> new NetAddress(Network.IPV6, Bytes.wrap(a)));
    }

    /** IPv6 with many zero groups, to exercise "::" compression. */
    static Arbitrary<NetAddress> sparseIpv6() {
        return Arbitraries.integers().between(0, 0xff).array(int[].class).ofSize(8)
                .map(mask -> {
                    byte[] a = new byte[16];
                    for (int g = 0; g < 8; g++) {
                        if ((mask[g] & 3) == 0) {
                            a[2 * g] = (byte) mask[g];
                            a[2 * g + 1] = (byte) (mask[g] * 7);
                        }
                    }
                    return a;
                })
                .filter(a -> (a[0] & 0xff) != 0xfc && !NetAddress.hasPrefix(a, NetAddress.IPV4_IN_IPV6_PREFIX)
                        && !NetAddress.hasPrefix(a, NetAddress.TORV2_IN_IPV6_PREFIX)
                        && !NetAddress.hasPrefix(a, NetAddress.INTERNAL_IN_IPV6_PREFIX))
                .map(a -> new NetAddress(Network.IPV6, Bytes.wrap(a)));
    }

    static Arbitrary<NetAddress> ipv4() {
        return bytes(4).map(NetAddress::ipv4);
    }

    static Arbitrary<NetAddress> cjdns() {
        return bytes(16).map(a -> {
            a[0] = (byte) 0xfc;
            return NetAddress.cjdns(a);
        });
    }

    static Arbitrary<NetAddress> anyNetwork() {
        return Arbitraries.oneOf(ipv4(), ipv6(), sparseIpv6(), bytes(32).map(NetAddress::torV3),
                bytes(32).map(NetAddress::i2p), cjdns(),
                bytes(10).map(a -> new NetAddress(Network.INTERNAL, Bytes.wrap(a))));
    }

    static Arbitrary<Long> services() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, 1L, 0xfcL, 0xfdL, 0xffffL, 0x10000L,
                0xffffffffL, 0x100000000L, Long.MAX_VALUE, Long.MIN_VALUE, -1L));
    }

    static Arbitrary<PeerAddress> peers(Arbitrary<NetAddress> addresses) {
        return Combinators.combine(Arbitraries.longs().between(0, 0xffffffffL), services(), addresses,
                Arbitraries.integers().between(0, 0xffff)).as(PeerAddress::new);
    }

    @Provide
    Arbitrary<PeerAddress> anyPeer() {
        return peers(anyNetwork());
    }

    @Provide
    Arbitrary<PeerAddress> v1Peer() {
        return peers(Arbitraries.oneOf(ipv4(), ipv6(), sparseIpv6(),
                bytes(10).map(a -> new NetAddress(Network.INTERNAL, Bytes.wrap(a)))));
    }

    @Provide
    Arbitrary<NetEndpoint> anyEndpoint() {
        return Combinators.combine(anyNetwork(), Arbitraries.integers().between(0, 0xffff)).as(NetEndpoint::new);
    }

    @Provide
    Arbitrary<NetAddress> ipAddress() {
        return Arbitraries.oneOf(ipv4(), ipv6(), sparseIpv6(), cjdns());
    }

    @Provide
    Arbitrary<Long> anyServices() {
        return services();
    }

    @Property
    void v2RoundTripsForEveryNetwork(@ForAll("anyPeer") PeerAddress p) throws ProtocolException {
        WireWriter w = new WireWriter();
        p.writeV2(w);
        WireReader r = new WireReader(w.toByteArray());
        assertThat(PeerAddress.readV2(r)).isEqualTo(p);
        assertThat(r.remaining()).isZero();
    }

    @Property
    void diskRoundTripsForEveryNetwork(@ForAll("anyPeer") PeerAddress p) throws ProtocolException {
        WireWriter w = new WireWriter();
        p.writeDisk(w);
        byte[] b = w.toByteArray();
        assertThat(b).startsWith(0x60, 0x5b, 0x03, 0x20);
        WireReader r = new WireReader(b);
        assertThat(PeerAddress.readDisk(r)).isEqualTo(p);
        assertThat(r.remaining()).isZero();
    }

    @Property
    void v1RoundTripsForIpAddresses(@ForAll("v1Peer") PeerAddress p) throws ProtocolException {
        WireWriter w = new WireWriter();
        p.writeV1(w, true);
        WireReader r = new WireReader(w.toByteArray());
        assertThat(r.remaining()).isEqualTo(30);
        assertThat(PeerAddress.readV1(r, true)).isEqualTo(p);
        assertThat(r.remaining()).isZero();
    }

    @Property
    void v1WithoutTimeRoundTripsWithTimeInit(@ForAll("v1Peer") PeerAddress p) throws ProtocolException {
        WireWriter w = new WireWriter();
        p.writeV1(w, false);
        WireReader r = new WireReader(w.toByteArray());
        assertThat(r.remaining()).isEqualTo(26);
        assertThat(PeerAddress.readV1(r, false))
                .isEqualTo(new PeerAddress(PeerAddress.TIME_INIT, p.services(), p.address(), p.port()));
    }

    @Property
    void v1DiskBodyIsReadToo(@ForAll("v1Peer") PeerAddress p, @ForAll("lowBits") int low) throws ProtocolException {
        WireWriter w = new WireWriter();
        w.writeI32LE(low);
        p.writeV1(w, true);
        assertThat(PeerAddress.readDisk(new WireReader(w.toByteArray()))).isEqualTo(p);
    }

    @Provide
    Arbitrary<Integer> lowBits() {
        return Arbitraries.integers().between(0, PeerAddress.DISK_VERSION_IGNORE_MASK);
    }

    @Property
    void endpointTextRoundTripsForEveryNetwork(@ForAll("anyEndpoint") NetEndpoint e) {
        String text = e.toString();
        assertThat(NetEndpoint.parse(text, 1)).isEqualTo(e);
        assertThat(NetAddress.parse(e.address().toString())).isEqualTo(e.address());
        assertThat(text).isEqualTo(text.toLowerCase(java.util.Locale.ROOT));
    }

    @Property
    void ipv6TextAgreesWithTheJdk(@ForAll("ipAddress") NetAddress a) throws Exception {
        // Our text is always a numeric literal (IPv6 text contains ':'), which the JDK parses without a lookup.
        InetAddress jdk = InetAddress.getByName(a.toString());
        assertThat(jdk.getAddress()).isEqualTo(a.bytes().toArray());
        assertThat(a.toInetAddress().getAddress()).isEqualTo(a.bytes().toArray());
        if (a.network() != Network.CJDNS) assertThat(NetAddress.fromInetAddress(jdk)).isEqualTo(a);
    }

    @Property
    void servicesCoverTheWholeUint64Range(@ForAll("anyServices") long services) throws ProtocolException {
        PeerAddress p = new PeerAddress(0, services, NetAddress.ipv4(new byte[] {1, 2, 3, 4}), 8333);
        WireWriter w = new WireWriter();
        p.writeV2(w);
        assertThat(PeerAddress.readV2(new WireReader(w.toByteArray())).services()).isEqualTo(services);
        w.reset();
        p.writeV1(w, true);
        assertThat(PeerAddress.readV1(new WireReader(w.toByteArray()), true).services()).isEqualTo(services);
    }

    @Property
    void arbitraryInputNeverThrowsUnchecked(@ForAll("junk") byte[] junk) {
        for (int form = 0; form < 5; form++) {
            WireReader r = new WireReader(junk);
            try {
                switch (form) {
                    case 0 -> NetAddress.readBip155(r);
                    case 1 -> PeerAddress.readV2(r);
                    case 2 -> PeerAddress.readV1(r, true);
                    case 3 -> PeerAddress.readDisk(r);
                    default -> NetAddress.readV1(r);
                }
            } catch (ProtocolException expected) {
                // the only failure allowed
            }
        }
    }

    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(60);
        // Plausible prefixes: a v2 entry header with each network id and small lengths.
        Arbitrary<byte[]> shaped = Combinators.combine(Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 40), bytes(40)).as((id, len, body) -> {
                    byte[] b = new byte[2 + body.length];
                    b[0] = (byte) (int) id;
                    b[1] = (byte) (int) len;
                    System.arraycopy(body, 0, b, 2, body.length);
                    return b;
                });
        return Arbitraries.oneOf(random, shaped);
    }

    @Provide
    Arbitrary<String> addressLikeText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdefABCDEF:.[]%").ofMaxLength(45),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz234567=.").ofMaxLength(70)
                        .map(x -> x + (x.length() % 2 == 0 ? ".onion" : ".b32.i2p")),
                anyEndpoint().map(e -> e.toString().substring(0, e.toString().length() / 2)));
    }

    @Property
    void textParsingFailsOnlyWithIllegalArgument(@ForAll("addressLikeText") String text) {
        for (int form = 0; form < 2; form++) {
            try {
                if (form == 0) {
                    NetAddress a = NetAddress.parse(text);
                    assertThat(NetAddress.parse(a.toString())).isEqualTo(a);
                } else {
                    NetEndpoint e = NetEndpoint.parse(text, 8333);
                    assertThat(NetEndpoint.parse(e.toString(), 1)).isEqualTo(e);
                }
            } catch (IllegalArgumentException expected) {
                // the only failure allowed for text
            }
        }
    }
}
