package io.mooring.net;

import io.mooring.wire.message.Message;
import java.time.Instant;

/**
 * The message logic above a connection (the rest of Core's net_processing: headers sync, block download and
 * serving). The {@link PeerManager} keeps the connection state machines and hands an extension every message of an
 * established connection that the connection layer does not consume itself, with a {@link PeerHandle} to answer
 * through. Called on the node loop only, like everything in this layer.
 */
public interface ProtocolExtension {

    /** Version and verack exchanged both ways: the peer can now be asked for headers and blocks. */
    void peerReady(PeerHandle peer, Instant now);

    /** A message from an established peer, after the connection layer's own handling. */
    void onMessage(PeerHandle peer, Message message, Instant now);

    /** The connection is gone (after {@link #peerReady}, or before it when the handshake never finished). */
    void peerGone(PeerId peer, Instant now);

    /** The node's periodic tick (about once a second), after every connection's own timers. */
    void onTick(Instant now);

    /** An extension that does nothing (a node without chain logic). */
    ProtocolExtension NONE = new ProtocolExtension() {
        @Override
        public void peerReady(PeerHandle peer, Instant now) {
        }

        @Override
        public void onMessage(PeerHandle peer, Message message, Instant now) {
        }

        @Override
        public void peerGone(PeerId peer, Instant now) {
        }

        @Override
        public void onTick(Instant now) {
        }
    };
}
