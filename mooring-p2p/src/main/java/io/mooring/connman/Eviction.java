package io.mooring.connman;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerId;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Inbound eviction and admission, as Core's {@code SelectNodeToEvict} and {@code ProtectEvictionCandidatesByRatio}
 * ({@code src/node/eviction.cpp}) and the checks of {@code CConnman::CreateNodeFromAcceptedSocket} ({@code
 * src/net.cpp}).
 *
 * <p>The selection protects a few peers for each of several properties an attacker finds hard to fake at once
 * (netgroup, ping, useful transactions and blocks, uptime, network diversity) and evicts the youngest peer of the
 * most crowded netgroup among the rest. Core sorts with {@code std::sort}, which leaves the order of equal elements
 * unspecified; here every sort is stable, so ties keep the order the candidates came in: one of the orders Core may
 * produce, and always the same for the same input.
 */
public final class Eviction {
    private Eviction() {
    }

    // ---- Core's comparators ("a sorts before b"); the last elements after sorting are the ones protected ----------

    /** Core's ReverseCompareNodeMinPingTime: worst ping first, so the best pings end up last. */
    static final Comparator<NodeEvictionCandidate> REVERSE_MIN_PING =
            Comparator.comparing(NodeEvictionCandidate::minPingTime).reversed();

    /** Core's ReverseCompareNodeTimeConnected: most recently connected first, the longest-connected last. */
    static final Comparator<NodeEvictionCandidate> REVERSE_TIME_CONNECTED =
            Comparator.comparing(NodeEvictionCandidate::connected).reversed();

    /** Core's CompareNetGroupKeyed: by keyed netgroup, a uint64_t. */
    static final Comparator<NodeEvictionCandidate> NET_GROUP_KEYED =
            (a, b) -> Long.compareUnsigned(a.keyedNetGroup(), b.keyedNetGroup());

    /** Core's CompareNodeBlockTime: oldest block first; then without the wanted services; then youngest. */
    static final Comparator<NodeEvictionCandidate> BLOCK_TIME =
            Comparator.comparing(NodeEvictionCandidate::lastBlockTime)
                    .thenComparing(NodeEvictionCandidate::relevantServices)
                    .thenComparing(REVERSE_TIME_CONNECTED);

    /**
     * Core's CompareNodeTXTime: oldest transaction first; then peers that do not relay transactions; then peers with
     * a bloom filter; then youngest.
     */
    static final Comparator<NodeEvictionCandidate> TX_TIME =
            Comparator.comparing(NodeEvictionCandidate::lastTxTime)
                    .thenComparing(NodeEvictionCandidate::relayTxs)
                    .thenComparing(NodeEvictionCandidate::bloomFilter, Comparator.reverseOrder())
                    .thenComparing(REVERSE_TIME_CONNECTED);

    /**
     * Core's CompareNodeBlockRelayOnlyTime: transaction-relaying peers first (they are not protected by this rule),
     * then as {@link #BLOCK_TIME}.
     */
    static final Comparator<NodeEvictionCandidate> BLOCK_RELAY_ONLY_TIME =
            Comparator.comparing(NodeEvictionCandidate::relayTxs, Comparator.reverseOrder())
                    .thenComparing(NodeEvictionCandidate::lastBlockTime)
                    .thenComparing(NodeEvictionCandidate::relevantServices)
                    .thenComparing(REVERSE_TIME_CONNECTED);

    /** One disadvantaged network of Core's ratio protection ({@code struct Net}): localhost or a network. */
    private static final class Net {
        final boolean isLocal;
        final Network id;
        int count;

        Net(boolean isLocal, Network id) {
            this.isLocal = isLocal;
            this.id = id;
        }

        boolean contains(NodeEvictionCandidate c) {
            return isLocal ? c.isLocal() : c.network() == id;
        }

        /**
         * Core's CompareNodeNetworkTime: others first (for localhost: non-local peers; else peers of other
         * networks), then by decreasing uptime, so this network's longest-connected peers end up last.
         */
        Comparator<NodeEvictionCandidate> order() {
            Comparator<NodeEvictionCandidate> c = isLocal
                    ? Comparator.comparing(NodeEvictionCandidate::isLocal)
                    : Comparator.comparing((NodeEvictionCandidate x) -> x.network() == id);
            return c.thenComparing(REVERSE_TIME_CONNECTED);
        }
    }

