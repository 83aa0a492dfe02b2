package io.mooring.addrman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Core's addrman rules, one scenario each (deterministic key uint256{1}, seeded random source). */
class AddrManRulesTest {
    static final Instant NOW = Instant.ofEpochSecond(1_750_000_000L);
    static final NetAddress SOURCE = NetAddress.parse("252.2.2.2");

    static AddrMan am() {
        return new AddrMan(NetGroupManager.noAsmap(), new SplittableRandom(42), AddrMan.deterministicKey());
    }

    static PeerAddress pa(String ip, int port, Instant time) {
        return new PeerAddress(time.getEpochSecond(), 1, NetAddress.parse(ip), port);
    }

    static NetEndpoint ep(PeerAddress a) {
        return a.endpoint();
    }

    static String ip(int i) {
        return "250." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    @Test
    void addThenSelectReturnsTheAddress() {
        AddrMan am = am();
        PeerAddress a = pa("250.1.1.1", 8333, NOW);
        assertTrue(am.add(List.of(a), SOURCE, NOW));
        assertFalse(am.add(List.of(a), SOURCE, NOW), "same address, no newer time");
        assertEquals(1, am.size());
        assertEquals(1, am.newCount());
        assertEquals(ep(a), am.select(false, NOW).orElseThrow().address().endpoint());
        assertEquals(0, am.check());
    }

    @Test
    void unroutableAddressesAreNotAdded() {
        AddrMan am = am();
        assertFalse(am.add(List.of(pa("10.0.0.1", 8333, NOW), pa("127.0.0.1", 8333, NOW)), SOURCE, NOW));
        assertEquals(0, am.size());
        assertTrue(am.select(false, NOW).isEmpty());
    }

    @Test
    void timePenaltyAppliesUnlessTheAddressIsItsOwnSource() {
        AddrMan am = am();
        PeerAddress a = pa("250.1.1.1", 8333, NOW);
        PeerAddress b = pa("250.9.1.1", 8333, NOW);
        am.add(List.of(a), SOURCE, Duration.ofHours(2), NOW);
        am.add(List.of(b), b.address(), Duration.ofHours(2), NOW);
        assertEquals(NOW.getEpochSecond() - 7200, am.info(ep(a)).orElseThrow().time());
        assertEquals(NOW.getEpochSecond(), am.info(ep(b)).orElseThrow().time());
    }

    @Test
    void goodMovesToTriedAndSelectFindsIt() {
        AddrMan am = am();
        PeerAddress a = pa("250.1.1.1", 8333, NOW);
        am.add(List.of(a), SOURCE, NOW);
        assertTrue(am.good(ep(a), NOW));
        assertEquals(1, am.triedCount());
        assertEquals(0, am.newCount());
        assertTrue(am.info(ep(a)).orElseThrow().inTried());
        assertEquals(0, am.info(ep(a)).orElseThrow().refCount());
        assertTrue(am.select(true, NOW).isEmpty(), "new_only finds nothing");
        assertEquals(ep(a), am.select(false, NOW).orElseThrow().address().endpoint());
        assertFalse(am.good(NetEndpoint.parse("250.3.3.3:8333"), NOW), "unknown address");
        assertEquals(0, am.check());
    }

    /** Two addresses sharing one tried slot. */
    static PeerAddress[] triedCollisionPair(AddrMan am) {
        Map<Integer, PeerAddress> seen = new HashMap<>();
        for (int i = 1; ; i++) {
            PeerAddress a = pa(ip(i * 7919), 8333, NOW);
            int b = am.triedBucket(a.address(), a.port());
            int slot = b * 64 + am.bucketPosition(false, b, a.address(), a.port());
            PeerAddress prev = seen.putIfAbsent(slot, a);
            if (prev != null) return new PeerAddress[] {prev, a};
        }
    }

    @Test
    void goodIntoAnOccupiedTriedSlotIsACollisionResolvedAsCore() {
        AddrMan am = am();
        PeerAddress[] p = triedCollisionPair(am);
        am.add(List.of(p[0], p[1]), SOURCE, NOW);
        assertTrue(am.good(ep(p[0]), NOW));
        assertFalse(am.good(ep(p[1]), NOW), "test-before-evict");
        assertEquals(1, am.collisionCount());
        assertFalse(am.info(ep(p[1])).orElseThrow().inTried());
        assertEquals(ep(p[0]), am.selectTriedCollision().orElseThrow().address().endpoint());

        // the old entry succeeded less than 4 h ago: the collision is dropped
        am.resolveCollisions(NOW.plusSeconds(60));
        assertEquals(0, am.collisionCount());
        assertTrue(am.info(ep(p[0])).orElseThrow().inTried());

        // 5 h later nobody tested the old one and the new one's success is > 40 min old: replace anyway
        Instant later = NOW.plus(Duration.ofHours(5));
        am.good(ep(p[1]), NOW.plus(Duration.ofHours(1)));
        assertEquals(1, am.collisionCount());
        am.resolveCollisions(later);
        assertEquals(0, am.collisionCount());
        assertTrue(am.info(ep(p[1])).orElseThrow().inTried());
        AddrInfo old = am.info(ep(p[0])).orElseThrow();
        assertFalse(old.inTried(), "evicted to new");
        assertEquals(1, old.refCount());
        assertEquals(0, am.check());
    }

    @Test
    void aFailedRecentAttemptOnTheOldEntryLetsTheNewOneIn() {
        AddrMan am = am();
        PeerAddress[] p = triedCollisionPair(am);
        am.add(List.of(p[0], p[1]), SOURCE, NOW);
        am.good(ep(p[0]), NOW);
        Instant t = NOW.plus(Duration.ofHours(5));
        am.good(ep(p[1]), t);
        am.attempt(ep(p[0]), true, t.plusSeconds(10)); // the feeler to the old entry failed
        am.resolveCollisions(t.plusSeconds(30)); // tried 20 s ago: wait (must be > 60 s)
        assertEquals(1, am.collisionCount());
        am.resolveCollisions(t.plusSeconds(120));
        assertEquals(0, am.collisionCount());
        assertTrue(am.info(ep(p[1])).orElseThrow().inTried());
    }

    /** Two addresses sharing one new slot for SOURCE. */
    static PeerAddress[] newCollisionPair(AddrMan am, Instant t1, Instant t2) {
        Map<Integer, String> seen = new HashMap<>();
        for (int i = 1; ; i++) {
            String s = ip(i * 104729);
            NetAddress a = NetAddress.parse(s);
            int b = am.newBucket(a, SOURCE);
            int slot = b * 64 + am.bucketPosition(true, b, a, 8333);
            String prev = seen.putIfAbsent(slot, s);
            if (prev != null) return new PeerAddress[] {pa(prev, 8333, t1), pa(s, 8333, t2)};
        }
    }

    @Test
    void aTerribleOccupantIsReplacedAndAGoodOneIsKept() {
        AddrMan am = am();
        Instant ancient = NOW.minus(Duration.ofDays(31)); // beyond the 30-day horizon
        PeerAddress[] p = newCollisionPair(am, ancient, NOW);
        assertTrue(am.add(List.of(p[0]), SOURCE, NOW));
        assertTrue(am.add(List.of(p[1]), SOURCE, NOW), "terrible occupant replaced");
        assertEquals(1, am.size());
        assertTrue(am.info(ep(p[0])).isEmpty(), "refcount 0: deleted");

        AddrMan am2 = am();
        PeerAddress[] q = newCollisionPair(am2, NOW, NOW);
        assertTrue(am2.add(List.of(q[0]), SOURCE, NOW));
        assertFalse(am2.add(List.of(q[1]), SOURCE, NOW), "healthy occupant kept");
        assertEquals(1, am2.size());
        assertEquals(0, am2.check());
    }

    @Test
    void isTerribleFollowsCore() {
        AddrMan am = am();
        PeerAddress a = pa("250.1.1.1", 8333, NOW);
        am.add(List.of(a), a.address(), NOW);
        assertFalse(am.info(ep(a)).orElseThrow().isTerrible(NOW));
        assertTrue(am.info(ep(a)).orElseThrow().isTerrible(NOW.plus(Duration.ofDays(31))), "horizon");
        assertTrue(am.info(ep(a)).orElseThrow().isTerrible(NOW.minus(Duration.ofMinutes(11))), "future time");
        // three counted failures and never a success (each counted attempt needs a Good in between: lastGood
        // starts at 1 s, so only the first counts until a Good happens)
        am.attempt(ep(a), true, NOW);
        am.attempt(ep(a), true, NOW);
        assertEquals(1, am.info(ep(a)).orElseThrow().attempts());
        for (int i = 0; i < 2; i++) {
            am.good(NetEndpoint.parse("250.200.0.1:8333"), NOW.plusSeconds(5 + 10 * i)); // any Good counts
            am.attempt(ep(a), true, NOW.plusSeconds(10 + 10 * i));
        }
        AddrInfo info = am.info(ep(a)).orElseThrow();
        assertEquals(3, info.attempts());
        assertFalse(info.isTerrible(NOW.plusSeconds(60)), "tried in the last minute");
        assertTrue(info.isTerrible(NOW.plusSeconds(120)), "3 failures, no success");
        assertEquals(0.01 * Math.pow(0.66, 3), info.chance(NOW.plusSeconds(120)), 1e-12);
    }

    @Test
    void connectedRefreshesATimeMoreThan20MinutesStale() {
        AddrMan am = am();
        PeerAddress a = pa("250.1.1.1", 8333, NOW);
        am.add(List.of(a), a.address(), NOW);
        am.connected(ep(a), NOW.plus(Duration.ofMinutes(19)));
        assertEquals(NOW.getEpochSecond(), am.info(ep(a)).orElseThrow().time());
        am.connected(ep(a), NOW.plus(Duration.ofMinutes(21)));
        assertEquals(NOW.plus(Duration.ofMinutes(21)).getEpochSecond(), am.info(ep(a)).orElseThrow().time());
        am.setServices(ep(a), 1033);
        assertEquals(1033, am.info(ep(a)).orElseThrow().services());
    }

    @Test
    void selectHonoursTheNetworkFilter() {
        AddrMan am = am();
        byte[] key = new byte[32];
        key[0] = 7;
        PeerAddress tor = new PeerAddress(NOW.getEpochSecond(), 1, NetAddress.torV3(key), 8333);
        PeerAddress v4 = pa("250.1.1.1", 8333, NOW);
        am.add(List.of(tor, v4), SOURCE, NOW);
        assertEquals(1, am.size(Network.TORV3, true));
        assertEquals(1, am.size(Network.IPV4, null));
        for (int i = 0; i < 20; i++) {
            assertEquals(tor.endpoint(), am.select(false, Set.of(Network.TORV3), NOW).orElseThrow().address().endpoint());
        }
        assertTrue(am.select(false, Set.of(Network.I2P), NOW).isEmpty());
        assertTrue(am.select(true, Set.of(Network.I2P, Network.CJDNS), NOW).isEmpty());
    }

    @Test
    void getAddrCapsAt23PercentAndFilters() {
        AddrMan am = am();
        List<PeerAddress> addrs = new ArrayList<>();
        for (int i = 1; i <= 200; i++) addrs.add(pa(ip(i * 65_537 + 3), 8333, NOW));
        for (int i = 1; i <= 200; i++) am.add(List.of(addrs.get(i - 1)), NetAddress.parse(ip(i * 256 * 256 * 3)), NOW);
        int n = am.size();
        assertTrue(n > 150, "most placed: " + n);
        assertEquals(23 * n / 100, am.getAddr(1000, 23, null, true, NOW).size());
        assertEquals(5, am.getAddr(5, 23, null, true, NOW).size());
        assertEquals(n, am.getAddr(0, 0, Network.IPV4, false, NOW).size());
        assertEquals(0, am.getAddr(0, 0, Network.IPV6, false, NOW).size());
        assertEquals(0, am.getAddr(0, 0, null, true, NOW.plus(Duration.ofDays(31))).size(), "all terrible");
        Set<NetEndpoint> distinct = new HashSet<>();
        for (PeerAddress a : am.getAddr(0, 0, null, false, NOW)) distinct.add(a.endpoint());
        assertEquals(n, distinct.size());
        assertEquals(0, am.check());
    }

    @Test
    void oneSourceGroupReachesAtMost64NewBuckets() {
        AddrMan am = am();
        Set<Integer> sameGroup = new HashSet<>();
        Set<Integer> manyGroups = new HashSet<>();
        for (int i = 0; i < 4 * 1024; i++) {
            NetAddress a = NetAddress.parse(ip(i * 4099 + 1));
            sameGroup.add(am.newBucket(a, NetAddress.parse("251.4.1.1")));
            manyGroups.add(am.newBucket(a, NetAddress.parse("251." + (i % 256) + ".1.1")));
        }
        assertTrue(sameGroup.size() <= AddrMan.NEW_BUCKETS_PER_SOURCE_GROUP, "" + sameGroup.size());
        assertTrue(manyGroups.size() > 64, "" + manyGroups.size());
    }

    @Test
    void anAddressIsReferencedFromAtMostEightNewBuckets() {
        AddrMan am = am();
        PeerAddress a = pa("250.1.1.1", 8333, NOW);
        for (int i = 0; i < 2000; i++) {
            // a slightly newer time each round (within the 1 h update interval, so the stored time does not
            // catch up every round), from a new source group: Core's 1/2^N rule is the brake
            Instant t = NOW.plusSeconds(i + 1);
            am.add(List.of(pa("250.1.1.1", 8333, t)), NetAddress.parse("251." + (i % 250 + 1) + "." + (i / 250 + 1) + ".1"), t);
        }
        int refs = am.info(ep(a)).orElseThrow().refCount();
        assertTrue(refs > 1 && refs <= AddrMan.NEW_BUCKETS_PER_ADDRESS, "refcount " + refs);
        assertEquals(0, am.check());
    }
}
