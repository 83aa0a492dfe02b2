package io.mooring.coins;

import io.mooring.script.Opcodes;
import io.mooring.script.Script;
import io.mooring.wire.Bytes;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.TxOut;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Core's on-disk encodings for the UTXO set and undo data: the MSB-first base-128 {@code VARINT} of serialize.h,
 * {@code CompressAmount} and {@code CompressScript} (compressor.cpp), {@code TxOutCompression}, and {@link Coin} as
 * Core stores it in the chainstate ({@code VARINT(height·2 + coinbase)} then the compressed output).
 */
public final class CoinSerialization {
    /** Core's {@code nSpecialScripts}: script sizes below this are compression tags. */
    private static final int SPECIAL_SCRIPTS = 6;
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

    private CoinSerialization() {
    }

    // ---------------------------------------------------------------- VARINT

    /** Core's {@code WriteVarInt} for a non-negative value: 7 bits a byte, most significant first, with offset. */
    public static void writeVarInt(WireWriter w, long n) {
        if (n < 0) throw new IllegalArgumentException("VARINT of a negative value " + n);
        byte[] tmp = new byte[10];
        int len = 0;
        while (true) {
            tmp[len] = (byte) ((n & 0x7f) | (len != 0 ? 0x80 : 0x00));
            if (n <= 0x7f) break;
            n = (n >>> 7) - 1;
            len++;
        }
        for (int i = len; i >= 0; i--) w.writeU8(tmp[i] & 0xff);
    }

    /**
     * Core's {@code ReadVarInt} into a value of at most {@code maxBits} bits (Core reads into the field's type).
     *
     * @throws ProtocolException "size too large" if the value overflows, truncated if the input ends
     */
    public static long readVarInt(WireReader r, int maxBits) throws ProtocolException {
        long max = maxBits >= 63 ? Long.MAX_VALUE : (1L << maxBits) - 1;
        long n = 0;
        while (true) {
            int ch = r.readU8();
            if (n > (max >>> 7)) throw new ProtocolException(ProtocolError.SIZE_TOO_LARGE, "ReadVarInt(): size too large");
            n = (n << 7) | (ch & 0x7f);
            if ((ch & 0x80) != 0) {
                if (n == max) throw new ProtocolException(ProtocolError.SIZE_TOO_LARGE, "ReadVarInt(): size too large");
                n++;
            } else {
                return n;
            }
        }
    }

    // ---------------------------------------------------------------- amounts

    /** Core's {@code CompressAmount}: trailing decimal zeros into an exponent, the last digit folded in. */
    public static long compressAmount(long n) {
        if (n == 0) return 0;
        int e = 0;
        while (Long.remainderUnsigned(n, 10) == 0 && e < 9) {
            n = Long.divideUnsigned(n, 10);
            e++;
        }
        if (e < 9) {
            long d = Long.remainderUnsigned(n, 10);
            n = Long.divideUnsigned(n, 10);
            return 1 + (n * 9 + d - 1) * 10 + e;
        }
        return 1 + (n - 1) * 10 + 9;
    }

    /** Core's {@code DecompressAmount}, the inverse of {@link #compressAmount}. */
    public static long decompressAmount(long x) {
        if (x == 0) return 0;
        x--;
        int e = (int) Long.remainderUnsigned(x, 10);
        x = Long.divideUnsigned(x, 10);
        long n;
        if (e < 9) {
            long d = Long.remainderUnsigned(x, 9) + 1;
            x = Long.divideUnsigned(x, 9);
            n = x * 10 + d;
        } else {
            n = x + 1;
        }
        while (e > 0) {
            n *= 10;
            e--;
        }
        return n;
    }

    // ---------------------------------------------------------------- scripts

    /**
     * Core's {@code CompressScript}: P2PKH and P2SH as a tag and the 20-byte hash, P2PK with a compressed key as the
     * key, P2PK with a valid uncompressed key as tag 4/5 (Y parity) and X; anything else is not compressed.
     *
     * @return the 21 or 33 compressed bytes, or null
     */
    static byte[] compressScript(Bytes script) {
        byte[] s = script.toArray();
        if (s.length == 25 && s[0] == 0x76 && (s[1] & 0xff) == 0xa9 && s[2] == 20 && (s[23] & 0xff) == 0x88
                && (s[24] & 0xff) == 0xac) {
            return tagged(0x00, s, 3, 20);
        }
        if (s.length == 23 && (s[0] & 0xff) == 0xa9 && s[1] == 20 && (s[22] & 0xff) == 0x87) {
            return tagged(0x01, s, 2, 20);
        }
        if (s.length == 35 && s[0] == 33 && (s[34] & 0xff) == 0xac && (s[1] == 0x02 || s[1] == 0x03)) {
            return tagged(s[1], s, 2, 32);
        }
        if (s.length == 67 && s[0] == 65 && (s[66] & 0xff) == 0xac && s[1] == 0x04) {
            // Only a key on the curve can be rebuilt from X and parity (Core: CPubKey::IsFullyValid).
            byte[] key = java.util.Arrays.copyOfRange(s, 1, 66);
            if (decodePoint(key) == null) return null;
            return tagged(0x04 | (s[65] & 1), s, 2, 32);
        }
        return null;
    }

