package io.mooring.net;

import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Our own addresses, as Core's {@code mapLocalHost} (net.cpp): each with a score that says how sure we are
 * ({@link #LOCAL_IF} for an interface, {@link #LOCAL_BIND} for a routable {@code -bind}, {@link #LOCAL_MANUAL} for
 * {@code -externalip}), raised by one each time an inbound peer's version tells us it reached us there (SeenLocal).
 * {@link #forPeer} is Core's GetLocalAddrForPeer: the address we announce to a peer, sometimes the one the peer says
 * it sees us at. Node-loop only.
 */
public final class LocalAddresses {
    /** Core's LOCAL_NONE..LOCAL_MANUAL scores. */
    public static final int LOCAL_NONE = 0;
    public static final int LOCAL_IF = 1;
    public static final int LOCAL_BIND = 2;
    public static final int LOCAL_MAPPED = 3;
    public static final int LOCAL_MANUAL = 4;

    /** What a local address is worth: Core's LocalServiceInfo. */
    public record Info(int score, int port) {
    }

    private final boolean listen;
    private final boolean discover;
    private final int listenPort;
    private final Predicate<NetAddress> routable;
    private final Predicate<NetAddress> reachable;
    private final Map<NetAddress, Info> local = new LinkedHashMap<>();

    /**
     * @param listen     Core's fListen: nothing is announced when we accept no connections
     * @param discover   Core's fDiscover: learn addresses from interfaces and peers (off with -externalip or -proxy)
     * @param listenPort our P2P port (Core's GetListenPort)
     * @param routable   Core's IsRoutable (with -regtestroutableloopback, loopback too)
     * @param reachable  Core's g_reachable_nets
     */
    public LocalAddresses(boolean listen, boolean discover, int listenPort, Predicate<NetAddress> routable,
                          Predicate<NetAddress> reachable) {
        this.listen = listen;
        this.discover = discover;
        this.listenPort = listenPort;
        this.routable = Objects.requireNonNull(routable);
        this.reachable = Objects.requireNonNull(reachable);
    }

    /** No own addresses and nothing announced (a node that does not listen). */
    public static LocalAddresses none() {
        return new LocalAddresses(false, false, 0, a -> false, a -> false);
    }

    /** Core's AddLocal: keeps routable, reachable addresses; a higher score replaces a lower one. */
    public boolean add(NetEndpoint endpoint, int score) {
        NetAddress a = endpoint.address();
        if (!routable.test(a)) return false;
        if (!discover && score < LOCAL_MANUAL) return false;
        if (!reachable.test(a)) return false;
        Info old = local.get(a);
        if (old == null) {
            local.put(a, new Info(score, endpoint.port()));
        } else if (score >= old.score()) {
            local.put(a, new Info(score + 1, endpoint.port()));
        }
        return true;
    }

    /** Core's SeenLocal: a peer reached us at {@code address}; one more vote if we know it. */
    public boolean seen(NetAddress address) {
        Info info = local.get(address);
        if (info == null) return false;
        local.put(address, new Info(info.score() + 1, info.port()));
        return true;
    }

    /** Core's IsLocal. */
    public boolean isLocal(NetEndpoint endpoint) {
        Info info = local.get(endpoint.address());
        return info != null && info.port() == endpoint.port();
    }

    public Map<NetAddress, Info> all() {
        return Map.copyOf(local);
    }

    public boolean listening() {
        return listen;
    }

    /**
     * Core's GetLocal: the best of our addresses for a peer at {@code peer} — most reachable from it, then highest
     * score — never crossing between privacy networks (Tor, I2P, CJDNS) and others.
     */
    public Optional<NetEndpoint> bestFor(NetAddress peer) {
        if (!listen) return Optional.empty();
        NetEndpoint best = null;
        int bestScore = -1;
        int bestReach = -1;
        for (Map.Entry<NetAddress, Info> e : local.entrySet()) {
            NetAddress ours = e.getKey();
            if (ours.network() != peer.network() && (isPrivacy(ours) || isPrivacy(peer))) continue;
            int reach = reachabilityFrom(ours, peer);
            int score = e.getValue().score();
            if (reach > bestReach || (reach == bestReach && score > bestScore)) {
                best = new NetEndpoint(ours, e.getValue().port());
                bestReach = reach;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Core's GetLocalAddrForPeer: our best address for the peer, or (when discovery is on and the peer's view of us
     * is usable) sometimes — always when we know nothing routable, else with probability 1/2, or 1/8 for an address
     * scored above LOCAL_MANUAL — the address the peer says it sees us at: with its port for inbound peers, with our
     * listening port for outbound ones (they cannot see it). Empty when nothing routable remains.
     *
     * @param peerAddress   where the peer is
     * @param addrSeenByPeer the address the peer's version says it reached us at (Core's addrLocal), or null
     */
    public Optional<NetEndpoint> forPeer(NetAddress peerAddress, NetEndpoint addrSeenByPeer, boolean inbound,
                                         RandomGenerator random) {
        if (!listen) return Optional.empty();
        NetEndpoint ours = bestFor(peerAddress).orElse(new NetEndpoint(NetAddress.UNSPECIFIED, listenPort));
        boolean peerViewGood = discover && routable.test(peerAddress) && addrSeenByPeer != null
                && routable.test(addrSeenByPeer.address()) && reachable.test(addrSeenByPeer.address());
        if (peerViewGood) {
            Info info = local.get(ours.address());
            int bits = info != null && info.score() > LOCAL_MANUAL ? 3 : 1;
            if (!routable.test(ours.address()) || random.nextInt(1 << bits) == 0) {
                ours = inbound ? addrSeenByPeer : new NetEndpoint(addrSeenByPeer.address(), ours.port());
            }
        }
        return routable.test(ours.address()) ? Optional.of(ours) : Optional.empty();
    }

    private static boolean isPrivacy(NetAddress a) {
        return a.network() == Network.TORV3 || a.network() == Network.I2P || a.network() == Network.CJDNS;
    }

    /** Core's CNetAddr::GetReachabilityFrom (REACH_UNREACHABLE 0 ... REACH_PRIVATE 6). */
    static int reachabilityFrom(NetAddress ours, NetAddress theirs) {
        final int unreachable = 0, dflt = 1, teredo = 2, ipv6Weak = 3, ipv4 = 4, ipv6Strong = 5, privateNet = 6;
        if (ours.isInternal()) return unreachable;
        String ourNet = extNetwork(ours);
        boolean tunnel = ours.isRFC3964() || ours.isRFC6052() || ours.isRFC6145();
        return switch (extNetwork(theirs)) {
            case "ipv4" -> ourNet.equals("ipv4") ? ipv4 : dflt;
            case "ipv6" -> switch (ourNet) {
                case "teredo" -> teredo;
                case "ipv4" -> ipv4;
                case "ipv6" -> tunnel ? ipv6Weak : ipv6Strong;
                default -> dflt;
            };
            case "onion" -> switch (ourNet) {
                case "ipv4" -> ipv4;
                case "onion" -> privateNet;
                default -> dflt;
            };
            case "i2p" -> ourNet.equals("i2p") ? privateNet : dflt;
            case "cjdns" -> ourNet.equals("cjdns") ? privateNet : dflt;
            case "teredo" -> switch (ourNet) {
                case "teredo" -> teredo;
                case "ipv6" -> ipv6Weak;
                case "ipv4" -> ipv4;
                default -> dflt;
            };
            default -> switch (ourNet) { // unroutable or unknown peers
                case "teredo" -> teredo;
                case "ipv6" -> ipv6Weak;
                case "ipv4" -> ipv4;
                case "onion", "i2p" -> privateNet;
                default -> dflt;
            };
        };
    }

    /** Core's GetExtNetwork: Teredo apart from IPv6. */
    private static String extNetwork(NetAddress a) {
        if (a.isRFC4380()) return "teredo";
        return switch (a.network()) {
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            case TORV3 -> "onion";
            case I2P -> "i2p";
            case CJDNS -> "cjdns";
            case INTERNAL -> "internal";
        };
    }
}
