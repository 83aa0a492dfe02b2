package io.mooring.net;

import io.mooring.wire.WireWriter;
import io.mooring.wire.message.Message;
import java.util.List;

/**
 * Turns a connection's bytes into messages and messages into bytes, with no socket in it. v1 framing
 * ({@link V1Transport}) and BIP324's encrypted v2 transport ({@link V2Transport}) implement it, chosen per connection
 * at connect time. A transport is used by one thread at a time.
 *
 * <p>How a shell drives any transport: right after creating it, and after every {@link #receive} and {@link #encode},
 * write out what {@link #takeBytesToSend} gives (a v2 transport sends its key, garbage and version packet by itself,
 * and holds messages back until the handshake lets it encrypt them); stop after a {@link TransportEvent.Fatal}.
 */
public interface Transport {
    TransportProtocol protocol();

    /** The BIP324 session id in hex, or "" when the transport has none (v1), as getpeerinfo's {@code session_id}. */
    String sessionId();

    /**
     * Consumes received bytes and appends what they complete to {@code events}. After a {@link TransportEvent.Fatal}
     * the transport accepts nothing more.
     */
    void receive(byte[] data, int offset, int length, List<TransportEvent> events);

    /**
     * Appends the wire form of {@code message} to {@code out}; returns the number of bytes of this message's wire
     * form appended. A transport that cannot frame messages yet (v2 during its handshake) queues the message and
     * returns 0; its bytes come out of {@link #takeBytesToSend} later, in order. Bytes the transport was already
     * holding (v2 handshake bytes) are appended before the message and not counted.
     */
    int encode(Message message, WireWriter out);

    /**
     * Moves the bytes the transport wants sent on its own (v2: public key, garbage, garbage terminator, version
     * packet, queued messages) to {@code out}; returns how many. v1 never has any.
     */
    default int takeBytesToSend(WireWriter out) {
        return 0;
    }

    /** Bytes held for a message not yet complete (what -maxreceivebuffer bounds). */
    int bufferedBytes();
}
