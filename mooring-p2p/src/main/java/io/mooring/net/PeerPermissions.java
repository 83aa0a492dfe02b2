package io.mooring.net;

/**
 * The permissions of Core's {@code NetPermissionFlags} that the message logic acts on, as the node granted them to a
 * connection from {@code -whitelist}/{@code -whitebind} (the flags and their parsing live in
 * {@code io.mooring.connman.NetPermissions}; this is the narrow view the protocol layer needs).
 */
public interface PeerPermissions {
    /** Nobody holds any permission: the default until the node says otherwise. */
    PeerPermissions NONE = of(peer -> false, peer -> false);

    /** Permissions answered by two tests on the connection id. */
    static PeerPermissions of(java.util.function.Predicate<PeerId> noBan, java.util.function.Predicate<PeerId> addr) {
        return new PeerPermissions() {
            @Override
            public boolean noBan(PeerId peer) {
                return noBan.test(peer);
            }

            @Override
            public boolean addr(PeerId peer) {
                return addr.test(peer);
            }
        };
    }

    /** Core's NoBan: never discouraged, preferred for headers sync, trusted for its chain work. */
    boolean noBan(PeerId peer);

    /**
     * Core's Addr: the peer's getaddr gets a fresh random answer instead of the privacy cache, and its addr messages
     * skip the token bucket (net_processing: GetAddressesUnsafe, ProcessAddrs' {@code rate_limited}).
     */
    boolean addr(PeerId peer);

    /** Core's Relay: transactions are accepted from this peer even in -blocksonly mode (RejectIncomingTxs). */
    default boolean relay(PeerId peer) {
        return false;
    }

    /** These permissions plus Core's Relay answered by {@code relay}. */
    default PeerPermissions withRelay(java.util.function.Predicate<PeerId> relay) {
        PeerPermissions base = this;
        return new PeerPermissions() {
            @Override
            public boolean noBan(PeerId peer) {
                return base.noBan(peer);
            }

            @Override
            public boolean addr(PeerId peer) {
                return base.addr(peer);
            }

            @Override
            public boolean relay(PeerId peer) {
                return relay.test(peer);
            }
        };
    }
}