    /**
     * Core's EraseLastKElements: sort by {@code order}, then remove those of the last {@code k} elements that match
     * {@code protect}.
     */
    private static void eraseLastK(List<NodeEvictionCandidate> list, Comparator<NodeEvictionCandidate> order, int k,
                                   Predicate<NodeEvictionCandidate> protect) {
        list.sort(order);
        int erase = Math.min(k, list.size());
        List<NodeEvictionCandidate> tail = list.subList(list.size() - erase, list.size());
        tail.removeIf(protect);
    }

    private static void eraseLastK(List<NodeEvictionCandidate> list, Comparator<NodeEvictionCandidate> order, int k) {
        eraseLastK(list, order, k, c -> true);
    }

    /**
     * Core's ProtectEvictionCandidatesByRatio: removes (protects) half of {@code candidates}, reserving up to half of
     * those places (a quarter of all) for CJDNS, I2P, localhost and onion peers, networks with fewer candidates
     * first, round-robin, by uptime within each; the rest go to the longest-connected. Leaves the list sorted with
     * the most recently connected first.
     */
    public static void protectEvictionCandidatesByRatio(List<NodeEvictionCandidate> candidates) {
        int initialSize = candidates.size();
        int totalProtectSize = initialSize / 2;
        // Core's array order: on equal counts the earlier entry recovers unused places first.
        List<Net> networks = new ArrayList<>(List.of(new Net(false, Network.CJDNS), new Net(false, Network.I2P),
                new Net(true, null), new Net(false, Network.TORV3)));
        for (Net n : networks) {
            n.count = (int) candidates.stream().filter(n::contains).count();
        }
        networks.sort(Comparator.comparingInt(n -> n.count)); // stable, as Core's std::stable_sort
        int maxProtectByNetwork = totalProtectSize / 2;
        int numProtected = 0;
        while (numProtected < maxProtectByNetwork) {
            long numNetworks = networks.stream().filter(n -> n.count > 0).count();
            if (numNetworks == 0) {
                break;
            }
            int disadvantagedToProtect = maxProtectByNetwork - numProtected;
            int protectPerNetwork = (int) Math.max(disadvantagedToProtect / numNetworks, 1);
            boolean protectedAtLeastOne = false;
            for (Net n : networks) {
                if (n.count == 0) continue;
                int before = candidates.size();
                eraseLastK(candidates, n.order(), protectPerNetwork, n::contains);
                int after = candidates.size();
                if (before > after) {
                    protectedAtLeastOne = true;
                    int delta = before - after;
                    numProtected += delta;
                    if (numProtected >= maxProtectByNetwork) {
                        break;
                    }
                    n.count -= delta;
                }
            }
            if (!protectedAtLeastOne) {
                break;
            }
        }
        int remainingToProtect = totalProtectSize - numProtected;
        eraseLastK(candidates, REVERSE_TIME_CONNECTED, remainingToProtect);
    }

    /**
     * Core's SelectNodeToEvict: the connection to evict to make room for a new inbound one, or empty when every
     * candidate is protected. Never evicts a {@code noban} or non-inbound connection. Does not modify its argument.
     */
    public static Optional<PeerId> selectNodeToEvict(List<NodeEvictionCandidate> candidates) {
        List<NodeEvictionCandidate> c = new ArrayList<>(candidates);
        // Core's ProtectNoBanConnections and ProtectOutboundConnections.
        c.removeIf(NodeEvictionCandidate::noban);
        c.removeIf(n -> n.connectionType() != ConnectionType.INBOUND);
        // 4 by netgroup: deterministic for us, unpredictable for an attacker (the netgroup hash is keyed).
        eraseLastK(c, NET_GROUP_KEYED, 4);
        // 8 by lowest minimum ping: cannot be faked without moving closer.
        eraseLastK(c, REVERSE_MIN_PING, 8);
        // 4 by most recent novel transaction: cannot be faked without useful work.
        eraseLastK(c, TX_TIME, 4);
        // Up to 8 non-transaction-relay peers with the wanted services, by most recent novel block.
        eraseLastK(c, BLOCK_RELAY_ONLY_TIME, 8, n -> !n.relayTxs() && n.relevantServices());
        // 4 by most recent novel block.
        eraseLastK(c, BLOCK_TIME, 4);
        protectEvictionCandidatesByRatio(c);
        if (c.isEmpty()) {
            return Optional.empty();
        }
        // Discouraged peers go first, once every protection above had its say.
        if (c.stream().anyMatch(NodeEvictionCandidate::preferEvict)) {
            c.removeIf(n -> !n.preferEvict());
        }
        // The netgroup with the most connections; on a tie the one whose youngest member connected most recently
        // (the list is sorted youngest first, so a group's first member is its youngest).
        Map<Long, List<NodeEvictionCandidate>> groups = new HashMap<>();
        long mostGroup = 0;
        int mostConnections = 0;
        Instant mostConnectionsTime = Instant.MIN;
        for (NodeEvictionCandidate node : c) {
            List<NodeEvictionCandidate> group = groups.computeIfAbsent(node.keyedNetGroup(), k -> new ArrayList<>());
            group.add(node);
            Instant groupTime = group.getFirst().connected();
            if (group.size() > mostConnections
                    || (group.size() == mostConnections && groupTime.isAfter(mostConnectionsTime))) {
                mostConnections = group.size();
                mostConnectionsTime = groupTime;
                mostGroup = node.keyedNetGroup();
            }
        }
        return Optional.of(groups.get(mostGroup).getFirst().id());
    }

