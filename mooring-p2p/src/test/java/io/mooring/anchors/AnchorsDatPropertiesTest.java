package io.mooring.anchors;

import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.Bytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnchorsDatPropertiesTest {
    @Property(tries = 300)
    void anyAnchorListRoundTrips(@ForAll("anchorLists") List<PeerAddress> anchors, @ForAll int magic)
            throws Exception {
        byte[] file = AnchorsDat.encode(magic, anchors);
        assertThat(AnchorsDat.decode(magic, file)).isEqualTo(anchors);
        assertThat(AnchorsDat.encode(magic, AnchorsDat.decode(magic, file))).isEqualTo(file);
    }

    @Provide
    Arbitrary<List<PeerAddress>> anchorLists() {
        return peerAddresses().list().ofMaxSize(5);
    }

    static Arbitrary<PeerAddress> peerAddresses() {
        Arbitrary<NetAddress> addresses = Arbitraries.of(Network.IPV4, Network.IPV6, Network.TORV3, Network.I2P,
                Network.CJDNS).flatMap(net -> Arbitraries.bytes().array(byte[].class).ofSize(net.addressLength())
                .map(b -> {
                    if (net == Network.IPV6) b[0] = 0x20;
                    if (net == Network.CJDNS) b[0] = (byte) 0xfc;
                    return new NetAddress(net, Bytes.wrap(b));
                }));
        return Combinators.combine(Arbitraries.longs().between(0, 0xffffffffL), Arbitraries.longs(), addresses,
                Arbitraries.integers().between(0, 65535)).as(PeerAddress::new);
    }
}
