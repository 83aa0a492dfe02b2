package io.mooring.net;

import io.mooring.wire.WireWriter;
import io.mooring.wire.message.Message;
import java.util.List;

/**
 * Turns a connection's bytes into messages and messages into bytes, with no socket in it. v1 framing
 * ({@link V1Transport}) is the first implementation; BIP324's encrypted v2 transport will be a second one behind the
 * same interface, chosen per connection at connect time. A transport is used by one thread at a time.
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

    /** Appends the wire form of {@code message} to {@code out}; returns the number of bytes appended. */
    int encode(Message message, WireWriter out);

    /** Bytes held for a message not yet complete (what -maxreceivebuffer bounds). */
    int bufferedBytes();
}
