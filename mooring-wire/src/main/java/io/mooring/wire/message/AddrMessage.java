package io.mooring.wire.message;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.netaddress.PeerAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code addr}: up to {@link Limits#MAX_ADDR_TO_SEND} addresses in the v1 form (time, services, 16-byte address,
 * port). Only IPv4 and IPv6 (and Core's internal range) fit v1. Every entry is kept, as Core keeps them: one that
 * is not valid (the TorV2 range decodes to {@code ::}) is for the address manager to ignore.
 */
public record AddrMessage(List<PeerAddress> addresses) implements Message {
    /** time(4) + services(8) + address(16) + port(2). */
    public static final int ENTRY_SIZE = 30;

    public AddrMessage {
        addresses = Vectors.copy(addresses);
        Vectors.checkMax(addresses, Limits.MAX_ADDR_TO_SEND, "addr");
    }

    public static AddrMessage read(WireReader r) throws ProtocolException {
        int n = r.readCount(Limits.MAX_ADDR_TO_SEND, ENTRY_SIZE, ProtocolError.TOO_MANY_ADDRESSES);
        List<PeerAddress> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(PeerAddress.readV1(r, true));
        }
        return new AddrMessage(out);
    }

    @Override
    public String command() {
        return MessageType.ADDR;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeCompactSize(addresses.size());
        for (PeerAddress a : addresses) {
            a.writeV1(w, true);
        }
    }
}
