package io.mooring.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * secp256k1 (y² = x³ + 7 over GF(p)): the field arithmetic ElligatorSwift needs, written on {@link BigInteger} as the
 * BIP324 reference code writes it, and point multiplication through Bouncy Castle's constant-time curve. Field
 * elements are always reduced to {@code [0, p)}.
 */
public final class Secp256k1 {
    /** The field size p = 2²⁵⁶ − 2³² − 977. */
    public static final BigInteger P = new BigInteger(
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 16);
    /** The group order n. */
    public static final BigInteger N = new BigInteger(
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    private static final BigInteger SEVEN = BigInteger.valueOf(7);
    /** (p + 1) / 4: p ≡ 3 (mod 4), so a square root of a square a is a^((p+1)/4). */
    private static final BigInteger SQRT_EXPONENT = P.add(BigInteger.ONE).shiftRight(2);

    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    private static final ECCurve CURVE = PARAMS.getCurve();
    private static final ECPoint G = PARAMS.getG();

    private Secp256k1() {
    }

    static BigInteger mod(BigInteger a) {
        return a.mod(P);
    }

    static BigInteger add(BigInteger a, BigInteger b) {
        return a.add(b).mod(P);
    }

    static BigInteger sub(BigInteger a, BigInteger b) {
        return a.subtract(b).mod(P);
    }

    static BigInteger mul(BigInteger a, BigInteger b) {
        return a.multiply(b).mod(P);
    }

    static BigInteger neg(BigInteger a) {
        return a.signum() == 0 ? a : P.subtract(a);
    }

    /** a / b; b must not be 0. */
    static BigInteger div(BigInteger a, BigInteger b) {
        return mul(a, b.modInverse(P));
    }

    /** A square root of {@code a}, or empty if {@code a} is not a square (0 is its own root). */
    static Optional<BigInteger> sqrt(BigInteger a) {
        BigInteger r = a.modPow(SQRT_EXPONENT, P);
        return mul(r, r).equals(mod(a)) ? Optional.of(r) : Optional.empty();
    }

    static boolean isSquare(BigInteger a) {
        return sqrt(a).isPresent();
    }

    /** x³ + 7, the right side of the curve equation. */
    static BigInteger curveRhs(BigInteger x) {
        return add(mul(mul(x, x), x), SEVEN);
    }

    /** Whether some point on the curve has this x coordinate (BIP324's {@code GE.is_valid_x}). */
    public static boolean isValidX(BigInteger x) {
        return isSquare(curveRhs(x));
    }

    /** The curve point with x coordinate {@code x} and a y of the given parity; {@code x} must be valid. */
    public static ECPoint liftX(BigInteger x, boolean oddY) {
        BigInteger y = sqrt(curveRhs(x)).orElseThrow(() -> new IllegalArgumentException("x not on the curve"));
        if (y.testBit(0) != oddY) {
            y = neg(y);
        }
        return CURVE.createPoint(x, y);
    }

    /** Whether {@code key} (32 bytes, big-endian) is a valid private key: 1 ≤ key < n. */
    public static boolean isValidPrivateKey(byte[] key) {
        if (key.length != 32) return false;
        BigInteger k = new BigInteger(1, key);
        return k.signum() > 0 && k.compareTo(N) < 0;
    }

    /** k·G for a valid private key, normalised to affine coordinates. */
    public static ECPoint publicPoint(byte[] privateKey) {
        return new FixedPointCombMultiplier().multiply(G, scalar(privateKey)).normalize();
    }

    /** The x coordinate of k·point as 32 big-endian bytes (the point must be on the curve and not infinity). */
    public static byte[] multiplyX(ECPoint point, byte[] privateKey) {
        ECPoint r = point.multiply(scalar(privateKey)).normalize();
        if (r.isInfinity()) throw new IllegalStateException("ECDH result at infinity");
        return r.getAffineXCoord().getEncoded();
    }

    private static BigInteger scalar(byte[] privateKey) {
        if (!isValidPrivateKey(privateKey)) throw new IllegalArgumentException("invalid secp256k1 private key");
        return new BigInteger(1, privateKey);
    }

    /** {@code v} as 32 big-endian bytes ({@code 0 ≤ v < 2²⁵⁶}). */
    public static byte[] toBytes32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}
