package io.mooring.connman;

import io.mooring.addrman.AddrMan;
import io.mooring.anchors.AnchorQueue;
import io.mooring.connman.OutboundAction.Disconnect;
import io.mooring.connman.OutboundAction.OpenConnection;
import io.mooring.net.ConnectionType;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A tiny in-test network around an {@link OutboundPolicy}: every OpenConnection to an endpoint the network says is
 * online becomes a handshaked connection at once (feelers and addr-fetch connections close right away, as they do
 * after their version or addr); Disconnect removes the peer.
 */
final class OutboundSim {
    static final long FULL = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    final OutboundPolicy policy;
    final List<OutboundPeerView> peers = new ArrayList<>();
    final List<OpenConnection> opened = new ArrayList<>();
    Predicate<NetEndpoint> online = e -> true;
    private long nextId = 1;

    OutboundSim(OutboundPolicy policy) {
        this.policy = policy;
    }

    static OutboundOptions options() {
        return new OutboundOptions(125, true, List.of(), List.of(), Set.of(Network.IPV4, Network.IPV6), true,
                Duration.ofMinutes(10));
    }

    static OutboundPolicy policy(OutboundOptions options, AddrMan addrMan, List<PeerAddress> anchors,
                                 Predicate<NetAddress> banned, long seed) {
        return new OutboundPolicy(options, addrMan, new AnchorQueue(anchors), banned, e -> false,
                new java.util.SplittableRandom(seed), T0);
    }

    static PeerAddress addr(String endpoint, long services) {
        return new PeerAddress(T0.getEpochSecond() - 3600, services, NetEndpoint.parse(endpoint));
    }

    /** One tick at {@code now}; the actions are executed against the fake network and returned. */
    List<OutboundAction> step(Instant now, OutboundChainState chain) {
        List<OutboundAction> actions = policy.tick(now, List.copyOf(peers), chain);
        for (OutboundAction a : actions) {
            switch (a) {
                case OpenConnection o -> {
                    opened.add(o);
                    NetEndpoint e = o.address().endpoint();
                    if (online.test(e) && o.type() != ConnectionType.FEELER && o.type() != ConnectionType.ADDR_FETCH) {
                        peers.add(OutboundPeerView.of(nextId++, e, o.type(), true, false, now));
                    }
                    policy.attemptFinished(e);
                }
                case Disconnect d -> peers.removeIf(p -> p.id() == d.peerId());
            }
        }
        return actions;
    }

    List<OutboundAction> step(Instant now) {
        return step(now, OutboundChainState.noChain(now));
    }

    /** Ticks every 500 ms from {@code from} for {@code length}; returns the time after the last tick. */
    Instant run(Instant from, Duration length) {
        Instant t = from;
        Instant end = from.plus(length);
        while (t.isBefore(end)) {
            step(t);
            t = t.plusMillis(500);
        }
        return t;
    }

    long count(ConnectionType type) {
        return peers.stream().filter(p -> p.type() == type).count();
    }
}
