package io.mooring.net;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.message.Message;

/** What a {@link Transport} made of received bytes. */
public sealed interface TransportEvent {
    /**
     * A complete, valid message. {@code wireBytes} counts everything it took on the wire (header included), for
     * getpeerinfo's bytesrecv_per_msg.
     */
    record MessageReceived(Message message, int wireBytes) implements TransportEvent {
    }

    /**
     * A complete message that is dropped: bad checksum or command (Core keeps the peer and counts the bytes under
     * {@code *other*}), or a payload that does not decode ({@code command} is then its command, and the node decides,
     * from the reason, whether this is misbehaviour).
     */
    record MessageDropped(String command, ProtocolError reason, String detail, int wireBytes) implements TransportEvent {
        /** Core counts bytes of messages with a bad header checksum or command under this key. */
        public static final String OTHER = "*other*";
    }

    /** The stream cannot continue (wrong magic, oversized length, v2 decryption failure): disconnect. */
    record Fatal(ProtocolError reason, String detail) implements TransportEvent {
    }
}
