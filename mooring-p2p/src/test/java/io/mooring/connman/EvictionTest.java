package io.mooring.connman;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerId;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Core's SelectNodeToEvict: net_peer_eviction_tests/peer_eviction_test, p2p_eviction.py's scenario, the last steps. */
class EvictionTest {
    private final SplittableRandom random = new SplittableRandom(20260123);

    private boolean isEvicted(int n, Consumer<Candidates.C> setup, Set<Integer> ids) {
        List<Candidates.C> cs = Candidates.random(n, random);
        cs.forEach(setup);
        Optional<PeerId> evicted = Eviction.selectNodeToEvict(Candidates.shuffled(Candidates.build(cs), random));
        return evicted.isPresent() && ids.contains((int) evicted.get().value());
    }

    private static Set<Integer> range(int n) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < n; i++) s.add(i);
        return s;
    }

    @Test
    void eachProtectionHoldsForEveryNumberOfCandidatesUpTo200() {
        for (int n = 0; n < 200; n++) {
            final int nodes = n;
            assertThat(isEvicted(n, c -> c.netGroup = nodes - c.id, range(4))).as("netgroup, %d", n).isFalse();
            assertThat(isEvicted(n, c -> c.minPing = Duration.ofNanos(1000 * c.id), range(8))).as("ping, %d", n).isFalse();
            assertThat(isEvicted(n, c -> c.lastTx = nodes - c.id, range(4))).as("tx, %d", n).isFalse();
            Consumer<Candidates.C> blockRelayOnly = c -> {
                c.lastBlock = nodes - c.id;
                if (c.id <= 7) {
                    c.relayTxs = false;
                    c.relevantServices = true;
                }
            };
            assertThat(isEvicted(n, blockRelayOnly, range(8))).as("block-relay-only blocks, %d", n).isFalse();
            assertThat(isEvicted(n, c -> c.lastBlock = nodes - c.id, range(4))).as("blocks, %d", n).isFalse();
            assertThat(isEvicted(n, blockRelayOnly, range(12))).as("both block rules, %d", n).isFalse();
            assertThat(isEvicted(n, c -> {
                c.netGroup = nodes - c.id;
                c.minPing = Duration.ofNanos(1000 * c.id);
                c.lastTx = nodes - c.id;
                c.lastBlock = nodes - c.id;
            }, range(20))).as("all four, %d", n).isFalse();
            Optional<PeerId> any = Eviction.selectNodeToEvict(Candidates.build(Candidates.random(n, random)));
            if (n >= 29) {
                assertThat(any).as("%d random candidates", n).isPresent();
            }
            if (n <= 20) {
                assertThat(any).as("%d random candidates", n).isEmpty();
            }
        }
    }

    // ---- the last steps, with 20 strong peers that take every protection but uptime --------------------------------

    private static List<Candidates.C> strongPeers() {
        List<Candidates.C> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Candidates.C c = new Candidates.C(1000 + i);
            c.connected = 500; // younger than everyone: uptime protects none of them
            c.relayTxs = true;
            if (i < 4) c.netGroup = -1L - i; // the largest uint64 values
            else if (i < 12) c.minPing = Duration.ofMillis(1);
            else if (i < 16) c.lastTx = 1000;
            else c.lastBlock = 1000;
            out.add(c);
        }
        return out;
    }

    private static Candidates.C weak(long id, long connected, long netGroup) {
        Candidates.C c = new Candidates.C(id);
        c.connected = connected;
        c.netGroup = netGroup;
        c.relayTxs = true;
        return c;
    }

    private static Optional<PeerId> select(List<Candidates.C> weak) {
        List<Candidates.C> all = new ArrayList<>(strongPeers());
        all.addAll(weak);
        return Eviction.selectNodeToEvict(Candidates.build(all));
    }

    private static List<Candidates.C> oldPeers(int n) {
        List<Candidates.C> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(weak(i, i + 1, 50 + i));
        return out;
    }

    @Test
    void theYoungestOfTheMostCrowdedNetgroupIsEvicted() {
        List<Candidates.C> weak = oldPeers(6);
        weak.addAll(List.of(weak(100, 100, 7), weak(101, 101, 7), weak(102, 102, 7), weak(103, 103, 8),
                weak(104, 104, 8), weak(105, 105, 9)));
        assertThat(select(weak)).contains(new PeerId(102));
    }

    @Test
    void equallyCrowdedNetgroupsLoseTheOneWhoseYoungestConnectedLast() {
        List<Candidates.C> weak = oldPeers(7);
        weak.addAll(List.of(weak(100, 100, 7), weak(101, 101, 7), weak(102, 102, 7), weak(103, 103, 8),
                weak(104, 104, 8), weak(105, 105, 8), weak(106, 106, 9)));
        assertThat(select(weak)).contains(new PeerId(105));
    }

    @Test
    void discouragedPeersAreEvictedFirstOnceTheProtectionsHadTheirSay() {
        List<Candidates.C> weak = oldPeers(6);
        weak.addAll(List.of(weak(100, 100, 7), weak(101, 101, 7), weak(102, 102, 7), weak(103, 103, 8),
                weak(104, 104, 8), weak(105, 105, 9)));
        weak.get(7).preferEvict = true; // peer 101, in the crowded group but not its youngest
        weak.get(11).preferEvict = true; // peer 105, alone in its group
        weak.get(0).preferEvict = true; // peer 0: discouraged, but protected by uptime
        assertThat(select(weak)).contains(new PeerId(105));
        weak.get(11).preferEvict = false;
        assertThat(select(weak)).contains(new PeerId(101));
    }

    @Test
    void nobanAndOutboundConnectionsAreNeverEvicted() {
        List<Candidates.C> cs = Candidates.random(60, random);
        cs.forEach(c -> c.noban = true);
        assertThat(Eviction.selectNodeToEvict(Candidates.build(cs))).isEmpty();
        ConnectionType[] outbound = {ConnectionType.OUTBOUND_FULL_RELAY, ConnectionType.BLOCK_RELAY,
                ConnectionType.MANUAL, ConnectionType.FEELER, ConnectionType.ADDR_FETCH};
        for (int i = 0; i < cs.size(); i++) {
            cs.get(i).noban = false;
            cs.get(i).type = outbound[i % outbound.length];
        }
        assertThat(Eviction.selectNodeToEvict(Candidates.build(cs))).isEmpty();
        cs.get(0).type = ConnectionType.INBOUND;
        // One inbound connection among 60: it is protected (by netgroup, the first rule, if nothing else).
        assertThat(Eviction.selectNodeToEvict(Candidates.build(cs))).isEmpty();
    }

    /**
     * Core's p2p_eviction.py: every peer on one netgroup (all from localhost); 4 peers sent blocks, 4 sent
     * transactions, 8 answer pings fastest; the node is full and new peers keep arriving. Each arrival evicts one,
     * never one of the 16 protected peers, and never the longer-connected half of the rest.
     */
    @Test
    void aFullNodeKeepsItsUsefulAndFastPeersAsNewcomersArrive() {
        List<Candidates.C> peers = new ArrayList<>();
        Set<Long> useful = new HashSet<>();
        long t = 0;
        for (int i = 0; i < 32; i++) {
            Candidates.C c = new Candidates.C(i);
            c.connected = t++;
            c.isLocal = true;
            c.network = Network.IPV4;
            c.relayTxs = true;
            c.minPing = Duration.ofMillis(200 + i);
            if (i < 4) { c.lastBlock = 1000 + i; useful.add((long) i); }
            else if (i < 8) { c.lastTx = 1000 + i; useful.add((long) i); }
            else if (i < 16) { c.minPing = Duration.ofMillis(1 + i); useful.add((long) i); }
            peers.add(c);
        }
        long nextId = 100;
        int evictions = 0;
        for (int arrival = 0; arrival < 40; arrival++) {
            Optional<PeerId> victim = Eviction.selectNodeToEvict(Candidates.build(peers));
            assertThat(victim).isPresent();
            assertThat(useful).doesNotContain(victim.get().value());
            peers.removeIf(p -> p.id == victim.get().value());
            evictions++;
            Candidates.C newcomer = new Candidates.C(nextId++);
            newcomer.connected = t++;
            newcomer.isLocal = true;
            newcomer.relayTxs = true;
            newcomer.minPing = Duration.ofMillis(500);
            peers.add(newcomer);
        }
        assertThat(evictions).isEqualTo(40);
        assertThat(peers.stream().map(p -> p.id).toList()).containsAll(useful);
    }

    // ---- admission ---------------------------------------------------------------------------------------------------

    private static final NetEndpoint FROM = NetEndpoint.parse("203.0.113.9:5000");

    @Test
    void admissionFollowsCoresOrderBannedThenDiscouragedThenFullThenEvict() {
        List<NodeEvictionCandidate> none = List.of();
        assertThat(Eviction.acceptInbound(FROM, false, true, false, 0, 10, 0, () -> none))
                .isEqualTo(new Eviction.InboundDecision.Drop("connection from 203.0.113.9:5000 dropped (banned)"));
        assertThat(Eviction.acceptInbound(FROM, true, true, false, 0, 10, 0, () -> none))
                .isEqualTo(new Eviction.InboundDecision.Admit(false, false));
        // Discouraged: refused only when the inbound slots are almost full (Core: nInbound + 1 >= m_max_inbound).
        assertThat(Eviction.acceptInbound(FROM, false, false, true, 8, 10, 0, () -> none))
                .isEqualTo(new Eviction.InboundDecision.Admit(true, false));
        assertThat(Eviction.acceptInbound(FROM, false, false, true, 9, 10, 0, () -> none))
                .isEqualTo(new Eviction.InboundDecision.Drop("connection from 203.0.113.9:5000 dropped (discouraged)"));
        assertThat(Eviction.acceptInbound(FROM, true, false, true, 9, 10, 0, () -> none))
                .isEqualTo(new Eviction.InboundDecision.Admit(true, false));
        assertThat(Eviction.acceptInbound(FROM, false, false, false, 10, 10, 0, () -> none)).isEqualTo(
                new Eviction.InboundDecision.Drop("failed to find an eviction candidate - connection dropped (full)"));
        // noban does not raise the inbound limit (Core): it only spares the peer from bans and eviction.
        assertThat(Eviction.acceptInbound(FROM, true, false, false, 10, 10, 0, () -> none))
                .isInstanceOf(Eviction.InboundDecision.Drop.class);
        List<NodeEvictionCandidate> many = Candidates.build(Candidates.random(40, new SplittableRandom(3)));
        assertThat(Eviction.acceptInbound(FROM, false, false, false, 40, 40, 0, () -> many))
                .isEqualTo(new Eviction.InboundDecision.EvictAndAdmit(Eviction.selectNodeToEvict(many).orElseThrow(),
                        false));
    }

    @Test
    void blockRelayOnlySlotsAdmitProvisionallyBeyondTheLimitAndThenEvict() {
        List<NodeEvictionCandidate> none = List.of();
        assertThat(Eviction.acceptInbound(FROM, false, false, false, 9, 10, 2, () -> none))
                .isEqualTo(new Eviction.InboundDecision.Admit(false, false));
        assertThat(Eviction.acceptInbound(FROM, false, false, false, 10, 10, 2, () -> none))
                .isEqualTo(new Eviction.InboundDecision.Admit(false, true));
        assertThat(Eviction.acceptInbound(FROM, false, false, false, 11, 10, 2, () -> none))
                .isEqualTo(new Eviction.InboundDecision.Admit(false, true));
        assertThat(Eviction.acceptInbound(FROM, false, false, false, 12, 10, 2, () -> none))
                .isInstanceOf(Eviction.InboundDecision.Drop.class);
        // At version time: a transaction-relaying peer keeps a place only while fewer than maxInbound others relay.
        assertThat(Eviction.keepsInboundSlot(true, false, 9, 10)).isTrue();
        assertThat(Eviction.keepsInboundSlot(true, false, 10, 10)).isFalse();
        assertThat(Eviction.keepsInboundSlot(false, true, 10, 10)).isFalse();
        assertThat(Eviction.keepsInboundSlot(false, false, 11, 10)).isTrue();
        assertThat(Eviction.keepsInboundSlot(false, false, 10, 10)).isTrue();
    }
}
