package io.mooring.wire.message;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import java.util.Arrays;
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
        PeerAddress[] out = new PeerAddress[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            PeerAddress a = PeerAddress.readV2(r);
            if (a != null) {
                out[kept++] = a;
            }
        }
        return new AddrV2Message(Vectors.trusted(kept == n ? out : Arrays.copyOf(out, kept)));
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

    @Override
    public byte[] payload() {
        int size = WireWriter.compactSizeLength(addresses.size());
        for (int i = 0, n = addresses.size(); i < n; i++) {
            PeerAddress a = addresses.get(i);
            // An internal address goes out as a 16-byte IPv6 one (NetAddress.writeBip155).
            int len = a.address().network() == Network.INTERNAL ? 16 : a.address().bytes().length();
            size += 4 + WireWriter.compactSizeLength(a.services()) + 1 + WireWriter.compactSizeLength(len) + len + 2;
        }
        return Vectors.payload(this, size);
    }
}
