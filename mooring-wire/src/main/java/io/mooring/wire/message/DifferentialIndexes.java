package io.mooring.wire.message;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;

/**
 * BIP152's differential index encoding: each index is written as its distance from the previous index plus one.
 * Decoded indexes must fit 16 bits, as Core's DifferenceFormatter (uint16_t) requires.
 */
final class DifferentialIndexes {
    private long next;

    int read(WireReader r) throws ProtocolException {
        long delta = r.readCompactSize();
        long index = next + delta;
        if (index > 0xffff) {
            throw new ProtocolException(ProtocolError.BAD_COMPACT_BLOCK, "differential value overflow");
        }
        next = index + 1;
        return (int) index;
    }

    /** The value to write for {@code index}; indexes must be strictly increasing. */
    long encode(int index) {
        long delta = index - next;
        if (delta < 0) throw new IllegalArgumentException("indexes must be strictly increasing");
        next = index + 1L;
        return delta;
    }
}