    private static byte[] tagged(int tag, byte[] s, int from, int length) {
        byte[] out = new byte[1 + length];
        out[0] = (byte) tag;
        System.arraycopy(s, from, out, 1, length);
        return out;
    }

    private static ECPoint decodePoint(byte[] encoded) {
        try {
            ECPoint p = CURVE.getCurve().decodePoint(encoded);
            return p.isValid() ? p : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Core's {@code ScriptCompression} serializer. */
    public static void writeScript(WireWriter w, Bytes script) {
        byte[] compressed = compressScript(script);
        if (compressed != null) {
            w.writeBytes(compressed);
            return;
        }
        writeVarInt(w, script.length() + (long) SPECIAL_SCRIPTS);
        w.writeBytes(script);
    }

    /**
     * Core's {@code ScriptCompression} deserializer. A stored script longer than MAX_SCRIPT_SIZE is skipped and read
     * as a lone OP_RETURN, as Core does, so an unspendable output never takes memory.
     *
     * @throws ProtocolException for truncated input or an uncompressed key tag whose X is not on the curve
     */
    public static Bytes readScript(WireReader r) throws ProtocolException {
        long size = readVarInt(r, 32);
        if (size < SPECIAL_SCRIPTS) {
            int tag = (int) size;
            switch (tag) {
                case 0x00: {
                    byte[] h = r.readByteArray(20);
                    byte[] s = new byte[25];
                    s[0] = 0x76;
                    s[1] = (byte) 0xa9;
                    s[2] = 20;
                    System.arraycopy(h, 0, s, 3, 20);
                    s[23] = (byte) 0x88;
                    s[24] = (byte) 0xac;
                    return Bytes.wrap(s);
                }
                case 0x01: {
                    byte[] h = r.readByteArray(20);
                    byte[] s = new byte[23];
                    s[0] = (byte) 0xa9;
                    s[1] = 20;
                    System.arraycopy(h, 0, s, 2, 20);
                    s[22] = (byte) 0x87;
                    return Bytes.wrap(s);
                }
                case 0x02, 0x03: {
                    byte[] x = r.readByteArray(32);
                    byte[] s = new byte[35];
                    s[0] = 33;
                    s[1] = (byte) tag;
                    System.arraycopy(x, 0, s, 2, 32);
                    s[34] = (byte) 0xac;
                    return Bytes.wrap(s);
                }
                default: {
                    byte[] x = r.readByteArray(32);
                    byte[] compressedKey = new byte[33];
                    compressedKey[0] = (byte) (tag - 2);
                    System.arraycopy(x, 0, compressedKey, 1, 32);
                    ECPoint p = decodePoint(compressedKey);
                    if (p == null) {
                        throw new ProtocolException(ProtocolError.MALFORMED, "compressed public key not on the curve");
                    }
                    byte[] full = p.getEncoded(false);
                    byte[] s = new byte[67];
                    s[0] = 65;
                    System.arraycopy(full, 0, s, 1, 65);
                    s[66] = (byte) 0xac;
                    return Bytes.wrap(s);
                }
            }
        }
        long length = size - SPECIAL_SCRIPTS;
        if (length > Script.MAX_SCRIPT_SIZE) {
            if (length > r.remaining()) throw new ProtocolException(ProtocolError.TRUNCATED, "script longer than data");
            r.skip((int) length);
            return Bytes.wrap(new byte[]{(byte) Opcodes.OP_RETURN});
        }
        return r.readBytes((int) length);
    }

    // ---------------------------------------------------------------- outputs and coins

    /** Core's {@code TxOutCompression}. */
    public static void writeTxOut(WireWriter w, TxOut out) {
        writeVarInt(w, compressAmount(out.value()));
        writeScript(w, out.scriptPubKey());
    }

    public static TxOut readTxOut(WireReader r) throws ProtocolException {
        long value = decompressAmount(readVarInt(r, 64));
        return new TxOut(value, readScript(r));
    }

    /** A coin as Core's chainstate stores it: {@code VARINT(height·2 + coinbase)}, then the compressed output. */
    public static void writeCoin(WireWriter w, Coin coin) {
        writeVarInt(w, coin.height() * 2L + (coin.coinbase() ? 1 : 0));
        writeTxOut(w, coin.out());
    }

    public static Coin readCoin(WireReader r) throws ProtocolException {
        long code = readVarInt(r, 32);
        return new Coin(readTxOut(r), (int) (code >>> 1), (code & 1) != 0);
    }

    public static byte[] serializeCoin(Coin coin) {
        WireWriter w = new WireWriter(40);
        writeCoin(w, coin);
        return w.toByteArray();
    }
}
