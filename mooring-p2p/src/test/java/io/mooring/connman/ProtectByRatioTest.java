package io.mooring.connman;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.netaddress.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Core's net_peer_eviction_tests/peer_protection_test, case by case: random candidates, the case's set-up applied,
 * shuffled, then {@link Eviction#protectEvictionCandidatesByRatio}: half are protected, and exactly the expected ones.
 */
class ProtectByRatioTest {
    record Case(String name, int peers, Consumer<Candidates.C> setup, Set<Integer> protectedIds,
                Set<Integer> unprotectedIds) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, int peers, Consumer<Candidates.C> setup, Set<Integer> prot, Set<Integer> unprot) {
        return new Case(name, peers, setup, prot, unprot);
    }

    static Stream<Case> cases() {
        return Stream.of(
                c("longest uptime protected", 12, x -> { x.connected = x.id; x.isLocal = false; x.network = Network.IPV4; },
                        Set.of(0, 1, 2, 3, 4, 5), Set.of(6, 7, 8, 9, 10, 11)),
                c("longest uptime protected, reversed", 12, x -> { x.connected = 12 - x.id; x.isLocal = false;
                            x.network = Network.IPV6; },
                        Set.of(6, 7, 8, 9, 10, 11), Set.of(0, 1, 2, 3, 4, 5)),
                c("a quarter onion", 12, x -> { x.isLocal = false;
                            x.network = (x.id == 3 || x.id == 8 || x.id == 9) ? Network.TORV3 : Network.IPV4; },
                        Set.of(3, 8, 9), Set.of()),
                c("a quarter onion and a quarter by uptime", 12, x -> { x.connected = x.id; x.isLocal = false;
                            x.network = (x.id == 3 || x.id > 7) ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 1, 2, 3, 8, 9), Set.of(4, 5, 6, 7, 10, 11)),
                c("a quarter localhost", 12, x -> { x.isLocal = x.id == 1 || x.id == 9 || x.id == 11;
                            x.network = Network.IPV4; },
                        Set.of(1, 9, 11), Set.of()),
                c("a quarter localhost and a quarter by uptime", 12, x -> { x.connected = x.id; x.isLocal = x.id > 6;
                            x.network = Network.IPV6; },
                        Set.of(0, 1, 2, 7, 8, 9), Set.of(3, 4, 5, 6, 10, 11)),
                c("a quarter I2P", 12, x -> { x.isLocal = false;
                            x.network = (x.id == 2 || x.id == 7 || x.id == 10) ? Network.I2P : Network.IPV4; },
                        Set.of(2, 7, 10), Set.of()),
                c("a quarter I2P and a quarter by uptime", 12, x -> { x.connected = x.id; x.isLocal = false;
                            x.network = (x.id == 4 || x.id > 8) ? Network.I2P : Network.IPV6; },
                        Set.of(0, 1, 2, 4, 9, 10), Set.of(3, 5, 6, 7, 8, 11)),
                c("a quarter CJDNS", 12, x -> { x.isLocal = false;
                            x.network = (x.id == 2 || x.id == 7 || x.id == 10) ? Network.CJDNS : Network.IPV4; },
                        Set.of(2, 7, 10), Set.of()),
                c("a quarter CJDNS and a quarter by uptime", 12, x -> { x.connected = x.id; x.isLocal = false;
                            x.network = (x.id == 4 || x.id > 8) ? Network.CJDNS : Network.IPV6; },
                        Set.of(0, 1, 2, 4, 9, 10), Set.of(3, 5, 6, 7, 8, 11)),
                // two networks
                c("1 localhost 1 onion of 4: localhost wins the tie by array order", 4, x -> { x.connected = x.id;
                            x.isLocal = x.id == 4; x.network = x.id == 3 ? Network.TORV3 : Network.IPV4; },
                        Set.of(0, 4), Set.of(1, 2)),
                c("1 localhost 1 onion of 7", 7, x -> { x.connected = x.id; x.isLocal = x.id == 6;
                            x.network = x.id == 5 ? Network.TORV3 : Network.IPV4; },
                        Set.of(0, 1, 6), Set.of(2, 3, 4, 5)),
                c("1 localhost 1 onion of 8", 8, x -> { x.connected = x.id; x.isLocal = x.id == 6;
                            x.network = x.id == 5 ? Network.TORV3 : Network.IPV4; },
                        Set.of(0, 1, 5, 6), Set.of(2, 3, 4, 7)),
                c("3 localhost 3 onion of 12", 12, x -> { x.connected = x.id;
                            x.isLocal = x.id == 6 || x.id == 9 || x.id == 11;
                            x.network = (x.id == 7 || x.id == 8 || x.id == 10) ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 1, 2, 6, 7, 9), Set.of(3, 4, 5, 8, 10, 11)),
                c("4 localhost 1 onion of 12", 12, x -> { x.connected = x.id; x.isLocal = x.id > 4 && x.id < 9;
                            x.network = x.id == 10 ? Network.TORV3 : Network.IPV4; },
                        Set.of(0, 1, 2, 5, 6, 10), Set.of(3, 4, 7, 8, 9, 11)),
                c("4 localhost 2 onion of 16", 16, x -> { x.connected = x.id;
                            x.isLocal = x.id == 6 || x.id == 9 || x.id == 11 || x.id == 12;
                            x.network = (x.id == 8 || x.id == 10) ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 1, 2, 3, 6, 8, 9, 10), Set.of(4, 5, 7, 11, 12, 13, 14, 15)),
                c("5 localhost 1 onion of 16: localhost recovers the unused onion place", 16, x -> { x.connected = x.id;
                            x.isLocal = x.id > 10; x.network = x.id == 10 ? Network.TORV3 : Network.IPV4; },
                        Set.of(0, 1, 2, 3, 10, 11, 12, 13), Set.of(4, 5, 6, 7, 8, 9, 14, 15)),
                c("1 localhost 4 onion of 16: onion recovers the unused localhost place", 16, x -> { x.connected = x.id;
                            x.isLocal = x.id == 15; x.network = (x.id > 6 && x.id < 11) ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 1, 2, 3, 7, 8, 9, 15), Set.of(5, 6, 10, 11, 12, 13, 14)),
                c("2 onion 4 I2P of 12: the smaller network first", 12, x -> { x.connected = x.id; x.isLocal = false;
                            x.network = (x.id == 8 || x.id == 10) ? Network.TORV3
                                    : (x.id == 6 || x.id == 9 || x.id == 11 || x.id == 12) ? Network.I2P : Network.IPV4; },
                        Set.of(0, 1, 2, 6, 8, 10), Set.of(3, 4, 5, 7, 9, 11)),
                // three networks
                c("1 localhost 1 I2P 1 onion of 4", 4, x -> { x.connected = x.id; x.isLocal = x.id == 2;
                            x.network = x.id == 3 ? Network.I2P : x.id == 1 ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 3), Set.of(1, 2)),
                c("1 localhost 1 I2P 1 onion of 7", 7, x -> { x.connected = x.id; x.isLocal = x.id == 4;
                            x.network = x.id == 6 ? Network.I2P : x.id == 5 ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 1, 6), Set.of(2, 3, 4, 5)),
                c("1 localhost 1 I2P 1 onion of 8", 8, x -> { x.connected = x.id; x.isLocal = x.id == 6;
                            x.network = x.id == 5 ? Network.I2P : x.id == 4 ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 1, 5, 6), Set.of(2, 3, 4, 7)),
                c("4 localhost 2 I2P 2 onion of 16", 16, x -> { x.connected = x.id; x.isLocal = x.id == 6 || x.id > 11;
                            x.network = (x.id == 7 || x.id == 11) ? Network.I2P
                                    : (x.id == 9 || x.id == 10) ? Network.TORV3 : Network.IPV4; },
                        Set.of(0, 1, 2, 3, 6, 7, 9, 11), Set.of(4, 5, 8, 10, 12, 13, 14, 15)),
                c("1 localhost 8 I2P 1 onion of 24", 24, x -> { x.connected = x.id; x.isLocal = x.id == 12;
                            x.network = (x.id > 14 && x.id < 23) ? Network.I2P : x.id == 23 ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 1, 2, 3, 4, 5, 12, 15, 16, 17, 18, 23), Set.of(6, 7, 8, 9, 10, 11, 13, 14, 19, 20, 21, 22)),
                c("1 localhost 3 I2P 6 onion of 24", 24, x -> { x.connected = x.id; x.isLocal = x.id == 15;
                            x.network = (x.id == 12 || x.id == 14 || x.id == 17) ? Network.I2P
                                    : x.id > 17 ? Network.TORV3 : Network.IPV4; },
                        Set.of(0, 1, 2, 3, 4, 5, 12, 14, 15, 17, 18, 19), Set.of(6, 7, 8, 9, 10, 11, 13, 16, 20, 21, 22, 23)),
                c("1 localhost 7 I2P 4 onion of 24", 24, x -> { x.connected = x.id; x.isLocal = x.id == 13;
                            x.network = x.id > 16 ? Network.I2P
                                    : (x.id == 12 || x.id == 14 || x.id == 15 || x.id == 16) ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 17, 18), Set.of(6, 7, 8, 9, 10, 11, 16, 19, 20, 21, 22, 23)),
                c("8 localhost 4 CJDNS 3 onion of 24", 24, x -> { x.connected = x.id; x.isLocal = x.id > 15;
                            x.network = (x.id > 10 && x.id < 15) ? Network.CJDNS
                                    : (x.id > 6 && x.id < 10) ? Network.TORV3 : Network.IPV4; },
                        Set.of(0, 1, 2, 3, 4, 5, 7, 8, 11, 12, 16, 17), Set.of(6, 9, 10, 13, 14, 15, 18, 19, 20, 21, 22, 23)),
                // four networks
                c("1 each of CJDNS, I2P, localhost, onion of 5", 5, x -> { x.connected = x.id; x.isLocal = x.id == 3;
                            x.network = x.id == 4 ? Network.CJDNS : x.id == 1 ? Network.I2P
                                    : x.id == 2 ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 4), Set.of(1, 2, 3)),
                c("1 each of CJDNS, I2P, localhost, onion of 7", 7, x -> { x.connected = x.id; x.isLocal = x.id == 4;
                            x.network = x.id == 6 ? Network.CJDNS : x.id == 5 ? Network.I2P
                                    : x.id == 3 ? Network.TORV3 : Network.IPV4; },
                        Set.of(0, 1, 6), Set.of(2, 3, 4, 5)),
                c("1 each of CJDNS, I2P, localhost, onion of 8", 8, x -> { x.connected = x.id; x.isLocal = x.id == 3;
                            x.network = x.id == 5 ? Network.CJDNS : x.id == 6 ? Network.I2P
                                    : x.id == 3 ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 1, 5, 6), Set.of(2, 3, 4, 7)),
                c("2 CJDNS 2 I2P 4 localhost 2 onion of 16", 16, x -> { x.connected = x.id; x.isLocal = x.id > 5;
                            x.network = (x.id == 11 || x.id == 15) ? Network.CJDNS
                                    : (x.id == 10 || x.id == 14) ? Network.I2P
                                    : (x.id == 8 || x.id == 9) ? Network.TORV3 : Network.IPV4; },
                        Set.of(0, 1, 2, 3, 6, 8, 10, 11), Set.of(4, 5, 7, 9, 12, 13, 14, 15)),
                c("6 CJDNS 1 I2P 1 localhost 4 onion of 24", 24, x -> { x.connected = x.id; x.isLocal = x.id == 13;
                            x.network = x.id > 17 ? Network.CJDNS : x.id == 17 ? Network.I2P
                                    : (x.id == 12 || x.id == 14 || x.id == 15 || x.id == 16) ? Network.TORV3 : Network.IPV6; },
                        Set.of(0, 1, 2, 3, 4, 5, 12, 13, 14, 17, 18, 19), Set.of(6, 7, 8, 9, 10, 11, 15, 16, 20, 21, 22, 23)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void halfAreProtectedAndExactlyTheExpectedOnes(Case k) {
        // Several shuffles and random fills per case: the outcome must not depend on either.
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            List<Candidates.C> cs = Candidates.random(k.peers(), r);
            cs.forEach(k.setup());
            List<NodeEvictionCandidate> candidates = new ArrayList<>(Candidates.shuffled(Candidates.build(cs), r));
            Eviction.protectEvictionCandidatesByRatio(candidates);
            assertThat(candidates).hasSize(k.peers() - k.peers() / 2);
            Set<Integer> left = candidates.stream().map(c -> (int) c.id().value()).collect(Collectors.toSet());
            assertThat(left).as("seed %d", seed).doesNotContainAnyElementsOf(k.protectedIds());
            assertThat(left).as("seed %d", seed).containsAll(k.unprotectedIds());
        }
    }
}
