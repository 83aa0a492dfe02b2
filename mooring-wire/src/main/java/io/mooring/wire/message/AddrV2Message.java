package io.mooring.wire.message;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.netaddress.PeerAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code addrv2} (BIP155): up to {@link Limits#MAX_ADDR_TO_SEND} addresses of any network. Entries of unknown
 * networks (and TorV2) are skipped as BIP155 says; a known network with a wrong length fails the whole message.
 */
public record AddrV2Message(List<PeerAddress> addresses) implements Message {
    /** time(4) + services(1) + network id(1) + length(1) + port(2), with an empty address. */
    public static final int MIN_ENTRY_SIZE = 9;

    public AddrV2Message {
        addresses = Vectors.copy(addresses);
        Vectors.checkMax(addresses, Limits.MAX_ADDR_TO_SEND, "addrv2");
    }

    public static AddrV2Message read(WireReader r) throws ProtocolException {
        int n = r.readCount(Limits.MAX_ADDR_TO_SEND, MIN_ENTRY_SIZE, ProtocolError.TOO_MANY_ADDRESSES);
        List<PeerAddress> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            PeerAddress a = PeerAddress.readV2(r);
            if (a != null) {
                out.add(a);
            }
        }
        return new AddrV2Message(out);
    }

    @Override
    public String command() {
        return MessageType.ADDRV2;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeCompactSize(addresses.size());
        for (PeerAddress a : addresses) {
            a.writeV2(w);
        }
    }
}
