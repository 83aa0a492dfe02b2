package io.mooring.script;

import java.math.BigInteger;

/**
 * ECDSA signature and public key encodings as Core checks them: the strict BIP66 DER rule
 * ({@code IsValidSignatureEncoding}), low S ({@code IsLowDERSignature}), defined hash types, public key types
 * ({@code CheckPubKeyEncoding}), and the lax DER parser that consensus uses for signatures without DERSIG
 * ({@code ecdsa_signature_parse_der_lax} in {@code pubkey.cpp}).
 */
public final class EcdsaSignatures {
    /** The secp256k1 group order n. */
    static final BigInteger ORDER = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    private static final BigInteger HALF_ORDER = ORDER.shiftRight(1);

    public static final int SIGHASH_ALL = 1;
    public static final int SIGHASH_NONE = 2;
    public static final int SIGHASH_SINGLE = 3;
    public static final int SIGHASH_ANYONECANPAY = 0x80;

    private EcdsaSignatures() {
    }

    /**
     * BIP66 strict DER: {@code 30 len 02 lenR R 02 lenS S hashtype}, 9..73 bytes, lengths consistent, R and S
     * non-empty, non-negative and without superfluous leading zero bytes. {@code sig} includes the hash type byte.
     */
    public static boolean isValidSignatureEncoding(byte[] sig) {
        if (sig.length < 9 || sig.length > 73) return false;
        if ((sig[0] & 0xff) != 0x30) return false;
        if ((sig[1] & 0xff) != sig.length - 3) return false;
        int lenR = sig[3] & 0xff;
        if (5 + lenR >= sig.length) return false;
        int lenS = sig[5 + lenR] & 0xff;
        if (lenR + lenS + 7 != sig.length) return false;
        if (sig[2] != 0x02) return false;
        if (lenR == 0) return false;
        if ((sig[4] & 0x80) != 0) return false;
        if (lenR > 1 && sig[4] == 0 && (sig[5] & 0x80) == 0) return false;
        if (sig[lenR + 4] != 0x02) return false;
        if (lenS == 0) return false;
        if ((sig[lenR + 6] & 0x80) != 0) return false;
        return !(lenS > 1 && sig[lenR + 6] == 0 && (sig[lenR + 7] & 0x80) == 0);
    }

    /** Core's {@code IsDefinedHashtypeSignature}: the hash type without ANYONECANPAY is ALL, NONE or SINGLE. */
    public static boolean isDefinedHashtype(byte[] sig) {
        if (sig.length == 0) return false;
        int t = sig[sig.length - 1] & ~SIGHASH_ANYONECANPAY & 0xff;
        return t >= SIGHASH_ALL && t <= SIGHASH_SINGLE;
    }

    /**
     * Core's {@code CheckSignatureEncoding}. An empty signature passes (it is the compact way to fail a CHECKSIG).
     *
     * @throws ScriptException SIG_DER, SIG_HIGH_S or SIG_HASHTYPE
     */
    static void checkSignatureEncoding(byte[] sig, ScriptFlags flags) throws ScriptException {
        if (sig.length == 0) return;
        boolean strict = flags.has(VerifyFlag.DERSIG) || flags.has(VerifyFlag.LOW_S) || flags.has(VerifyFlag.STRICTENC);
        if (strict && !isValidSignatureEncoding(sig)) throw new ScriptException(ScriptError.SIG_DER);
        if (flags.has(VerifyFlag.LOW_S)) {
            // IsLowDERSignature: DER was just checked; the S value (without the hash type byte) must be low.
            Parsed p = parseDerLax(sig, sig.length - 1);
            if (p == null || p.s().compareTo(HALF_ORDER) > 0) throw new ScriptException(ScriptError.SIG_HIGH_S);
        }
        if (flags.has(VerifyFlag.STRICTENC) && !isDefinedHashtype(sig)) {
            throw new ScriptException(ScriptError.SIG_HASHTYPE);
        }
    }

    /**
     * Core's {@code CheckPubKeyEncoding}: STRICTENC wants a 33-byte 02/03 or 65-byte 04 key; WITNESS_PUBKEYTYPE
     * wants a compressed key in witness v0 scripts.
     *
     * @throws ScriptException PUBKEYTYPE or WITNESS_PUBKEYTYPE
     */
    static void checkPubKeyEncoding(byte[] pubKey, ScriptFlags flags, SigVersion sigVersion) throws ScriptException {
        if (flags.has(VerifyFlag.STRICTENC) && !isCompressedOrUncompressed(pubKey)) {
            throw new ScriptException(ScriptError.PUBKEYTYPE);
        }
        if (flags.has(VerifyFlag.WITNESS_PUBKEYTYPE) && sigVersion == SigVersion.WITNESS_V0 && !isCompressed(pubKey)) {
            throw new ScriptException(ScriptError.WITNESS_PUBKEYTYPE);
        }
    }

    private static boolean isCompressedOrUncompressed(byte[] k) {
        if (k.length < 33) return false;
        if (k[0] == 0x04) return k.length == 65;
        if (k[0] == 0x02 || k[0] == 0x03) return k.length == 33;
        return false;
    }