    // ---- inbound admission -------------------------------------------------------------------------------------------

    /** What to do with a newly accepted inbound socket. */
    public sealed interface InboundDecision {
        /** Refuse it; {@code logLine} is Core's NET debug line. */
        record Drop(String logLine) implements InboundDecision {
        }

        /**
         * Accept it.
         *
         * @param preferEvict   it is discouraged, so it is evicted first later (Core's {@code prefer_evict})
         * @param blockRelaySlot every regular inbound slot was taken, so it came in on Mooring's block-relay-only
         *                       slots: whether it may stay is decided when its version arrives ({@link
         *                       #keepsInboundSlot})
         */
        record Admit(boolean preferEvict, boolean blockRelaySlot) implements InboundDecision {
        }

        /** Accept it after disconnecting {@code victim} (Core's AttemptToEvictConnection). */
        record EvictAndAdmit(PeerId victim, boolean preferEvict) implements InboundDecision {
        }
    }

    /**
     * Core's CreateNodeFromAcceptedSocket checks, in Core's order, plus Mooring's block-relay-only inbound slots:
     * banned addresses are refused unless {@code noban}; discouraged ones too once the inbound slots are (almost)
     * full; when all {@code maxInbound} slots are taken, a free block-relay-only slot admits the newcomer
     * provisionally, else one candidate is evicted for it, else it is refused.
     *
     * @param from                 the newcomer's address (for the log lines)
     * @param noban                the newcomer holds the {@code noban} permission
     * @param inbound              inbound connections open now, not counting those already being disconnected
     * @param maxInbound           Core's {@code m_max_inbound}
     * @param blockRelayOnlySlots  Mooring's {@code -blockrelayinboundslots}: inbound slots beyond {@code maxInbound}
     *                             for peers that do not relay transactions
     * @param candidates           the open connections, built only if eviction is needed
     */
    public static InboundDecision acceptInbound(NetEndpoint from, boolean noban, boolean banned, boolean discouraged,
                                                int inbound, int maxInbound, int blockRelayOnlySlots,
                                                Supplier<List<NodeEvictionCandidate>> candidates) {
        Objects.requireNonNull(from, "from");
        if (!noban && banned) {
            return new InboundDecision.Drop("connection from " + from + " dropped (banned)");
        }
        if (!noban && inbound + 1 >= maxInbound && discouraged) {
            return new InboundDecision.Drop("connection from " + from + " dropped (discouraged)");
        }
        if (inbound < maxInbound) {
            return new InboundDecision.Admit(discouraged, false);
        }
        if (inbound < maxInbound + blockRelayOnlySlots) {
            return new InboundDecision.Admit(discouraged, true);
        }
        Optional<PeerId> victim = selectNodeToEvict(candidates.get());
        if (victim.isEmpty()) {
            return new InboundDecision.Drop("failed to find an eviction candidate - connection dropped (full)");
        }
        return new InboundDecision.EvictAndAdmit(victim.get(), discouraged);
    }

    /**
     * Mooring's block-relay-only inbound slots, decided when an inbound peer's version arrives: transaction-relaying
     * peers may hold at most {@code maxInbound} inbound slots between them; the {@code -blockrelayinboundslots}
     * beyond that are for peers that asked for no transaction relay and have no bloom filter. So a peer that
     * relays keeps its connection only while fewer than {@code maxInbound} other inbound peers relay; one that does
     * not relay always keeps it (admission already bounded the total). Versions are handled one at a time, so
     * counting only the peers whose version said relay=true keeps the bound.
     *
     * @param otherRelayingInbound inbound connections besides this one whose version asked for transaction relay,
     *                             not counting those being disconnected
     */
    public static boolean keepsInboundSlot(boolean relayTxs, boolean bloomFilter, int otherRelayingInbound,
                                           int maxInbound) {
        return (!relayTxs && !bloomFilter) || otherRelayingInbound < maxInbound;
    }
}
