package io.mooring.net;

import io.mooring.wire.message.Message;

/** Where the {@link PeerManager} puts its commands; the I/O shell implements it, tests record it. */
public interface NodeOutbox {
    /** Encode and send {@code message} to the peer (the shell reports the bytes back with {@link PeerManager#recordSent}). */
    void send(PeerId peer, Message message);

    /** Close the connection to the peer. The shell reports the close with {@link PeerManager#onDisconnected}. */
    void disconnect(PeerId peer, String reason);
}
