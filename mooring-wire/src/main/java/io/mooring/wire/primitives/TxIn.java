package io.mooring.wire.primitives;

import io.mooring.wire.Bytes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.util.List;
import java.util.Objects;

/**
 * A transaction input (Core's {@code CTxIn}) with its witness stack ({@code scriptWitness.stack}); the stack is an
 * empty list when the input has no witness. {@code sequence} is an unsigned 32-bit value. Immutable.
 */
public record TxIn(OutPoint prevout, Bytes scriptSig, long sequence, List<Bytes> witness) {
    /** Core's {@code CTxIn::SEQUENCE_FINAL}. */
    public static final long SEQUENCE_FINAL = 0xffffffffL;

    public TxIn {
        Objects.requireNonNull(prevout, "prevout");
        Objects.requireNonNull(scriptSig, "scriptSig");
        if ((sequence >>> 32) != 0) throw new IllegalArgumentException("sequence is an unsigned 32-bit value");
        witness = ImmutableArrayList.immutable(witness);
    }

    /** An input without witness. */
    public TxIn(OutPoint prevout, Bytes scriptSig, long sequence) {
        this(prevout, scriptSig, sequence, ImmutableArrayList.empty());
    }

    /** Reads the non-witness part (prevout, scriptSig, sequence); the witness comes later in a BIP144 encoding. */
    public static TxIn read(WireReader r) throws ProtocolException {
        return new TxIn(OutPoint.read(r), r.readVarBytes((int) WireReader.MAX_SIZE), r.readU32LE(),
                ImmutableArrayList.empty());
    }

    /** Writes the non-witness part (prevout, scriptSig, sequence). */
    public void write(WireWriter w) {
        prevout.write(w);
        w.writeVarBytes(scriptSig).writeU32LE(sequence);
    }

    /** Size of the non-witness part. */
    public int size() {
        return OutPoint.SIZE + WireWriter.compactSizeLength(scriptSig.length()) + scriptSig.length() + 4;
    }

    /** Size of the serialised witness stack (count plus items); 1 for an empty stack. */
    public int witnessSize() {
        int n = WireWriter.compactSizeLength(witness.size());
        for (int i = 0, k = witness.size(); i < k; i++) {
            int len = witness.get(i).length();
            n += WireWriter.compactSizeLength(len) + len;
        }
        return n;
    }

    public boolean hasWitness() {
        return !witness.isEmpty();
    }

    /** This input with another witness stack. */
    public TxIn withWitness(List<Bytes> stack) {
        return new TxIn(prevout, scriptSig, sequence, stack);
    }
}
