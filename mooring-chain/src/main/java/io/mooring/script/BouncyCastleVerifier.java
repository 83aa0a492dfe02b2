package io.mooring.script;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Pure-Java curve operations on Bouncy Castle's secp256k1 arithmetic: the fallback where the native library cannot
 * load. Slower than libsecp256k1 (see docs/benchmarks.md) but held to the same vectors. Stateless and thread-safe.
 */
public final class BouncyCastleVerifier implements SignatureVerifier {
    public static final BouncyCastleVerifier INSTANCE = new BouncyCastleVerifier();

    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(),
            PARAMS.getN(), PARAMS.getH());
    private static final ECCurve CURVE = PARAMS.getCurve();
    private static final BigInteger N = PARAMS.getN();
    private static final BigInteger P = CURVE.getField().getCharacteristic();

    private BouncyCastleVerifier() {
    }

    @Override
    public boolean verifyEcdsa(byte[] message32, byte[] signature, byte[] publicKey) {
        if (signature.length != 64 || message32.length != 32) return false;
        ECPoint q = decodePoint(publicKey);
        if (q == null) return false;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(N) >= 0 || s.compareTo(N) >= 0) return false;
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, new ECPublicKeyParameters(q, DOMAIN));
        return signer.verifySignature(message32, r, s);
    }

    @Override
    public boolean verifySchnorr(byte[] message, byte[] signature64, byte[] xOnlyPublicKey) {
        if (signature64.length != 64 || xOnlyPublicKey.length != 32) return false;
        ECPoint p = liftX(xOnlyPublicKey);
        if (p == null) return false;
        byte[] rBytes = Arrays.copyOfRange(signature64, 0, 32);
        BigInteger r = new BigInteger(1, rBytes);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature64, 32, 64));
        if (r.compareTo(P) >= 0 || s.compareTo(N) >= 0) return false;
        MessageDigest challenge = ScriptHashes.tagged("BIP0340/challenge");
        challenge.update(rBytes);
        challenge.update(xOnlyPublicKey);
        challenge.update(message);
        BigInteger e = new BigInteger(1, challenge.digest()).mod(N);
        // R = s·G − e·P
        ECPoint rPoint = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), s, p, N.subtract(e).mod(N)).normalize();
        if (rPoint.isInfinity()) return false;
        if (rPoint.getAffineYCoord().testBitZero()) return false;
        return rPoint.getAffineXCoord().toBigInteger().equals(r);
    }

    @Override
    public boolean checkTapTweak(byte[] outputKey32, byte[] internalKey32, byte[] tweak32, boolean outputKeyOddY) {
        if (outputKey32.length != 32 || internalKey32.length != 32 || tweak32.length != 32) return false;
        ECPoint internal = liftX(internalKey32);
        if (internal == null) return false;
        BigInteger t = new BigInteger(1, tweak32);
        if (t.compareTo(N) >= 0) return false;
        ECPoint q = DOMAIN.getG().multiply(t).add(internal).normalize();
        if (q.isInfinity()) return false;
        if (q.getAffineYCoord().testBitZero() != outputKeyOddY) return false;
        return q.getAffineXCoord().toBigInteger().equals(new BigInteger(1, outputKey32));
    }

    @Override
    public String name() {
        return "bouncycastle";
    }

    /** BIP340 lift_x: the point with this x and an even y, or null if x is not below p or not on the curve. */
    private static ECPoint liftX(byte[] x32) {
        if (new BigInteger(1, x32).compareTo(P) >= 0) return null;
        byte[] compressed = new byte[33];
        compressed[0] = 0x02;
        System.arraycopy(x32, 0, compressed, 1, 32);
        return decodePoint(compressed);
    }

    /** A 02/03/04 encoding to a point on the curve, or null. */
    private static ECPoint decodePoint(byte[] encoded) {
        try {
            ECPoint q = CURVE.decodePoint(encoded);
            return q.isInfinity() || !q.isValid() ? null : q;
        } catch (IllegalArgumentException | ArithmeticException e) {
            // Bouncy Castle's way of saying "not a point": a bad prefix, length, or x with no square root.
            return null;
        }
    }
}
