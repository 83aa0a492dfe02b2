package io.mooring.crypto;

import static io.mooring.crypto.Secp256k1.add;
import static io.mooring.crypto.Secp256k1.div;
import static io.mooring.crypto.Secp256k1.mod;
import static io.mooring.crypto.Secp256k1.mul;
import static io.mooring.crypto.Secp256k1.neg;
import static io.mooring.crypto.Secp256k1.sub;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ElligatorSwift (BIP324, libsecp256k1's ellswift module): a public key as 64 bytes {@code u || t} that are
 * indistinguishable from random, decoded with the XSwiftEC map, plus BIP324's x-only ECDH over such keys.
 *
 * <p>{@link #decode} and {@link #xswiftecInv} follow the BIP's reference functions {@code xswiftec} and
 * {@code xswiftec_inv} step by step (they are checked against every row of the BIP's vectors); {@link #encode} is
 * {@code xelligatorswift} with its random choices drawn from caller-provided entropy, as
 * {@code secp256k1_ellswift_create} takes 32 bytes of auxiliary randomness.
 */
public final class EllSwift {
    /** The size of an encoded public key. */
    public static final int ENCODED_SIZE = 64;
    /** BIP324's tag for the hash of the shared secret ({@code secp256k1_ellswift_xdh_hash_function_bip324}). */
    public static final String BIP324_ECDH_TAG = "bip324_ellswift_xonly_ecdh";

    /** √−3 (mod p), the root the BIP's reference code computes as {@code (−3)^((p+1)/4)}. */
    private static final BigInteger MINUS_3_SQRT = Secp256k1.sqrt(Secp256k1.mod(BigInteger.valueOf(-3))).orElseThrow();
    private static final BigInteger TWO = BigInteger.TWO;
    private static final BigInteger FOUR = BigInteger.valueOf(4);
    private static final BigInteger SEVEN = BigInteger.valueOf(7);
    private static final BigInteger INV_2 = TWO.modInverse(Secp256k1.P);
    private static final String ENCODE_TAG = "mooring/ellswift_encode";

    private EllSwift() {
    }

    /** XSwiftEC: the x coordinate of the curve point that field elements (u, t) stand for. Total on all inputs. */
    public static BigInteger xswiftec(BigInteger u, BigInteger t) {
        u = mod(u);
        t = mod(t);
        // The original SwiftEC map is undefined for u = 0, t = 0 and u³ + t² + 7 = 0; BIP324 remaps those inputs.
        if (u.signum() == 0) u = BigInteger.ONE;
        if (t.signum() == 0) t = BigInteger.ONE;
        BigInteger u3Plus7 = add(mul(mul(u, u), u), SEVEN);
        if (add(u3Plus7, mul(t, t)).signum() == 0) t = mul(TWO, t);
        BigInteger bigX = div(sub(u3Plus7, mul(t, t)), mul(TWO, t));
        BigInteger bigY = div(add(bigX, t), mul(MINUS_3_SQRT, u));
        BigInteger x1 = add(u, mul(FOUR, mul(bigY, bigY)));
        if (Secp256k1.isValidX(x1)) return x1;
        BigInteger xOverY = div(bigX, bigY);
        BigInteger x2 = mul(sub(neg(xOverY), u), INV_2);
        if (Secp256k1.isValidX(x2)) return x2;
        BigInteger x3 = mul(sub(xOverY, u), INV_2);
        if (Secp256k1.isValidX(x3)) return x3;
        // The map's theory guarantees one of the three is on the curve.
        throw new AssertionError("xswiftec found no curve point");
    }

    /** The x coordinate of a 64-byte encoding (u and t are read big-endian, then reduced mod p). */
    public static BigInteger decodeX(byte[] encoding) {
        checkSize(encoding);
        return xswiftec(new BigInteger(1, Arrays.copyOfRange(encoding, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(encoding, 32, 64)));
    }

    /** The full point of a 64-byte encoding: its y has the parity of t (libsecp256k1's ellswift_decode). */
    public static ECPoint decode(byte[] encoding) {
        BigInteger t = mod(new BigInteger(1, Arrays.copyOfRange(encoding, 32, 64)));
        return Secp256k1.liftX(decodeX(encoding), t.testBit(0));
    }

    /**
     * The BIP's {@code xswiftec_inv(x, u, case)}: a t with {@code xswiftec(u, t) == x}, or empty. The eight cases
     * select among the (up to eight) preimages; x must be a valid x coordinate.
     */
    public static Optional<BigInteger> xswiftecInv(BigInteger x, BigInteger u, int branch) {
        x = mod(x);
        u = mod(u);
        BigInteger v;
        BigInteger s;
        BigInteger u2 = mul(u, u);
        BigInteger u3Plus7 = add(mul(u2, u), SEVEN);
        if ((branch & 2) == 0) {
            // x would be x1 or x2 of the forward map; that needs −x−u not to be a valid x, or x3 would win.
            if (Secp256k1.isValidX(sub(neg(x), u))) return Optional.empty();
            v = x;
            BigInteger denominator = add(add(u2, mul(u, v)), mul(v, v));
            if (denominator.signum() == 0) return Optional.empty();
            s = div(neg(u3Plus7), denominator);
        } else {
            s = sub(x, u);
            if (s.signum() == 0) return Optional.empty();
            BigInteger inner = mul(neg(s), add(mul(FOUR, u3Plus7), mul(mul(BigInteger.valueOf(3), s), u2)));
            Optional<BigInteger> r = Secp256k1.sqrt(inner);
            if (r.isEmpty()) return Optional.empty();
            if ((branch & 1) != 0 && r.get().signum() == 0) return Optional.empty();
            v = mul(add(neg(u), div(r.get(), s)), INV_2);
        }
        Optional<BigInteger> w = Secp256k1.sqrt(s);
        if (w.isEmpty()) return Optional.empty();
        BigInteger minus = mul(mul(u, sub(BigInteger.ONE, MINUS_3_SQRT)), INV_2); // u(1 − √−3)/2
        BigInteger plus = mul(mul(u, add(BigInteger.ONE, MINUS_3_SQRT)), INV_2); // u(1 + √−3)/2
        BigInteger wv = w.get();
        return Optional.of(switch (branch & 5) {
            case 0 -> neg(mul(wv, add(minus, v)));
            case 1 -> mul(wv, add(plus, v));
            case 4 -> mul(wv, add(minus, v));
            case 5 -> neg(mul(wv, add(plus, v)));
            default -> throw new AssertionError(branch);
        });
    }

    /**
     * Encodes {@code point} as 64 bytes (xelligatorswift): random u and case until xswiftec_inv gives a t, then t is
     * negated if needed so that its parity is y's. The random choices come from SHA-256 over {@code entropy32}, the
     * point and a counter, so the same entropy gives the same encoding and different entropy a fresh-looking one.
     */
    public static byte[] encode(ECPoint point, byte[] entropy32) {
        if (entropy32.length != 32) throw new IllegalArgumentException("entropy must be 32 bytes");
        ECPoint p = point.normalize();
        BigInteger x = p.getAffineXCoord().toBigInteger();
        boolean oddY = p.getAffineYCoord().toBigInteger().testBit(0);
        byte[] xBytes = Secp256k1.toBytes32(x);
        MessageDigest sha = sha256();
        byte[] tag = sha.digest(ENCODE_TAG.getBytes(StandardCharsets.US_ASCII));
        for (int counter = 0; ; counter++) {
            sha.update(tag);
            sha.update(tag);
            sha.update(entropy32);
            sha.update(xBytes);
            sha.update(new byte[] {(byte) counter, (byte) (counter >>> 8), (byte) (counter >>> 16), (byte) (counter >>> 24)});
            byte[] h = sha.digest();
            BigInteger u = mod(new BigInteger(1, h));
            if (u.signum() == 0) continue;
            int branch = sha.digest(h)[0] & 7;
            Optional<BigInteger> found = xswiftecInv(x, u, branch);
            if (found.isEmpty()) continue;
            BigInteger t = found.get();
            if (t.testBit(0) != oddY) t = neg(t);
            if (!xswiftec(u, t).equals(x)) continue; // cannot happen for a correct inverse; never emit a wrong key
            byte[] out = new byte[ENCODED_SIZE];
            System.arraycopy(Secp256k1.toBytes32(u), 0, out, 0, 32);
            System.arraycopy(Secp256k1.toBytes32(t), 0, out, 32, 32);
            return out;
        }
    }

    /** The ElligatorSwift public key of a private key (Core's {@code CKey::EllSwiftCreate}). */
    public static byte[] create(byte[] privateKey, byte[] entropy32) {
        return encode(Secp256k1.publicPoint(privateKey), entropy32);
    }

    /**
     * BIP324's ECDH (Core's {@code CKey::ComputeBIP324ECDHSecret}, libsecp256k1's {@code secp256k1_ellswift_xdh} with
     * the BIP324 hash): the tagged hash {@value #BIP324_ECDH_TAG} of the initiator's encoding, the responder's
     * encoding and the 32-byte x coordinate of our private key times their point.
     */
    public static byte[] bip324Ecdh(byte[] privateKey, byte[] ourEncoding, byte[] theirEncoding, boolean initiating) {
        checkSize(ourEncoding);
        checkSize(theirEncoding);
        byte[] sharedX = Secp256k1.multiplyX(decode(theirEncoding), privateKey);
        byte[] initiator = initiating ? ourEncoding : theirEncoding;
        byte[] responder = initiating ? theirEncoding : ourEncoding;
        return taggedHash(BIP324_ECDH_TAG, initiator, responder, sharedX);
    }

    /** The x coordinate shared with the owner of {@code theirEncoding} (before hashing), as 32 bytes. */
    public static byte[] sharedX(byte[] privateKey, byte[] theirEncoding) {
        checkSize(theirEncoding);
        return Secp256k1.multiplyX(decode(theirEncoding), privateKey);
    }

    /** BIP340's tagged hash: SHA256(SHA256(tag) || SHA256(tag) || parts...). */
    public static byte[] taggedHash(String tag, byte[]... parts) {
        MessageDigest sha = sha256();
        byte[] tagHash = sha.digest(tag.getBytes(StandardCharsets.US_ASCII));
        sha.update(tagHash);
        sha.update(tagHash);
        for (byte[] part : parts) sha.update(part);
        return sha.digest();
    }

    private static void checkSize(byte[] encoding) {
        if (encoding.length != ENCODED_SIZE) {
            throw new IllegalArgumentException("ElligatorSwift encoding must be 64 bytes, got " + encoding.length);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
