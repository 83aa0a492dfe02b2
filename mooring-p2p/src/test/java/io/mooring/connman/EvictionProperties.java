package io.mooring.connman;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of SelectNodeToEvict over Core-style random candidates (some noban, some outbound). */
class EvictionProperties {
    private static List<NodeEvictionCandidate> candidates(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Candidates.C> cs = Candidates.random(n, r);
        for (Candidates.C c : cs) {
            c.noban = r.nextInt(10) == 0;
            if (r.nextInt(10) == 0) c.type = ConnectionType.OUTBOUND_FULL_RELAY;
            c.netGroup = r.nextLong(); // the full uint64 range, so unsigned order matters
        }
        return Candidates.build(cs);
    }

    @Property
    void neverEvictsAProtectedCandidate(@ForAll long seed, @ForAll @IntRange(max = 150) int n) {
        List<NodeEvictionCandidate> all = candidates(seed, n);
        Optional<PeerId> evicted = Eviction.selectNodeToEvict(all);
        if (evicted.isEmpty()) {
            return;
        }
        NodeEvictionCandidate v = all.stream().filter(c -> c.id().equals(evicted.get())).findFirst().orElseThrow();
        assertThat(v.connectionType()).isEqualTo(ConnectionType.INBOUND);
        assertThat(v.noban()).isFalse();
        List<NodeEvictionCandidate> eligible = all.stream()
                .filter(c -> !c.noban() && c.connectionType() == ConnectionType.INBOUND && !c.equals(v)).toList();
        // Had fewer than 4 others a netgroup key at least as high, or fewer than 8 a ping at least as good, it would
        // have been among the protected whatever the order of ties.
        assertThat(eligible.stream().filter(c -> Long.compareUnsigned(c.keyedNetGroup(), v.keyedNetGroup()) >= 0)
                .count()).isGreaterThanOrEqualTo(4);
        assertThat(eligible.stream().filter(c -> c.minPingTime().compareTo(v.minPingTime()) <= 0).count())
                .isGreaterThanOrEqualTo(8);
        assertThat(eligible.stream().filter(c -> !c.lastTxTime().isBefore(v.lastTxTime())).count())
                .isGreaterThanOrEqualTo(4);
        // 4 + 8 + 4 + 4 candidates are protected before any can be chosen.
        assertThat(eligible.size()).isGreaterThanOrEqualTo(20);
    }

    @Property
    void returnsEmptyWhenEveryCandidateIsProtected(@ForAll long seed, @ForAll @IntRange(max = 20) int n) {
        assertThat(Eviction.selectNodeToEvict(candidates(seed, n))).isEmpty();
    }

    @Property
    void isDeterministicAndLeavesItsInputAlone(@ForAll long seed, @ForAll @IntRange(max = 150) int n) {
        List<NodeEvictionCandidate> all = candidates(seed, n);
        List<NodeEvictionCandidate> copy = new ArrayList<>(all);
        Optional<PeerId> first = Eviction.selectNodeToEvict(all);
        assertThat(Eviction.selectNodeToEvict(copy)).isEqualTo(first);
        assertThat(all).isEqualTo(copy);
    }
}
