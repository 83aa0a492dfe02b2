package io.mooring.script;

import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-transaction hashes both segwit signature schemes share (Core's {@code PrecomputedTransactionData}): the
 * single SHA-256s of all prevouts, sequences and outputs (BIP341's sha_prevouts, sha_sequences, sha_outputs), their
 * double-hashed BIP143 forms, and, when the spent outputs are known, BIP341's sha_amounts and sha_scriptpubkeys.
 * Immutable once built.
 */
public final class PrecomputedTransactionData {
    private final List<TxOut> spentOutputs;
    private final byte[] shaPrevouts;
    private final byte[] shaSequences;
    private final byte[] shaOutputs;
    private final byte[] shaAmounts;
    private final byte[] shaScriptPubKeys;

    /**
     * @param spentOutputs the outputs the inputs spend, in input order, or empty if unknown (then taproot signatures
     *                     cannot be checked)
     */
    public PrecomputedTransactionData(Transaction tx, List<TxOut> spentOutputs) {
        Objects.requireNonNull(tx, "tx");
        this.spentOutputs = List.copyOf(spentOutputs);
        if (!this.spentOutputs.isEmpty() && this.spentOutputs.size() != tx.inputs().size()) {
            throw new IllegalArgumentException("one spent output per input: " + this.spentOutputs.size() + " for "
                    + tx.inputs().size() + " inputs");
        }
        WireWriter prevouts = new WireWriter(36 * tx.inputs().size());
        WireWriter sequences = new WireWriter(4 * tx.inputs().size());
        for (TxIn in : tx.inputs()) {
            in.prevout().write(prevouts);
            sequences.writeU32LE(in.sequence());
        }
        WireWriter outputs = new WireWriter(64);
        for (TxOut out : tx.outputs()) out.write(outputs);
        shaPrevouts = sha256(prevouts);
        shaSequences = sha256(sequences);
        shaOutputs = sha256(outputs);
        if (this.spentOutputs.isEmpty()) {
            shaAmounts = null;
            shaScriptPubKeys = null;
        } else {
            WireWriter amounts = new WireWriter(8 * this.spentOutputs.size());
            WireWriter scripts = new WireWriter(64);
            for (TxOut o : this.spentOutputs) {
                amounts.writeI64LE(o.value());
                scripts.writeVarBytes(o.scriptPubKey());
            }
            shaAmounts = sha256(amounts);
            shaScriptPubKeys = sha256(scripts);
        }
    }

    /** Without spent outputs: enough for legacy and BIP143 signatures. */
    public PrecomputedTransactionData(Transaction tx) {
        this(tx, List.of());
    }

    private static byte[] sha256(WireWriter w) {
        return io.mooring.wire.Hashes.sha256(w.array(), 0, w.size());
    }

    public List<TxOut> spentOutputs() {
        return spentOutputs;
    }

    public boolean hasSpentOutputs() {
        return !spentOutputs.isEmpty();
    }

    /** BIP341 sha_prevouts: SHA256 of all outpoints. */
    public byte[] shaPrevouts() {
        return shaPrevouts.clone();
    }

    public byte[] shaSequences() {
        return shaSequences.clone();
    }

    public byte[] shaOutputs() {
        return shaOutputs.clone();
    }

    /** BIP341 sha_amounts, if the spent outputs are known. */
    public Optional<byte[]> shaAmounts() {
        return Optional.ofNullable(shaAmounts).map(byte[]::clone);
    }

    public Optional<byte[]> shaScriptPubKeys() {
        return Optional.ofNullable(shaScriptPubKeys).map(byte[]::clone);
    }

    // Package-private views without copies, for the signature hashes.
    byte[] prevoutsHash() {
        return shaPrevouts;
    }

    byte[] sequencesHash() {
        return shaSequences;
    }

    byte[] outputsHash() {
        return shaOutputs;
    }

    byte[] amountsHash() {
        return shaAmounts;
    }

    byte[] scriptPubKeysHash() {
        return shaScriptPubKeys;
    }
}
