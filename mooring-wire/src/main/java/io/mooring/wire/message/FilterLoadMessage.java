package io.mooring.wire.message;

import io.mooring.wire.Bytes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.Objects;

/**
 * {@code filterload} (BIP37, Core's CBloomFilter): filter bits, number of hash functions (uint32), tweak (uint32)
 * and update flags. Oversized filters decode: Core treats them as misbehaviour, not as a parse error, so the node
 * checks {@link #isWithinSizeConstraints()}.
 */
public record FilterLoadMessage(Bytes filter, long hashFunctions, long tweak, int flags) implements Message {
    public static final int BLOOM_UPDATE_NONE = 0;
    public static final int BLOOM_UPDATE_ALL = 1;
    public static final int BLOOM_UPDATE_P2PUBKEY_ONLY = 2;

    public FilterLoadMessage {
        Objects.requireNonNull(filter, "filter");
        if ((hashFunctions >>> 32) != 0 || (tweak >>> 32) != 0) throw new IllegalArgumentException("uint32 fields");
        if (flags < 0 || flags > 0xff) throw new IllegalArgumentException("flags is one byte");
    }

    public static FilterLoadMessage read(WireReader r) throws ProtocolException {
        return new FilterLoadMessage(r.readVarBytes(Integer.MAX_VALUE), r.readU32LE(), r.readU32LE(), r.readU8());
    }

    /** Core's CBloomFilter::IsWithinSizeConstraints. */
    public boolean isWithinSizeConstraints() {
        return filter.length() <= Limits.MAX_BLOOM_FILTER_SIZE && hashFunctions <= Limits.MAX_HASH_FUNCS;
    }

    @Override
    public String command() {
        return MessageType.FILTERLOAD;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeVarBytes(filter).writeU32LE(hashFunctions).writeU32LE(tweak).writeU8(flags);
    }
}
