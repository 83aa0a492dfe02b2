package io.mooring.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Core's fixed-seed fallback, with a clock the test controls. */
class FixedSeedsTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final Set<Network> IPV4_EMPTY = Set.of(Network.IPV4);

    @Test
    void withDnsSeedsTheFixedSeedsWaitSixtySecondsAndAreAddedOnce() {
        FixedSeeds f = new FixedSeeds(true, true, false, T0);
        assertThat(f.check(T0, IPV4_EMPTY, false)).isEmpty();
        assertThat(f.check(T0.plusSeconds(60), IPV4_EMPTY, false)).isEmpty();
        assertThat(f.check(T0.plusSeconds(61), IPV4_EMPTY, false)).contains(FixedSeeds.Reason.AFTER_60_SECONDS);
        assertThat(f.pending()).isFalse();
        assertThat(f.check(T0.plusSeconds(62), IPV4_EMPTY, false)).isEmpty();
    }

    @Test
    void withNoOtherSourceTheyAreAddedAtOnce() {
        assertThat(new FixedSeeds(true, false, false, T0).check(T0, IPV4_EMPTY, false))
                .contains(FixedSeeds.Reason.NO_OTHER_SOURCES);
        // An added node or a seed node is another source: wait the minute.
        assertThat(new FixedSeeds(true, false, false, T0).check(T0, IPV4_EMPTY, true)).isEmpty();
        assertThat(new FixedSeeds(true, false, true, T0).check(T0, IPV4_EMPTY, false)).isEmpty();
    }

    @Test
    void disabledOrNoEmptyReachableNetworkMeansNever() {
        FixedSeeds off = new FixedSeeds(false, false, false, T0);
        assertThat(off.check(T0.plus(Duration.ofHours(1)), IPV4_EMPTY, false)).isEmpty();
        FixedSeeds full = new FixedSeeds(true, true, false, T0);
        assertThat(full.check(T0.plus(Duration.ofHours(1)), Set.of(), false)).isEqualTo(Optional.empty());
        assertThat(full.pending()).isTrue();
    }

    @Test
    void onlySeedsOfEmptyReachableNetworksAreAddedAgedOneToTwoWeeks() {
        List<NetEndpoint> seeds = List.of(NetEndpoint.parse("1.2.3.4:8333"), NetEndpoint.parse("[2001:4860::8]:8333"),
                NetEndpoint.parse("5.6.7.8:8333"));
        List<PeerAddress> out = FixedSeeds.addresses(seeds, IPV4_EMPTY, T0, new SplittableRandom(2));
        assertThat(out).extracting(PeerAddress::endpoint)
                .containsExactly(NetEndpoint.parse("1.2.3.4:8333"), NetEndpoint.parse("5.6.7.8:8333"));
        assertThat(out).allSatisfy(a -> {
            assertThat(a.services()).isEqualTo(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);
            assertThat(a.time()).isBetween(T0.minus(Duration.ofDays(14)).getEpochSecond(),
                    T0.minus(Duration.ofDays(7)).getEpochSecond());
        });
        assertThat(FixedSeeds.SOURCE.isInternal()).isTrue();
    }
}
