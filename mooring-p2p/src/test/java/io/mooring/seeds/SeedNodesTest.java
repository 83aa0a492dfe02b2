package io.mooring.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Core's -seednode schedule in ThreadOpenConnections. */
class SeedNodesTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final List<String> NODES = List.of("1.1.1.1", "2.2.2.2", "3.3.3.3");

    /** Runs the loop every 500 ms until {@code end}, collecting the seed nodes handed out. */
    static List<String> run(SeedNodes s, long endMillis, int addrman, int outbound) {
        List<String> out = new ArrayList<>();
        for (long ms = 0; ms <= endMillis; ms += 500) {
            s.next(T0.plusMillis(ms), addrman, outbound).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void anEmptyAddressManagerTakesOneAtOnceThenOneEveryTenSecondsWhileOutboundIsShort() {
        SeedNodes s = new SeedNodes(NODES, 0, new SplittableRandom(1), T0);
        assertThat(s.next(T0, 0, 0)).isPresent();
        assertThat(run(s, 9_500, 0, 0)).isEmpty();
        assertThat(run(new SeedNodes(NODES, 0, new SplittableRandom(1), T0), 30_000, 0, 0))
                .containsExactlyInAnyOrderElementsOf(NODES);
    }

    @Test
    void aKnownAddressDelaysTheFirstByTenSecondsAndEnoughOutboundPeersStopThem() {
        SeedNodes s = new SeedNodes(NODES, 50, new SplittableRandom(1), T0);
        assertThat(s.next(T0, 50, 0)).isEmpty();
        assertThat(run(s, 10_000, 50, 0)).isEmpty();
        assertThat(s.next(T0.plusMillis(10_500), 50, 0)).isEmpty(); // the timer fires now, the node comes next pass
        assertThat(s.next(T0.plusMillis(11_000), 50, 0)).isPresent();
        SeedNodes enough = new SeedNodes(NODES, 50, new SplittableRandom(1), T0);
        assertThat(run(enough, 60_000, 50, 2)).isEmpty();
        assertThat(enough.remaining()).isEqualTo(3);
        assertThat(new SeedNodes(List.of(), 0, new SplittableRandom(1), T0).next(T0, 0, 0)).isEqualTo(Optional.empty());
    }
}
