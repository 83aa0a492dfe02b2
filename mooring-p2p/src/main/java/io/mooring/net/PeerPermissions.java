package io.mooring.net;

/**
 * The permissions of Core's {@code NetPermissionFlags} that the message logic acts on, as the node granted them to a
 * connection from {@code -whitelist}/{@code -whitebind} (the flags and their parsing live in
 * {@code io.mooring.connman.NetPermissions}; this is the narrow view the protocol layer needs).
 */
public interface PeerPermissions {
    /** Nobody holds any permission: the default until the node says otherwise. */
    PeerPermissions NONE = new PeerPermissions() {
        @Override
        public boolean noBan(PeerId peer) {
            return false;
        }

        @Override
        public boolean addr(PeerId peer) {
            return false;
        }
    };

    /** Core's NoBan: never discouraged, preferred for headers sync, trusted for its chain work. */
    boolean noBan(PeerId peer);

    /**
     * Core's Addr: the peer's getaddr gets a fresh random answer instead of the privacy cache, and its addr messages
     * skip the token bucket (net_processing: GetAddressesUnsafe, ProcessAddrs' {@code rate_limited}).
     */
    boolean addr(PeerId peer);
}
