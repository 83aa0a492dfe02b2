package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code version}: the first message of the handshake (Core's PushNodeVersion / ProcessMessage). The two
 * addresses have no time field on the wire; decoded ones carry Core's default {@link PeerAddress#TIME_INIT}. As Core, the fields after
 * {@code receiver} may be absent (very old peers): a missing group decodes to its default (no sender, nonce 0,
 * empty user agent, height 0, relay true); the encoder always writes every field. The user agent is at most
 * {@link Limits#MAX_SUBVERSION_LENGTH} bytes.
 */
public record VersionMessage(int version, long services, long timestamp, PeerAddress receiver, PeerAddress sender,
                             long nonce, String userAgent, int startHeight, boolean relay) implements Message {
    /** The sender address a version without one decodes to (Core fills CAddress defaults). */
    public static final PeerAddress NO_SENDER = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);

    public VersionMessage {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(userAgent, "userAgent");
        if (userAgent.getBytes(StandardCharsets.ISO_8859_1).length > Limits.MAX_SUBVERSION_LENGTH) {
            throw new IllegalArgumentException("user agent longer than 256 bytes");
        }
    }

    public static VersionMessage read(WireReader r) throws ProtocolException {
        int version = r.readI32LE();
        long services = r.readI64LE();
        long timestamp = r.readI64LE();
        PeerAddress receiver = PeerAddress.readV1(r, false);
        PeerAddress sender = NO_SENDER;
        long nonce = 0;
        String userAgent = "";
        int startHeight = 0;
        boolean relay = true;
        if (r.hasRemaining()) {
            sender = PeerAddress.readV1(r, false);
            nonce = r.readI64LE();
        }
        if (r.hasRemaining()) {
            userAgent = r.readVarString(Limits.MAX_SUBVERSION_LENGTH);
        }
        if (r.hasRemaining()) {
            startHeight = r.readI32LE();
        }
        if (r.hasRemaining()) {
            relay = r.readBool();
        }
        return new VersionMessage(version, services, timestamp, receiver, sender, nonce, userAgent, startHeight, relay);
    }

    @Override
    public String command() {
        return MessageType.VERSION;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeI32LE(version).writeI64LE(services).writeI64LE(timestamp);
        receiver.writeV1(w, false);
        sender.writeV1(w, false);
        w.writeI64LE(nonce).writeVarString(userAgent).writeI32LE(startHeight).writeBool(relay);
    }

    /** 85 fixed bytes plus the user agent (one byte per char, so its length is the usual size). */
    @Override
    public byte[] payload() {
        return Vectors.payload(this, 85 + WireWriter.compactSizeLength(userAgent.length()) + userAgent.length());
    }
}
