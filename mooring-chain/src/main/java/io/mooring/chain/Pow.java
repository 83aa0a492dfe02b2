package io.mooring.chain;

import io.mooring.wire.Hash256;
import java.math.BigInteger;

/**
 * Proof-of-work arithmetic: the compact ("nBits") target encoding of Core's {@code arith_uint256::SetCompact} /
 * {@code GetCompact}, block proof ({@code GetBlockProof}) and the {@code CheckProofOfWork} test. Targets are
 * non-negative {@link BigInteger}s below 2<sup>256</sup>; compact values are unsigned 32-bit values held in longs.
 */
public final class Pow {
    /** 2<sup>256</sup>. */
    public static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger MASK_256 = TWO_256.subtract(BigInteger.ONE);

    private Pow() {
    }

    /**
     * A decoded compact value. {@code target} is the value Core's {@code SetCompact} produces (the magnitude, truncated
     * to 256 bits on overflow); {@code negative} and {@code overflow} are its {@code pfNegative} / {@code pfOverflow}.
     */
    public record DecodedCompact(BigInteger target, boolean negative, boolean overflow) {
        /** True when the value can be a proof-of-work target: not negative, no overflow, not zero. */
        public boolean isUsableTarget() {
            return !negative && !overflow && target.signum() > 0;
        }
    }

    /** Decodes a compact value with Core's negative and overflow flags. */
    public static DecodedCompact decodeCompact(long compact) {
        checkU32(compact);
        int size = (int) (compact >>> 24);
        long word = compact & 0x007fffffL;
        BigInteger target;
        if (size <= 3) {
            word >>>= 8 * (3 - size);
            target = BigInteger.valueOf(word);
        } else {
            target = BigInteger.valueOf(word).shiftLeft(8 * (size - 3)).and(MASK_256);
        }
        boolean negative = word != 0 && (compact & 0x00800000L) != 0;
        boolean overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
        return new DecodedCompact(target, negative, overflow);
    }

    /** Core's {@code SetCompact} value (flags dropped; use {@link #decodeCompact} to see them). */
    public static BigInteger compactToTarget(long compact) {
        return decodeCompact(compact).target();
    }

    /** Core's {@code GetCompact(false)}: the canonical compact form of a target in [0, 2<sup>256</sup>). */
    public static long targetToCompact(BigInteger target) {
        return targetToCompact(target, false);
    }

    /** Core's {@code GetCompact(negative)}: the sign bit is set only when {@code negative} and the mantissa is non-zero. */
    public static long targetToCompact(BigInteger target, boolean negative) {
        if (target.signum() < 0 || target.bitLength() > 256) {
            throw new IllegalArgumentException("a target is in [0, 2^256), got " + target.toString(16));
        }
        int size = (target.bitLength() + 7) / 8;
        long compact;
        if (size <= 3) {
            compact = target.longValue() << (8 * (3 - size));
        } else {
            compact = target.shiftRight(8 * (size - 3)).longValue();
        }
        if ((compact & 0x00800000L) != 0) {
            compact >>>= 8;
            size++;
        }
        compact |= (long) size << 24;
        if (negative && (compact & 0x007fffffL) != 0) {
            compact |= 0x00800000L;
        }
        return compact;
    }

    /**
     * Core's {@code GetBlockProofEquivalentTime}: how long, at the tip's difficulty and the target spacing, it takes
     * to mine the work between {@code fromWork} and {@code toWork} (negative when {@code from} has more), saturated
     * to ±{@link Long#MAX_VALUE} as Core's 63-bit check.
     */
    public static long blockProofEquivalentTime(BigInteger toWork, BigInteger fromWork, long tipBits,
            long targetSpacing) {
        BigInteger diff = toWork.subtract(fromWork);
        int sign = diff.signum() < 0 ? -1 : 1;
        BigInteger r = diff.abs().multiply(BigInteger.valueOf(targetSpacing)).divide(blockProof(tipBits));
        if (r.bitLength() > 63) return sign * Long.MAX_VALUE;
        return sign * r.longValueExact();
    }

