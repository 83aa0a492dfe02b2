package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.Objects;

/**
 * One inventory vector (Core's {@code CInv}): a uint32 type and a hash. The type is kept raw so that unknown types
 * round-trip; {@link #MSG_TX} and friends name the known ones.
 */
public record InvItem(int type, Hash256 hash) {
    public static final int SIZE = 36;

    public static final int MSG_ERROR = 0;
    public static final int MSG_TX = 1;
    public static final int MSG_BLOCK = 2;
    /** BIP37: a merkleblock instead of a block. */
    public static final int MSG_FILTERED_BLOCK = 3;
    /** BIP152: a cmpctblock instead of a block. */
    public static final int MSG_CMPCT_BLOCK = 4;
    /** BIP339: a transaction named by wtxid. */
    public static final int MSG_WTX = 5;
    /** BIP144: set on tx/block types to ask for witness serialisation. */
    public static final int MSG_WITNESS_FLAG = 1 << 30;
    public static final int MSG_WITNESS_TX = MSG_TX | MSG_WITNESS_FLAG;
    public static final int MSG_WITNESS_BLOCK = MSG_BLOCK | MSG_WITNESS_FLAG;
    public static final int MSG_FILTERED_WITNESS_BLOCK = MSG_FILTERED_BLOCK | MSG_WITNESS_FLAG;

    public InvItem {
        Objects.requireNonNull(hash, "hash");
    }

    public static InvItem read(WireReader r) throws ProtocolException {
        return new InvItem(r.readI32LE(), r.readHash());
    }

    public void write(WireWriter w) {
        w.writeI32LE(type).writeHash(hash);
    }

    /** Core's type name (CInv::GetMessageType), e.g. "witness-block", or "0x..." for an unknown type. */
    public String typeName() {
        String prefix = (type & MSG_WITNESS_FLAG) != 0 ? "witness-" : "";
        return switch (type & ~MSG_WITNESS_FLAG) {
            case MSG_TX -> prefix + "tx";
            case MSG_WTX -> prefix + "wtx";
            case MSG_BLOCK -> prefix + "block";
            case MSG_FILTERED_BLOCK -> prefix + "merkleblock";
            case MSG_CMPCT_BLOCK -> prefix + "cmpctblock";
            default -> String.format("0x%08x", type);
        };
    }

    @Override
    public String toString() {
        return typeName() + " " + hash;
    }
}
