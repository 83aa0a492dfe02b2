package io.mooring.connman;

import static io.mooring.connman.OutboundSim.FULL;
import static io.mooring.connman.OutboundSim.T0;
import static io.mooring.connman.OutboundSim.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.addrman.AddrMan;
import io.mooring.connman.OutboundAction.Disconnect;
import io.mooring.connman.OutboundAction.OpenConnection;
import io.mooring.connman.OutboundAction.Reason;
import io.mooring.net.ConnectionType;
import io.mooring.netgroup.Asmap;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.Bytes;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {
    static final NetAddress SOURCE = NetEndpoint.parse("9.9.9.9:8333").address();

    static AddrMan addrMan(NetGroupManager groups, long seed) {
        return AddrMan.create(groups, new SplittableRandom(seed));
    }

    /** {@code groups} /16s (a.b.0.0 with a = 11..) with {@code perGroup} addresses each, all with full services. */
    static AddrMan populated(int groups, int perGroup) {
        AddrMan am = addrMan(NetGroupManager.noAsmap(), 7);
        List<PeerAddress> list = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (int i = 1; i <= perGroup; i++) {
                list.add(addr((11 + g / 200) + "." + (g % 200) + ".0." + i + ":8333", FULL));
            }
        }
        am.add(list, SOURCE, T0);
        return am;
    }

    static Set<Bytes> groupsOf(List<OutboundPeerView> peers, NetGroupManager g) {
        Set<Bytes> s = new HashSet<>();
        for (OutboundPeerView p : peers) s.add(g.group(p.endpoint().address()));
        return s;
    }

    @Test
    void fillsEightFullRelayAndTwoBlockRelayEachInItsOwnNetgroupAndNothingMore() {
        AddrMan am = populated(40, 5);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 1));
        // Less than the first feeler can be due: only slot filling happens.
        Instant t = sim.run(T0, Duration.ofSeconds(30));
        assertThat(sim.count(ConnectionType.OUTBOUND_FULL_RELAY)).isEqualTo(8);
        assertThat(sim.count(ConnectionType.BLOCK_RELAY)).isEqualTo(2);
        assertThat(groupsOf(sim.peers, am.netgroup())).hasSize(10);
        // Full relay first, then block-relay-only, as Core orders them.
        assertThat(sim.opened.subList(0, 8)).allMatch(o -> o.type() == ConnectionType.OUTBOUND_FULL_RELAY);
        assertThat(sim.opened.subList(8, 10)).allMatch(o -> o.type() == ConnectionType.BLOCK_RELAY);
        int before = sim.opened.size();
        // Until the feeler timer fires nothing else is opened.
        while (t.isBefore(sim.policy.nextFeeler())) {
            assertThat(sim.step(t)).isEmpty();
            t = t.plusMillis(500);
        }
        assertThat(sim.opened).hasSize(before);
    }

    @Test
    void neverTwoOutboundPeersInOneNetgroupEvenWhenFewGroupsExist() {
        // 3 netgroups, 30 addresses each: only 3 persistent outbound connections are possible.
        AddrMan am = populated(3, 30);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 2));
        sim.run(T0, Duration.ofMinutes(1));
        assertThat(sim.peers).hasSize(3);
        assertThat(groupsOf(sim.peers, am.netgroup())).hasSize(3);
    }

    @Test
    void withAsmapTwoSixteensInOneAsCountAsOneGroup() throws Exception {
        Asmap asmap;
        try (InputStream in = getClass().getResourceAsStream("/asmap/asmap.raw")) {
            // Core's addrman_tests map: 250.0.0.0/8 is AS1000; 101.N.0.0/16 is AS N for N = 1..8.
            asmap = Asmap.fromBytes(in.readAllBytes(), "asmap.raw");
        }
        NetGroupManager groups = NetGroupManager.withAsmap(asmap);
        AddrMan am = addrMan(groups, 3);
        List<PeerAddress> list = new ArrayList<>();
        for (int b = 1; b <= 20; b++) list.add(addr("250." + b + ".0.1:8333", FULL));
        for (int n = 1; n <= 8; n++) list.add(addr("101." + n + ".0.1:8333", FULL));
        for (PeerAddress a : list) am.add(List.of(a), a.address(), T0);
        assertThat(groups.group(NetEndpoint.parse("250.1.0.1:1").address()))
                .isEqualTo(groups.group(NetEndpoint.parse("250.2.0.1:1").address()));
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 3));
        sim.run(T0, Duration.ofMinutes(1));
        // Nine ASes: 8 full-relay + 1 block-relay-only, with one peer at most in AS1000 (twenty /16s there).
        assertThat(sim.peers).hasSize(9);
        assertThat(sim.peers.stream().filter(p -> p.endpoint().address().toString().startsWith("250."))).hasSize(1);
        assertThat(groupsOf(sim.peers, groups)).hasSize(9);
    }

    @Test
    void anchorsComeFirstAsBlockRelayAndOneWithoutDesirableServicesIsSkipped() {
        AddrMan am = populated(40, 2);
        PeerAddress good = addr("77.1.0.1:8333", FULL);
        PeerAddress limitedOnly = addr("78.1.0.1:8333", ServiceFlags.NODE_NETWORK); // no NODE_WITNESS
        // Consumed from the back: limitedOnly first (skipped, never retried), then good.
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(good, limitedOnly),
                a -> false, 4));
        sim.step(T0);
        assertThat(sim.opened).hasSize(1);
        assertThat(sim.opened.get(0).address().endpoint()).isEqualTo(good.endpoint());
        assertThat(sim.opened.get(0).type()).isEqualTo(ConnectionType.BLOCK_RELAY);
        assertThat(sim.opened.get(0).reason()).isEqualTo(Reason.ANCHOR);
        sim.run(T0.plusMillis(500), Duration.ofSeconds(30));
        assertThat(sim.opened).noneMatch(o -> o.address().endpoint().equals(limitedOnly.endpoint()));
        assertThat(sim.count(ConnectionType.BLOCK_RELAY)).isEqualTo(2);
        assertThat(sim.count(ConnectionType.OUTBOUND_FULL_RELAY)).isEqualTo(8);
    }

    @Test
    void anAnchorInTheNetgroupOfAnExistingOutboundPeerIsDropped() {
        AddrMan am = populated(40, 2);
        PeerAddress a1 = addr("77.1.0.1:8333", FULL);
        PeerAddress a2 = addr("77.1.0.2:8333", FULL); // same /16 as a1
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(a1, a2), a -> false, 5));
        sim.run(T0, Duration.ofSeconds(10));
        assertThat(sim.opened.get(0).address().endpoint()).isEqualTo(a2.endpoint());
        assertThat(sim.opened).noneMatch(o -> o.address().endpoint().equals(a1.endpoint()));
        assertThat(sim.opened.stream().filter(o -> o.reason() == Reason.ANCHOR)).hasSize(1);
    }

    @Test
    void feelersFollowAnExponentialScheduleWithATwoMinuteMeanAndUseNewTableAddresses() {
        AddrMan am = populated(60, 5);
        // Move some addresses to tried: feelers must still only pick new-table ones.
        for (int g = 0; g < 60; g += 2) am.good(NetEndpoint.parse("11." + g + ".0.1:8333"), T0);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 6));
        Instant firstFeelerDue = sim.policy.nextFeeler();
        Duration span = Duration.ofHours(6);
        sim.run(T0, span);
        List<OpenConnection> feelers = sim.opened.stream().filter(o -> o.type() == ConnectionType.FEELER).toList();
        // 6 h / 2 min = 180 expected; a Poisson count has sd ~13.4: a +-4 sd window.
        assertThat(feelers.size()).isBetween(126, 234);
        for (OpenConnection f : feelers) {
            assertThat(am.info(f.address().endpoint()).orElseThrow().inTried())
                    .as("feeler %s from the new table", f.address()).isFalse();
        }
        assertThat(sim.opened.stream().filter(o -> o.type() == ConnectionType.FEELER).findFirst()).isPresent();
        assertThat(firstFeelerDue).isAfter(T0);
    }

    @Test
    void aFeelerWaitsAUniformDelayOfUpToOneSecondDuringWhichNothingElseIsOpened() {
        AddrMan am = populated(60, 5);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 12));
        Instant t = sim.run(T0, Duration.ofSeconds(30)); // the 8 + 2 slots are full
        List<Double> delays = new ArrayList<>();
        Instant decided = null;
        Instant end = t.plus(Duration.ofHours(3));
        for (; t.isBefore(end); t = t.plusMillis(50)) {
            Instant due = sim.policy.nextFeeler();
            List<OutboundAction> actions = sim.step(t);
            if (!sim.policy.nextFeeler().equals(due)) {
                // A feeler round (it may find no address; then the next round replaces it). While a chosen feeler
                // waits, the timer cannot move: the policy opens nothing else until the feeler is out.
                assertThat(actions).as("decided now, opened later").isEmpty();
                decided = t;
            } else if (decided != null) {
                assertThat(actions).allSatisfy(a -> assertThat(a).isInstanceOfSatisfying(OpenConnection.class,
                        o -> assertThat(o.type()).isEqualTo(ConnectionType.FEELER)));
            }
            for (OutboundAction a : actions) {
                if (a instanceof OpenConnection o && o.type() == ConnectionType.FEELER) {
                    delays.add(Duration.between(decided, t).toMillis() / 1000.0);
                    decided = null;
                }
            }
        }
        // 3 h / 2 min = 90 feelers expected; each delay in [0, 1 s] on this 50 ms clock, spread over the window.
        assertThat(delays).hasSizeBetween(50, 140).allSatisfy(d -> assertThat(d).isBetween(0.0, 1.0));
        double mean = delays.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(mean).isBetween(0.35, 0.65);
        assertThat(delays.stream().filter(d -> d >= 0.5).count()).isGreaterThan(10);
    }

    @Test
    void withEightFullRelayPeersOnOneNetworkAnExtraPeerIsOpenedOnAnotherReachableNetwork() {
        AddrMan am = populated(40, 2);
        List<PeerAddress> v6 = new ArrayList<>();
        for (int i = 1; i <= 5; i++) v6.add(addr("[2a01:" + (100 + i) + "::1]:8333", FULL));
        am.add(v6, SOURCE, T0);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 13));
        // Only IPv4 answers at first, so the 8 full-relay peers are IPv4 (IPv6 picks fail and are retried later).
        sim.online = e -> e.address().isIPv4();
        sim.run(T0, Duration.ofSeconds(30));
        assertThat(sim.count(ConnectionType.OUTBOUND_FULL_RELAY)).isEqualTo(8);
        sim.online = e -> true;
        sim.run(T0.plusSeconds(30), Duration.ofMinutes(60));
        List<OpenConnection> extra = sim.opened.stream().filter(o -> o.reason() == Reason.PREFERRED_NETWORK).toList();
        assertThat(extra).isNotEmpty().allSatisfy(o -> {
            assertThat(o.type()).isEqualTo(ConnectionType.OUTBOUND_FULL_RELAY);
            assertThat(o.address().address().isIPv6()).isTrue();
        });
        // Once an IPv6 full-relay peer is connected, no more network-specific peers are opened for IPv6.
        long v6Peers = sim.peers.stream().filter(p -> p.type() == ConnectionType.OUTBOUND_FULL_RELAY
                && p.endpoint().address().isIPv6()).count();
        assertThat(v6Peers).isGreaterThanOrEqualTo(1);
        assertThat(extra).hasSize(1);
    }

    @Test
    void noNetworkSpecificPeerWhenMaxConnectionsLeavesFewerThanEightFullRelaySlots() {
        AddrMan am = populated(40, 2);
        am.add(List.of(addr("[2a01:101::1]:8333", FULL)), SOURCE, T0);
        OutboundOptions small = new OutboundOptions(6, true, List.of(), List.of(), Set.of(Network.IPV4, Network.IPV6),
                true, Duration.ofMinutes(10));
        OutboundSim sim = new OutboundSim(OutboundSim.policy(small, am, List.of(), a -> false, 14));
        sim.online = e -> e.address().isIPv4();
        sim.run(T0, Duration.ofMinutes(60));
        assertThat(sim.opened).noneMatch(o -> o.reason() == Reason.PREFERRED_NETWORK);
    }

    @Test
    void extraBlockRelayPeerOnceSyncedAndTheYoungestWithoutARecentBlockIsEvicted() {
        AddrMan am = populated(40, 2);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 8));
        Instant t = T0;
        // Not synced: no extra block-relay-only peer however long we wait.
        for (int i = 0; i < 2 * 60 * 20; i++, t = t.plusMillis(500)) sim.step(t);
        assertThat(sim.opened).noneMatch(o -> o.reason() == Reason.EXTRA_BLOCK_RELAY);
        // Synced: the next 45 s check enables them; one arrives within a few mean intervals.
        OutboundChainState synced = new OutboundChainState(t, false, true);
        OpenConnection extra = null;
        for (int i = 0; i < 2 * 60 * 60 && extra == null; i++, t = t.plusMillis(500)) {
            for (OutboundAction a : sim.step(t, new OutboundChainState(t, false, true))) {
                if (a instanceof OpenConnection o && o.reason() == Reason.EXTRA_BLOCK_RELAY) extra = o;
            }
        }
        assertThat(extra).isNotNull();
        assertThat(extra.type()).isEqualTo(ConnectionType.BLOCK_RELAY);
        assertThat(sim.count(ConnectionType.BLOCK_RELAY)).isEqualTo(3);
        assertThat(synced.initialSyncFinished()).isTrue();

        // Core's rule, directly: the youngest (highest id) goes unless it gave us a block more recently than the
        // second-youngest, then the second-youngest goes.
        Instant now = t.plusSeconds(60);
        NetEndpoint e1 = NetEndpoint.parse("50.1.0.1:8333");
        NetEndpoint e2 = NetEndpoint.parse("50.2.0.1:8333");
        NetEndpoint e3 = NetEndpoint.parse("50.3.0.1:8333");
        Instant old = now.minusSeconds(600);
        List<OutboundPeerView> quiet = List.of(
                view(1, e1, old, Instant.EPOCH), view(2, e2, old, Instant.EPOCH), view(3, e3, old, Instant.EPOCH));
        List<OutboundAction> out = new ArrayList<>();
        sim.policy.evictExtraOutboundPeers(now, quiet, out);
        assertThat(out).containsExactly(new Disconnect(3, "extra block-relay-only peer"));
        List<OutboundPeerView> youngestDelivered = List.of(view(1, e1, old, now.minusSeconds(900)),
                view(2, e2, old, now.minusSeconds(300)), view(3, e3, old, now.minusSeconds(5)));
        out.clear();
        sim.policy.evictExtraOutboundPeers(now, youngestDelivered, out);
        assertThat(out).containsExactly(new Disconnect(2, "extra block-relay-only peer"));
        // Too young to judge (MINIMUM_CONNECT_TIME): kept.
        out.clear();
        sim.policy.evictExtraOutboundPeers(now, List.of(view(1, e1, old, Instant.EPOCH), view(2, e2, old,
                Instant.EPOCH), view(3, e3, now.minusSeconds(10), Instant.EPOCH)), out);
        assertThat(out).isEmpty();
    }

    static OutboundPeerView view(long id, NetEndpoint e, Instant connected, Instant lastBlock) {
        return new OutboundPeerView(id, e, ConnectionType.BLOCK_RELAY, true, false, connected, lastBlock,
                Instant.EPOCH, 0, false);
    }

    @Test
    void aStaleTipBringsOneExtraFullRelayPeerAndTheWorstAnnouncerIsEvictedAfterwards() {
        AddrMan am = populated(40, 2);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 9));
        Instant tipChanged = T0;
        Instant t = sim.run(T0, Duration.ofSeconds(30));
        assertThat(sim.count(ConnectionType.OUTBOUND_FULL_RELAY)).isEqualTo(8);
        OpenConnection stale = null;
        for (int i = 0; i < 2 * 60 * 60 && stale == null; i++, t = t.plusMillis(500)) {
            for (OutboundAction a : sim.step(t, new OutboundChainState(tipChanged, false, false))) {
                if (a instanceof OpenConnection o && o.reason() == Reason.STALE_TIP) stale = o;
            }
        }
        assertThat(stale).as("an extra full-relay peer after 30 min without a new tip").isNotNull();
        assertThat(Duration.between(T0, t)).isGreaterThan(Duration.ofMinutes(30));
        assertThat(sim.count(ConnectionType.OUTBOUND_FULL_RELAY)).isEqualTo(9);
        // The next extra-peer check evicts one (all announced nothing: the youngest, i.e. the extra one).
        long extraId = sim.peers.stream().mapToLong(OutboundPeerView::id).max().orElseThrow();
        Disconnect d = null;
        for (int i = 0; i < 2 * 60 * 2 && d == null; i++, t = t.plusMillis(500)) {
            for (OutboundAction a : sim.step(t, new OutboundChainState(tipChanged, false, false))) {
                if (a instanceof Disconnect x) d = x;
            }
        }
        assertThat(d).isEqualTo(new Disconnect(extraId, "extra outbound peer"));
        assertThat(sim.policy.tryNewOutboundPeer()).isFalse();
    }

    @Test
    void connectOnlyOpensItsTargetsAndNothingAutomatic() {
        AddrMan am = populated(40, 2);
        NetEndpoint target = NetEndpoint.parse("127.0.0.1:18444");
        OutboundOptions opts = new OutboundOptions(125, false, List.of(target), List.of(),
                Set.of(Network.IPV4, Network.IPV6), true, Duration.ofMinutes(10));
        OutboundSim sim = new OutboundSim(OutboundSim.policy(opts, am, List.of(addr("77.1.0.1:8333", FULL)),
                a -> false, 10));
        sim.online = e -> false; // the target is down: it is retried every 5 s
        sim.run(T0, Duration.ofSeconds(20));
        assertThat(sim.opened).allMatch(o -> o.address().endpoint().equals(target)
                && o.type() == ConnectionType.MANUAL && o.reason() == Reason.CONNECT);
        assertThat(sim.opened).hasSize(4);
        sim.online = e -> true;
        sim.run(T0.plusSeconds(20), Duration.ofMinutes(10));
        assertThat(sim.peers).hasSize(1);
        assertThat(sim.opened).hasSize(5);
    }

    @Test
    void connectZeroMeansNoOutboundAtAll() {
        AddrMan am = populated(40, 2);
        OutboundOptions opts = new OutboundOptions(125, false, List.of(), List.of(), Set.of(Network.IPV4), true,
                Duration.ofMinutes(10));
        OutboundSim sim = new OutboundSim(OutboundSim.policy(opts, am, List.of(addr("77.1.0.1:8333", FULL)),
                a -> false, 11));
        sim.run(T0, Duration.ofMinutes(30));
        assertThat(sim.opened).isEmpty();
    }

    @Test
    void addedNodesAreRetriedEverySixtySecondsOutsideTheAutomaticCounts() {
        AddrMan am = populated(40, 2);
        NetEndpoint added = NetEndpoint.parse("60.1.0.1:8333");
        OutboundOptions opts = new OutboundOptions(125, true, List.of(), List.of(added), Set.of(Network.IPV4), true,
                Duration.ofMinutes(10));
        OutboundSim sim = new OutboundSim(OutboundSim.policy(opts, am, List.of(), a -> false, 12));
        sim.online = e -> !e.equals(added);
        sim.run(T0, Duration.ofSeconds(150));
        List<OpenConnection> tries = sim.opened.stream().filter(o -> o.reason() == Reason.ADDNODE).toList();
        assertThat(tries).hasSize(3); // at 0, 60 and 120 s
        sim.online = e -> true;
        sim.run(T0.plusSeconds(150), Duration.ofSeconds(60));
        assertThat(sim.count(ConnectionType.MANUAL)).isEqualTo(1);
        assertThat(sim.count(ConnectionType.OUTBOUND_FULL_RELAY)).isEqualTo(8);
        assertThat(sim.count(ConnectionType.BLOCK_RELAY)).isEqualTo(2);
        // addnode remove: not retried any more.
        assertThat(sim.policy.removeNode(added)).isTrue();
        assertThat(sim.policy.addNode(added)).isTrue();
        assertThat(sim.policy.addNode(added)).isFalse();
    }

    @Test
    void addrFetchTargetsGoFirstAsAddrFetchAndDoNotTakeAFullRelaySlot() {
        AddrMan am = populated(40, 2);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 13));
        NetEndpoint seed = NetEndpoint.parse("70.1.0.1:8333");
        sim.policy.queueAddrFetch(seed);
        sim.step(T0);
        assertThat(sim.opened.get(0).type()).isEqualTo(ConnectionType.ADDR_FETCH);
        assertThat(sim.opened.get(0).address().endpoint()).isEqualTo(seed);
        sim.run(T0.plusMillis(500), Duration.ofSeconds(30));
        assertThat(sim.count(ConnectionType.OUTBOUND_FULL_RELAY)).isEqualTo(8);
    }

    @Test
    void bannedAndDiscouragedAddressesAreNeverConnected() {
        AddrMan am = populated(40, 2);
        Set<NetAddress> banned = new HashSet<>();
        for (int g = 0; g < 40; g += 2) banned.add(NetEndpoint.parse("11." + g + ".0.1:1").address());
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), banned::contains,
                14));
        sim.run(T0, Duration.ofMinutes(20));
        assertThat(sim.opened).isNotEmpty();
        assertThat(sim.opened).noneMatch(o -> banned.contains(o.address().address()));
        assertThat(sim.peers).hasSize(10);
    }

    @Test
    void recentlyTriedAddressesAreOnlyTakenAfterThirtyPicks() {
        Instant now = T0.plusSeconds(3600);
        NetEndpoint fresh = NetEndpoint.parse("40.1.0.1:8333");
        NetEndpoint recent = NetEndpoint.parse("40.2.0.1:8333");
        int freshFirst = 0;
        for (long seed = 0; seed < 20; seed++) {
            AddrMan am = addrMan(NetGroupManager.noAsmap(), seed);
            am.add(List.of(addr(fresh.toString(), FULL), addr(recent.toString(), FULL)), SOURCE, T0);
            am.attempt(recent, false, now.minusSeconds(120));
            OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, seed));
            sim.step(now);
            if (sim.opened.get(0).address().endpoint().equals(fresh)) freshFirst++;
        }
        assertThat(freshFirst).isEqualTo(20);
        // With only a recently tried address left, it is taken once 30 picks have been spent.
        AddrMan am = addrMan(NetGroupManager.noAsmap(), 99);
        am.add(List.of(addr(recent.toString(), FULL)), SOURCE, T0);
        am.attempt(recent, false, now.minusSeconds(120));
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 99));
        sim.step(now);
        assertThat(sim.opened).extracting(o -> o.address().endpoint()).containsExactly(recent);
    }

    @Test
    void badPortsAreSkippedForTheFirstFiftyPicks() {
        AddrMan am = addrMan(NetGroupManager.noAsmap(), 15);
        am.add(List.of(addr("40.1.0.1:22", FULL), addr("40.2.0.1:8333", FULL)), SOURCE, T0);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 15));
        sim.step(T0);
        assertThat(sim.opened).extracting(o -> o.address().port()).containsExactly(8333);
        assertThat(OutboundPolicy.isBadPort(22)).isTrue();
        assertThat(OutboundPolicy.isBadPort(8333)).isFalse();
    }

    @Test
    void unreachableNetworksAndAddressesWithoutDesirableServicesAreSkipped() {
        AddrMan am = addrMan(NetGroupManager.noAsmap(), 16);
        List<PeerAddress> list = new ArrayList<>();
        for (int i = 1; i <= 20; i++) list.add(addr("[2001:db9:" + i + "::1]:8333", FULL));
        for (int i = 1; i <= 20; i++) list.add(addr("30." + i + ".0.1:8333", ServiceFlags.NODE_WITNESS));
        list.add(addr("31.1.0.1:8333", FULL));
        am.add(list, SOURCE, T0);
        OutboundOptions ipv4Only = new OutboundOptions(125, true, List.of(), List.of(), Set.of(Network.IPV4), true,
                Duration.ofMinutes(10));
        OutboundSim sim = new OutboundSim(OutboundSim.policy(ipv4Only, am, List.of(), a -> false, 16));
        sim.run(T0, Duration.ofSeconds(30));
        assertThat(sim.peers).extracting(p -> p.endpoint().toString()).containsExactly("31.1.0.1:8333");
        assertThat(sim.opened).allMatch(o -> o.address().address().network() == Network.IPV4);
    }

    @Test
    void anEmptyAddressManagerMeansNothingToDo() {
        AddrMan am = addrMan(NetGroupManager.noAsmap(), 17);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 17));
        sim.run(T0, Duration.ofHours(1));
        assertThat(sim.opened).isEmpty();
    }

    @Test
    void failuresAreCountedOnlyOnceTwoOutboundNetgroupsShowWeAreOnline() {
        AddrMan am = populated(40, 2);
        OutboundSim sim = new OutboundSim(OutboundSim.policy(OutboundSim.options(), am, List.of(), a -> false, 18));
        sim.run(T0, Duration.ofSeconds(30));
        assertThat(sim.opened.get(0).countFailure()).isFalse();
        assertThat(sim.opened.get(1).countFailure()).isFalse();
        assertThat(sim.opened.get(2).countFailure()).isTrue();
    }
}
