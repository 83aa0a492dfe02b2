package io.mooring.wire.message;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.BlockHeader;
import java.util.List;

/**
 * {@code headers}: up to {@link Limits#MAX_HEADERS_RESULTS} block headers. Each header is followed on the wire by a
 * CompactSize transaction count that is always 0; like Core, the decoder reads it and ignores its value (it
 * carries no information), and the encoder writes 0.
 */
public record HeadersMessage(List<BlockHeader> headers) implements Message {
    public HeadersMessage {
        headers = Vectors.copy(headers);
        Vectors.checkMax(headers, Limits.MAX_HEADERS_RESULTS, "headers");
    }

    public static HeadersMessage read(WireReader r) throws ProtocolException {
        int n = r.readCount(Limits.MAX_HEADERS_RESULTS, BlockHeader.SIZE + 1, ProtocolError.TOO_MANY_HEADERS);
        BlockHeader[] out = new BlockHeader[n];
        for (int i = 0; i < n; i++) {
            out[i] = BlockHeader.read(r);
            r.readCompactSize();
        }
        return new HeadersMessage(Vectors.trusted(out));
    }

    @Override
    public String command() {
        return MessageType.HEADERS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeCompactSize(headers.size());
        for (int i = 0, n = headers.size(); i < n; i++) {
            headers.get(i).write(w);
            w.writeU8(0);
        }
    }

    @Override
    public byte[] payload() {
        return Vectors.payload(this, WireWriter.compactSizeLength(headers.size()) + headers.size() * (BlockHeader.SIZE + 1));
    }
}