    /**
     * Core's {@code GetBlockProof}: the expected number of hashes for a block with these bits, 2<sup>256</sup> /
     * (target + 1); zero when the bits are negative, overflow or decode to zero.
     */
    public static BigInteger blockProof(long bits) {
        BigInteger cached = PROOFS.get(bits);
        if (cached != null) return cached;
        DecodedCompact d = decodeCompact(bits);
        BigInteger proof = d.isUsableTarget() ? TWO_256.divide(d.target().add(BigInteger.ONE)) : BigInteger.ZERO;
        if (PROOFS.size() >= PROOF_CACHE_LIMIT) PROOFS.clear();
        PROOFS.put(bits, proof);
        return proof;
    }

    /**
     * Block proofs by bits: a 256-bit division per header dominated loading a million-entry block index, while a real
     * chain has only a few thousand distinct bits values (one per retarget period). Pure function, so caching is safe;
     * the bound keeps a flood of made-up bits from growing it.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Long, BigInteger> PROOFS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PROOF_CACHE_LIMIT = 16_384;

    /**
     * Core's {@code CheckProofOfWork}: the bits decode to a usable target not above {@code powLimit}, and the hash,
     * read as a 256-bit number, is not above the target. Works on four 64-bit words (no allocation once the limit's
     * words are cached): it runs for every header received.
     */
    public static boolean checkProofOfWork(Hash256 hash, long bits, BigInteger powLimit) {
        checkU32(bits);
        int size = (int) (bits >>> 24);
        long word = bits & 0x007fffffL;
        long t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        if (size <= 3) {
            word >>>= 8 * (3 - size);
            t0 = word;
        }
        // SetCompact's flags: a zero mantissa is a zero target; negative and overflowing targets are unusable.
        if (word == 0 || (bits & 0x00800000L) != 0) return false;
        if (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32)) return false;
        if (size > 3) {
            int shift = 8 * (size - 3);
            int index = shift >>> 6;
            int offset = shift & 63;
            long lo = word << offset;
            long hi = offset == 0 ? 0 : word >>> (64 - offset);
            switch (index) {
                case 0 -> { t0 = lo; t1 = hi; }
                case 1 -> { t1 = lo; t2 = hi; }
                case 2 -> { t2 = lo; t3 = hi; }
                default -> t3 = lo; // no overflow: nothing spills past 256 bits
            }
        }
        LimitWords l = limitWords(powLimit);
        if (compare(t3, t2, t1, t0, l.w3, l.w2, l.w1, l.w0) > 0) return false;
        return compare(hash.w3(), hash.w2(), hash.w1(), hash.w0(), t3, t2, t1, t0) <= 0;
    }

    private static int compare(long a3, long a2, long a1, long a0, long b3, long b2, long b1, long b0) {
        int c = Long.compareUnsigned(a3, b3);
        if (c != 0) return c;
        c = Long.compareUnsigned(a2, b2);
        if (c != 0) return c;
        c = Long.compareUnsigned(a1, b1);
        return c != 0 ? c : Long.compareUnsigned(a0, b0);
    }

    /** A PoW limit split into words; the last one used is kept (a node checks against one chain's limit). */
    private record LimitWords(BigInteger limit, long w0, long w1, long w2, long w3) {
    }

    private static volatile LimitWords lastLimit;

    private static LimitWords limitWords(BigInteger limit) {
        LimitWords l = lastLimit;
        if (l != null && l.limit == limit) return l;
        if (limit.signum() < 0 || limit.bitLength() > 256) {
            throw new IllegalArgumentException("a PoW limit is in [0, 2^256)");
        }
        l = new LimitWords(limit, limit.longValue(), limit.shiftRight(64).longValue(), limit.shiftRight(128).longValue(),
                limit.shiftRight(192).longValue());
        lastLimit = l;
        return l;
    }

    /** A hash read as Core's {@code UintToArith256}: the display hex is the big-endian number. */
    public static BigInteger toBigInteger(Hash256 hash) {
        byte[] be = new byte[Hash256.BYTES + 1]; // leading zero byte keeps it positive
        long[] words = {hash.w3(), hash.w2(), hash.w1(), hash.w0()};
        for (int i = 0; i < 4; i++) {
            long w = words[i];
            for (int j = 0; j < 8; j++) {
                be[1 + 8 * i + j] = (byte) (w >>> (56 - 8 * j));
            }
        }
        return new BigInteger(be);
    }

    private static void checkU32(long v) {
        if ((v >>> 32) != 0) {
            throw new IllegalArgumentException("a compact value is an unsigned 32-bit value, got " + v);
        }
    }
}
