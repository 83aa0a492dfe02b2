package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Core's mapLocalHost rules: AddLocal, SeenLocal, GetLocal and GetLocalAddrForPeer. */
class LocalAddressesTest {
    static LocalAddresses local(boolean discover) {
        return new LocalAddresses(true, discover, 8333, NetAddress::isRoutable, a -> true);
    }

    @Test
    void onlyRoutableAddressesAreKeptAndWithoutDiscoveryOnlyManualOnes() {
        LocalAddresses withDiscovery = local(true);
        assertThat(withDiscovery.add(NetEndpoint.parse("10.0.0.1:8333"), LocalAddresses.LOCAL_IF)).isFalse();
        assertThat(withDiscovery.add(NetEndpoint.parse("1.2.3.4:8333"), LocalAddresses.LOCAL_IF)).isTrue();
        LocalAddresses manualOnly = local(false);
        assertThat(manualOnly.add(NetEndpoint.parse("1.2.3.4:8333"), LocalAddresses.LOCAL_BIND)).isFalse();
        assertThat(manualOnly.add(NetEndpoint.parse("1.2.3.4:8333"), LocalAddresses.LOCAL_MANUAL)).isTrue();
    }

    @Test
    void addingAgainWithAtLeastTheScoreAddsOneAndSeenLocalVotes() {
        LocalAddresses l = local(true);
        l.add(NetEndpoint.parse("1.2.3.4:8333"), LocalAddresses.LOCAL_IF);
        l.add(NetEndpoint.parse("1.2.3.4:8333"), LocalAddresses.LOCAL_IF);
        assertThat(l.all().get(NetAddress.parse("1.2.3.4")).score()).isEqualTo(2);
        assertThat(l.seen(NetAddress.parse("1.2.3.4"))).isTrue();
        assertThat(l.seen(NetAddress.parse("5.6.7.8"))).isFalse();
        assertThat(l.all().get(NetAddress.parse("1.2.3.4")).score()).isEqualTo(3);
    }

    @Test
    void theBestAddressIsTheMostReachableFromThePeerThenTheHighestScore() {
        LocalAddresses l = local(true);
        l.add(NetEndpoint.parse("1.2.3.4:8333"), LocalAddresses.LOCAL_IF);
        l.add(NetEndpoint.parse("5.6.7.8:8333"), LocalAddresses.LOCAL_MANUAL);
        l.add(NetEndpoint.parse("[2001:4860::1]:8333"), LocalAddresses.LOCAL_IF);
        assertThat(l.bestFor(NetAddress.parse("9.9.9.9"))).contains(NetEndpoint.parse("5.6.7.8:8333"));
        // An IPv6 peer is best reached at our IPv6 address (REACH_IPV6_STRONG beats REACH_IPV4).
        assertThat(l.bestFor(NetAddress.parse("2a00::1"))).contains(NetEndpoint.parse("[2001:4860::1]:8333"));
        // For privacy, clearnet addresses are never offered to a peer on a privacy network (Core's GetLocal).
        NetAddress onion = NetEndpoint.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:8333")
                .address();
        assertThat(l.bestFor(onion)).isEmpty();
    }

    @Test
    void withNothingRoutableThePeersViewIsUsedWithItsPortForInboundAndOursForOutbound() {
        LocalAddresses l = local(true);
        NetEndpoint seen = NetEndpoint.parse("1.2.3.4:50000");
        assertThat(l.forPeer(NetAddress.parse("9.9.9.9"), seen, true, new SplittableRandom(1)))
                .contains(seen);
        assertThat(l.forPeer(NetAddress.parse("9.9.9.9"), seen, false, new SplittableRandom(1)))
                .contains(NetEndpoint.parse("1.2.3.4:8333"));
        // Nothing known and no usable view: nothing is announced.
        assertThat(l.forPeer(NetAddress.parse("9.9.9.9"), null, false, new SplittableRandom(1))).isEmpty();
        assertThat(LocalAddresses.none().forPeer(NetAddress.parse("9.9.9.9"), seen, true, new SplittableRandom(1)))
                .isEmpty();
    }

    @Test
    void aKnownAddressIsUsedMostOfTheTimeAndThePeersViewSometimes() {
        LocalAddresses l = local(true);
        l.add(NetEndpoint.parse("1.2.3.4:8333"), LocalAddresses.LOCAL_IF);
        NetEndpoint seen = NetEndpoint.parse("5.6.7.8:50000");
        SplittableRandom random = new SplittableRandom(9);
        int ours = 0;
        for (int i = 0; i < 1_000; i++) {
            if (l.forPeer(NetAddress.parse("9.9.9.9"), seen, false, random).orElseThrow()
                    .equals(NetEndpoint.parse("1.2.3.4:8333"))) {
                ours++;
            }
        }
        assertThat(ours).isBetween(400, 600); // score 1 <= LOCAL_MANUAL: the peer's view half the time
    }
}
