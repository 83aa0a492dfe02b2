package io.mooring.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.seeds.DnsSeeding.Status;
import io.mooring.seeds.DnsSeeding.Step;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Core's ThreadDNSAddressSeed timing, driven with a clock the test controls. */
class DnsSeedingTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final List<String> SEEDS = List.of("a.seed.", "b.seed.", "c.seed.", "d.seed.", "e.seed.");

    static DnsSeeding seeding(boolean force, boolean seedNodes) {
        return new DnsSeeding(SEEDS, force, seedNodes, new SplittableRandom(3), T0);
    }

    /** Answers every query with one address and records what happened, until the schedule sleeps or finishes. */
    static List<Step> drive(DnsSeeding s, Instant now, Status status) {
        List<Step> steps = new ArrayList<>();
        while (true) {
            Step step = s.next(now, status);
            steps.add(step);
            if (step instanceof Step.Query) {
                s.answered(1);
            } else {
                return steps;
            }
        }
    }

    static long queries(List<Step> steps) {
        return steps.stream().filter(Step.Query.class::isInstance).count();
    }

    @Test
    void anEmptyAddressManagerQueriesEverySeedAtOnceOnItsX9Subdomain() {
        DnsSeeding s = seeding(false, false);
        List<Step> steps = drive(s, T0, new Status(0, 0, true));
        assertThat(queries(steps)).isEqualTo(5);
        assertThat(steps.getLast()).isInstanceOf(Step.Finished.class);
        assertThat(steps.stream().filter(Step.Query.class::isInstance).map(q -> ((Step.Query) q).host()).toList())
                .containsExactlyInAnyOrder("x9.a.seed.", "x9.b.seed.", "x9.c.seed.", "x9.d.seed.", "x9.e.seed.");
        assertThat(s.found()).isEqualTo(5);
    }

    @Test
    void aKnownAddressMeansWaiting11sThenThreeSeedsAtATime() {
        DnsSeeding s = seeding(false, false);
        Status few = new Status(5, 0, true);
        assertThat(s.next(T0, few)).isEqualTo(new Step.Sleep(T0.plusSeconds(11)));
        assertThat(s.next(T0.plusSeconds(10), few)).isEqualTo(new Step.Sleep(T0.plusSeconds(11)));
        List<Step> batch = drive(s, T0.plusSeconds(11), few);
        assertThat(queries(batch)).isEqualTo(3);
        assertThat(batch.getLast()).isEqualTo(new Step.Sleep(T0.plusSeconds(22)));
        List<Step> rest = drive(s, T0.plusSeconds(22), few);
        assertThat(queries(rest)).isEqualTo(2);
        assertThat(rest.getLast()).isInstanceOf(Step.Finished.class);
    }

    @Test
    void aThousandKnownAddressesMeanFiveMinutesCheckedEvery11sAndTwoOutboundPeersEndIt() {
        DnsSeeding s = seeding(false, false);
        Status many = new Status(1000, 1, true);
        Instant t = T0;
        Step step = s.next(t, many);
        int wakeUps = 0;
        while (step instanceof Step.Sleep sleep) {
            t = sleep.until();
            wakeUps++;
            step = s.next(t, many);
        }
        assertThat(step).isInstanceOf(Step.Query.class);
        assertThat(Duration.between(T0, t)).isEqualTo(Duration.ofMinutes(5));
        assertThat(wakeUps).isEqualTo(28); // 27 chunks of 11 s and one of 3 s

        DnsSeeding stopped = seeding(false, false);
        assertThat(stopped.next(T0, many)).isEqualTo(new Step.Sleep(T0.plusSeconds(11)));
        assertThat(stopped.next(T0.plusSeconds(11), new Status(1000, 2, true))).isInstanceOf(Step.Finished.class);
        assertThat(stopped.found()).isZero();
    }

    @Test
    void forceDnsSeedQueriesEverySeedAtOnceEvenWithKnownAddresses() {
        List<Step> steps = drive(seeding(true, false), T0, new Status(5000, 0, true));
        assertThat(queries(steps)).isEqualTo(5);
        assertThat(steps).noneMatch(Step.Sleep.class::isInstance);
    }

    @Test
    void seedNodesGetThirtySecondsFirstAndEnoughPeersSkipTheSeeds() {
        DnsSeeding s = seeding(false, true);
        Status none = new Status(5, 0, true);
        assertThat(s.next(T0, none)).isEqualTo(new Step.Sleep(T0.plusMillis(500)));
        assertThat(s.next(T0.plusSeconds(10), new Status(5, 2, true))).isInstanceOf(Step.Finished.class);

        DnsSeeding slow = seeding(false, true);
        assertThat(slow.next(T0.plusSeconds(29), none)).isInstanceOf(Step.Sleep.class);
        // After 30 s the DNS seeds take over (and, with known addresses, wait their 11 s first).
        assertThat(slow.next(T0.plusSeconds(31), none)).isEqualTo(new Step.Sleep(T0.plusSeconds(42)));

        DnsSeeding empty = seeding(false, true);
        assertThat(queries(drive(empty, T0.plusSeconds(5), new Status(0, 2, true)))).isEqualTo(5);
    }

    @Test
    void anInactiveNetworkHoldsTheQueriesBack() {
        DnsSeeding s = seeding(false, false);
        assertThat(s.next(T0, new Status(0, 0, false))).isEqualTo(new Step.Sleep(T0.plusSeconds(1)));
        assertThat(s.next(T0.plusSeconds(1), new Status(0, 0, true))).isInstanceOf(Step.Query.class);
    }

    @Test
    void aSeedThatAnswersNothingFallsBackToAnAddrFetchOfItsName() {
        DnsSeeding s = seeding(false, false);
        assertThat(s.next(T0, new Status(0, 0, true))).isInstanceOf(Step.Query.class);
        assertThat(s.answered(0)).isTrue();
        assertThat(s.next(T0, new Status(0, 0, true))).isInstanceOf(Step.Query.class);
        assertThat(s.answered(3)).isFalse();
    }

    @Test
    void answersAreCappedAt32AgedThreeToSevenDaysOnTheDefaultPortFromTheHostsInternalAddress() {
        List<NetAddress> answers = new ArrayList<>();
        for (int i = 1; i <= 40; i++) answers.add(NetAddress.parse("1.2.3." + i));
        List<PeerAddress> out = DnsSeeding.toAddresses(answers, 8333, T0, new SplittableRandom(9));
        assertThat(out).hasSize(32).allSatisfy(a -> {
            assertThat(a.port()).isEqualTo(8333);
            assertThat(a.services()).isEqualTo(DnsSeeding.SEEDS_SERVICE_FLAGS);
            assertThat(a.time()).isBetween(T0.minus(Duration.ofDays(7)).getEpochSecond(),
                    T0.minus(Duration.ofDays(3)).getEpochSecond());
        });
        assertThat(out.stream().map(PeerAddress::time).distinct().count()).isGreaterThan(1);
        assertThat(DnsSeeding.source("x9.a.seed.")).isEqualTo(NetAddress.internal("x9.a.seed."));
        assertThat(DnsSeeding.source("x9.a.seed.").isInternal()).isTrue();
    }
}
