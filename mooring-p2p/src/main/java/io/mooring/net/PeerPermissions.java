package io.mooring.net;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * The permissions of Core's {@code NetPermissionFlags} that the message logic acts on, as the node granted them to a
 * connection from {@code -whitelist}/{@code -whitebind} (the flags and their parsing live in
 * {@code io.mooring.connman.NetPermissions}; this is the narrow view the protocol layer needs), each answered by a
 * test on the connection id.
 *
 * @param noBan Core's NoBan: never discouraged, preferred for headers sync, trusted for its chain work
 * @param addr  Core's Addr: the peer's getaddr gets a fresh random answer instead of the privacy cache, and its addr
 *              messages skip the token bucket (net_processing: GetAddressesUnsafe, ProcessAddrs' {@code rate_limited})
 * @param relay Core's Relay: transactions are accepted from this peer even in -blocksonly mode (RejectIncomingTxs)
 * @param mempool Core's Mempool: the peer may send {@code mempool} although we offer no NODE_BLOOM
 */
public record PeerPermissions(Predicate<PeerId> noBan, Predicate<PeerId> addr, Predicate<PeerId> relay,
                              Predicate<PeerId> mempool) {
    /** Nobody holds any permission: the default until the node says otherwise. */
    public static final PeerPermissions NONE = of(peer -> false, peer -> false);

    public PeerPermissions {
        Objects.requireNonNull(noBan, "noBan");
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(mempool, "mempool");
    }

    /** NoBan and Addr answered by the two tests; nobody has Relay or Mempool. */
    public static PeerPermissions of(Predicate<PeerId> noBan, Predicate<PeerId> addr) {
        return new PeerPermissions(noBan, addr, peer -> false, peer -> false);
    }

    /** These permissions with Core's Relay answered by {@code relay}. */
    public PeerPermissions withRelay(Predicate<PeerId> relay) {
        return new PeerPermissions(noBan, addr, relay, mempool);
    }

    /** These permissions with Core's Mempool answered by {@code mempool}. */
    public PeerPermissions withMempool(Predicate<PeerId> mempool) {
        return new PeerPermissions(noBan, addr, relay, mempool);
    }

    public boolean noBan(PeerId peer) {
        return noBan.test(peer);
    }

    public boolean addr(PeerId peer) {
        return addr.test(peer);
    }

    public boolean relay(PeerId peer) {
        return relay.test(peer);
    }

    public boolean mempool(PeerId peer) {
        return mempool.test(peer);
    }
}