    private static boolean isCompressed(byte[] k) {
        return k.length == 33 && (k[0] == 0x02 || k[0] == 0x03);
    }

    /**
     * Verifies a DER signature (without hash type byte) as Core's {@code CPubKey::Verify}: the key must have the
     * length its first byte implies (02/03: 33; 04/06/07: 65, hybrid keys included), the signature is read with
     * the lax parser (an R or S of more than 32 significant bytes or not below n makes it the invalid zero
     * signature), and S is normalised to the lower half before verification.
     */
    public static boolean verify(byte[] der, byte[] pubKey, byte[] message32, SignatureVerifier verifier) {
        byte[] key = canonicalPublicKey(pubKey);
        if (key == null) return false;
        Parsed p = parseDerLax(der, der.length);
        if (p == null) return false;
        BigInteger r = p.r();
        BigInteger s = p.s();
        if (r.signum() == 0 || s.signum() == 0) return false;
        if (s.compareTo(HALF_ORDER) > 0) s = ORDER.subtract(s);
        byte[] compact = new byte[64];
        put32(r, compact, 0);
        put32(s, compact, 32);
        return verifier.verifyEcdsa(message32, compact, key);
    }

    /**
     * The key as a 02/03/04 encoding, or null when Core's {@code CPubKey} would be invalid or libsecp256k1 would
     * refuse it before any curve check: the length must match the header, and a hybrid key (06/07) must carry the
     * parity of y in its header, after which it is the uncompressed key.
     */
    static byte[] canonicalPublicKey(byte[] k) {
        if (k.length == 0) return null;
        int header = k[0] & 0xff;
        switch (header) {
            case 0x02, 0x03:
                return k.length == 33 ? k : null;
            case 0x04:
                return k.length == 65 ? k : null;
            case 0x06, 0x07: {
                if (k.length != 65) return null;
                if ((k[64] & 1) != (header & 1)) return null;
                byte[] u = k.clone();
                u[0] = 0x04;
                return u;
            }
            default:
                return null;
        }
    }

    private static void put32(BigInteger v, byte[] dst, int off) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, dst, off + 32 - n, n);
    }

    /** R and S as the lax parser reads them; (0, 0) stands for libsecp256k1's "correctly parsed but invalid". */
    record Parsed(BigInteger r, BigInteger s) {
    }

    private static final Parsed INVALID = new Parsed(BigInteger.ZERO, BigInteger.ZERO);

    /**
     * {@code ecdsa_signature_parse_der_lax} over {@code input[0, length)}: tolerates wrong sequence lengths,
     * long-form lengths and excess padding; null only where that parser fails outright.
     */
    static Parsed parseDerLax(byte[] input, int length) {
        int pos = 0;
        if (pos == length || (input[pos] & 0xff) != 0x30) return null;
        pos++;
        if (pos == length) return null;
        int lenByte = input[pos++] & 0xff;
        if ((lenByte & 0x80) != 0) {
            lenByte -= 0x80;
            if (lenByte > length - pos) return null;
            pos += lenByte;
        }
        if (pos == length || input[pos] != 0x02) return null;
        pos++;
        long[] lenOut = new long[1];
        pos = readLength(input, length, pos, lenOut);
        if (pos < 0) return null;
        long rLen = lenOut[0];
        if (rLen > length - pos) return null;
        int rPos = pos;
        pos += (int) rLen;
        if (pos == length || input[pos] != 0x02) return null;
        pos++;
        pos = readLength(input, length, pos, lenOut);
        if (pos < 0) return null;
        long sLen = lenOut[0];
        if (sLen > length - pos) return null;
        int sPos = pos;

        int rl = (int) rLen;
        while (rl > 0 && input[rPos] == 0) {
            rl--;
            rPos++;
        }
        int sl = (int) sLen;
        while (sl > 0 && input[sPos] == 0) {
            sl--;
            sPos++;
        }
        if (rl > 32 || sl > 32) return INVALID;
        BigInteger r = rl == 0 ? BigInteger.ZERO : new BigInteger(1, java.util.Arrays.copyOfRange(input, rPos, rPos + rl));
        BigInteger s = sl == 0 ? BigInteger.ZERO : new BigInteger(1, java.util.Arrays.copyOfRange(input, sPos, sPos + sl));
        // secp256k1_ecdsa_signature_parse_compact fails on overflow, and the lax parser then zeroes the signature.
        if (r.compareTo(ORDER) >= 0 || s.compareTo(ORDER) >= 0) return INVALID;
        return new Parsed(r, s);
    }

    /** An integer length, short or long form; returns the new position or -1. */
    private static int readLength(byte[] input, int length, int pos, long[] out) {
        if (pos == length) return -1;
        int lenByte = input[pos++] & 0xff;
        if ((lenByte & 0x80) != 0) {
            lenByte -= 0x80;
            if (lenByte > length - pos) return -1;
            while (lenByte > 0 && input[pos] == 0) {
                pos++;
                lenByte--;
            }
            if (lenByte >= 4) return -1;
            long len = 0;
            while (lenByte > 0) {
                len = (len << 8) + (input[pos] & 0xff);
                pos++;
                lenByte--;
            }
            out[0] = len;
        } else {
            out[0] = lenByte;
        }
        return pos;
    }
}
