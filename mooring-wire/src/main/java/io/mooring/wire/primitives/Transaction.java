package io.mooring.wire.primitives;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * A transaction (Core's {@code CTransaction}) with BIP144 witness serialisation. Immutable, with value equality over
 * version, inputs (including witnesses), outputs and lock time. The txid, wtxid and sizes are computed lazily once
 * and cached (races only recompute the same value).
 */
public final class Transaction {
    /** Smallest input: outpoint, empty scriptSig length byte, sequence. */
    static final int MIN_TXIN_SIZE = OutPoint.SIZE + 1 + 4;
    /** Smallest output: value and empty script length byte. */
    static final int MIN_TXOUT_SIZE = 8 + 1;
    /** Smallest transaction encoding Core accepts: version, empty vin, a zero flag byte (read as empty vout), lock time. */
    public static final int MIN_SIZE = 4 + 1 + 1 + 4;

    private static final int MAX_COUNT = (int) WireReader.MAX_SIZE;
    private static final int MAX_LENGTH = (int) WireReader.MAX_SIZE;
    private static final TxIn[] NO_INPUTS = new TxIn[0];
    private static final TxOut[] NO_OUTPUTS = new TxOut[0];
    /** Largest encoding hashed in the per-thread {@link #scratch} writer. */
    private static final int SCRATCH_MAX = 1 << 16;
    private static final ThreadLocal<WireWriter> SCRATCH = ThreadLocal.withInitial(() -> new WireWriter(4096));

    private final int version;
    private final List<TxIn> inputs;
    private final List<TxOut> outputs;
    private final long lockTime;
    private final boolean hasWitness;

    private int totalSize = -1;
    private int strippedSize = -1;
    private int hashCode;
    private Hash256 txid;
    private Hash256 wtxid;

    /**
     * @param lockTime an unsigned 32-bit value
     * @throws IllegalArgumentException if lockTime is out of range
     */
    public Transaction(int version, List<TxIn> inputs, List<TxOut> outputs, long lockTime) {
        this(version, ImmutableArrayList.immutable(inputs), ImmutableArrayList.immutable(outputs), lockTime, -1, -1);
        if ((lockTime >>> 32) != 0) throw new IllegalArgumentException("lockTime is an unsigned 32-bit value");
    }

    private Transaction(int version, List<TxIn> inputs, List<TxOut> outputs, long lockTime, int totalSize,
                        int strippedSize) {
        this.version = version;
        this.inputs = inputs;
        this.outputs = outputs;
        this.lockTime = lockTime;
        this.totalSize = totalSize;
        this.strippedSize = strippedSize;
        boolean w = false;
        for (int i = 0, n = inputs.size(); i < n && !w; i++) {
            w = inputs.get(i).hasWitness();
        }
        this.hasWitness = w;
    }

    public int version() {
        return version;
    }

    /** Unmodifiable. */
    public List<TxIn> inputs() {
        return inputs;
    }

    /** Unmodifiable. */
    public List<TxOut> outputs() {
        return outputs;
    }

    /** Unsigned 32-bit. */
    public long lockTime() {
        return lockTime;
    }

    /**
     * Reads a transaction exactly as Core's {@code UnserializeTransaction} with witness allowed: an empty input vector
     * is followed by a flag byte; a non-zero flag means the real inputs and outputs follow; flag bit 0 means witness
     * stacks follow the outputs, and then at least one must be non-empty; any other flag bit is rejected. A zero flag
     * after an empty input vector is read as an empty output vector, as Core does.
     *
     * @throws ProtocolException TRUNCATED, NON_CANONICAL_COMPACT_SIZE, SIZE_TOO_LARGE, or BAD_TRANSACTION for a
     *                           superfluous witness record or unknown optional data
     */
    public static Transaction read(WireReader r) throws ProtocolException {
        int start = r.position();
        int version = r.readI32LE();
        TxIn[] ins = readInputs(r);
        TxOut[] outs;
        int flags = 0;
        if (ins.length == 0) {
            flags = r.readU8();
            if (flags != 0) {
                ins = readInputs(r);
                outs = readOutputs(r);
            } else {
                outs = NO_OUTPUTS;
            }
        } else {
            outs = readOutputs(r);
        }
        int witnessBytes = 0;
        if ((flags & 1) != 0) {
            flags ^= 1;
            int witnessStart = r.position();
            boolean any = false;
            for (int i = 0; i < ins.length; i++) {
                List<Bytes> stack = readWitness(r);
                if (!stack.isEmpty()) {
                    any = true;
                    ins[i] = ins[i].withWitness(stack);
                }
            }
            if (!any) throw new ProtocolException(ProtocolError.BAD_TRANSACTION, "superfluous witness record");
            witnessBytes = r.position() - witnessStart;
        }
        if (flags != 0) {
            throw new ProtocolException(ProtocolError.BAD_TRANSACTION, "unknown transaction optional data " + flags);
        }
        long lockTime = r.readU32LE();
        int total = r.position() - start;
        // A witness encoding carries a marker and a flag byte and the witness section on top of the stripped one.
        int stripped = witnessBytes == 0 ? total : total - 2 - witnessBytes;
        return new Transaction(version, ImmutableArrayList.trusted(ins), ImmutableArrayList.trusted(outs), lockTime,
                total, stripped);
    }

    private static TxIn[] readInputs(WireReader r) throws ProtocolException {
        int n = r.readCount(MAX_COUNT, MIN_TXIN_SIZE, ProtocolError.SIZE_TOO_LARGE);
        if (n == 0) return NO_INPUTS;
        TxIn[] ins = new TxIn[n];
        for (int i = 0; i < n; i++) {
            ins[i] = TxIn.read(r);
        }
        return ins;
    }

    private static TxOut[] readOutputs(WireReader r) throws ProtocolException {
        int n = r.readCount(MAX_COUNT, MIN_TXOUT_SIZE, ProtocolError.SIZE_TOO_LARGE);
        if (n == 0) return NO_OUTPUTS;
        TxOut[] outs = new TxOut[n];
        for (int i = 0; i < n; i++) {
            outs[i] = TxOut.read(r);
        }
        return outs;
    }

    private static List<Bytes> readWitness(WireReader r) throws ProtocolException {
        int n = r.readCount(MAX_COUNT, 1, ProtocolError.SIZE_TOO_LARGE);
        if (n == 0) return ImmutableArrayList.empty();
        Bytes[] items = new Bytes[n];
        for (int i = 0; i < n; i++) {
            items[i] = r.readVarBytes(MAX_LENGTH);
        }
        return ImmutableArrayList.trusted(items);
    }

    /**
     * Writes the witness (BIP144) encoding iff some input has a witness, else the legacy encoding, as Core. As in
     * Core, a transaction with no inputs but some outputs has an encoding that {@link #read} takes for a witness
     * marker; such transactions only occur in tests and are not valid on the network.
     */
    public void write(WireWriter w) {
        if (!hasWitness) {
            writeWithoutWitness(w);
            return;
        }
        w.writeI32LE(version);
        w.writeU8(0).writeU8(1);
        writeBody(w);
        for (int i = 0, n = inputs.size(); i < n; i++) {
            List<Bytes> stack = inputs.get(i).witness();
            w.writeCompactSize(stack.size());
            for (int j = 0, k = stack.size(); j < k; j++) {
                w.writeVarBytes(stack.get(j));
            }
        }
        w.writeU32LE(lockTime);
    }

    /** Writes the legacy encoding (no marker, flag or witnesses): the bytes the txid hashes. */
    public void writeWithoutWitness(WireWriter w) {
        w.writeI32LE(version);
        writeBody(w);
        w.writeU32LE(lockTime);
    }

    private void writeBody(WireWriter w) {
        w.writeCompactSize(inputs.size());
        for (int i = 0, n = inputs.size(); i < n; i++) {
            inputs.get(i).write(w);
        }
        w.writeCompactSize(outputs.size());
        for (int i = 0, n = outputs.size(); i < n; i++) {
            outputs.get(i).write(w);
        }
    }

    /** The encoding {@link #write} produces, as a new array. */
    public byte[] serialize() {
        WireWriter w = new WireWriter(totalSize());
        write(w);
        return w.toByteArray();
    }

    /** SHA256d of the legacy encoding, in internal byte order ({@code toString()} gives the usual display form). */
    public Hash256 txid() {
        Hash256 h = txid;
        if (h == null) {
            WireWriter w = scratch(strippedSize());
            writeWithoutWitness(w);
            h = Hashes.sha256d(w.array(), 0, w.size());
            txid = h;
        }
        return h;
    }

    /** SHA256d of the witness encoding; equals {@link #txid()} for a transaction without witness. */
    public Hash256 wtxid() {
        Hash256 h = wtxid;
        if (h == null) {
            if (!hasWitness) {
                h = txid();
            } else {
                WireWriter w = scratch(totalSize());
                write(w);
                byte[] b = w.array();
                int size = w.size();
                h = Hashes.sha256d(b, 0, size);
                if (txid == null) {
                    // The legacy encoding is version, the bytes after marker and flag up to the witnesses, lock time.
                    MessageDigest md = Hashes.sha256Digest();
                    md.update(b, 0, 4);
                    md.update(b, 6, strippedSize() - 8);
                    md.update(b, size - 4, 4);
                    txid = Hashes.finishDouble(md);
                }
            }
            wtxid = h;
        }
        return h;
    }

    /**
     * A writer to serialise {@code size} bytes into for hashing: a reset per-thread one for the usual sizes, so a
     * txid costs no serialisation buffer; a fresh one for large transactions, so no thread keeps a big array.
     */
    private static WireWriter scratch(int size) {
        if (size > SCRATCH_MAX) return new WireWriter(size);
        WireWriter w = SCRATCH.get();
        w.reset();
        return w;
    }

    /** Whether any input has a non-empty witness stack (Core's {@code HasWitness}). */
    public boolean hasWitness() {
        return hasWitness;
    }

    /** Size of the encoding {@link #write} produces (with witness when there is one). */
    public int totalSize() {
        int s = totalSize;
        if (s < 0) {
            s = strippedSize();
            if (hasWitness) {
                s += 2;
                for (int i = 0, n = inputs.size(); i < n; i++) {
                    s += inputs.get(i).witnessSize();
                }
            }
            totalSize = s;
        }
        return s;
    }

    /** Size of the legacy encoding. */
    public int strippedSize() {
        int s = strippedSize;
        if (s < 0) {
            s = 8 + WireWriter.compactSizeLength(inputs.size()) + WireWriter.compactSizeLength(outputs.size());
            for (int i = 0, n = inputs.size(); i < n; i++) {
                s += inputs.get(i).size();
            }
            for (int i = 0, n = outputs.size(); i < n; i++) {
                s += outputs.get(i).size();
            }
            strippedSize = s;
        }
        return s;
    }

    /** BIP141 weight: stripped size × 3 + total size. */
    public int weight() {
        return strippedSize() * 3 + totalSize();
    }

    /** BIP141 virtual size: weight / 4, rounded up. */
    public int vsize() {
        return (weight() + 3) / 4;
    }

    /** Core's {@code IsCoinBase}: exactly one input, spending the null outpoint. */
    public boolean isCoinbase() {
        return inputs.size() == 1 && inputs.get(0).prevout().isNull();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Transaction t)) return false;
        if (version != t.version || lockTime != t.lockTime || hasWitness != t.hasWitness) return false;
        // Cached hashes are a cheap early exit when both sides have them.
        Hash256 a = wtxid;
        Hash256 b = t.wtxid;
        if (a != null && b != null && !a.equals(b)) return false;
        return inputs.equals(t.inputs) && outputs.equals(t.outputs);
    }

    @Override
    public int hashCode() {
        int h = hashCode;
        if (h == 0) {
            h = Objects.hash(version, inputs, outputs, lockTime);
            hashCode = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "Transaction[txid=" + txid() + ", version=" + version + ", inputs=" + inputs.size() + ", outputs="
                + outputs.size() + ", lockTime=" + lockTime + (hasWitness ? ", witness" : "") + "]";
    }
}
