package io.mooring.net;

import io.mooring.wire.message.Message;

/**
 * What a {@link ProtocolExtension} may know about and do to one established connection. Valid until the extension
 * is told {@link ProtocolExtension#peerGone}; calls after that are ignored.
 */
public interface PeerHandle {
    PeerId id();

    ConnectionType connectionType();

    /** Services from the peer's version message. */
    long services();

    /** The peer's announced best height at handshake (Core's nStartingHeight). */
    int startingHeight();

    /** The protocol version both sides speak (min of theirs and ours). */
    int commonVersion();

    /** True when the connection was accepted by us (Core's IsInboundConn). */
    default boolean isInbound() {
        return connectionType() == ConnectionType.INBOUND;
    }

    /** True for manual (-addnode/-connect) connections: never discouraged. */
    default boolean isManual() {
        return connectionType() == ConnectionType.MANUAL;
    }

    /** Core's NoBan permission (manual and local peers are handled by the misbehaviour handler). */
    boolean hasNoBanPermission();

    /** Queue {@code message} for the peer. */
    void send(Message message);

    /** Core's Misbehaving: discourage (unless exempt) and disconnect, with the reason logged. */
    void misbehaving(String reason);

    /** Close the connection without blame. */
    void disconnect(String reason);
}
