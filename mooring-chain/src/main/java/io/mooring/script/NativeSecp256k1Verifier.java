package io.mooring.script;

import fr.acinq.secp256k1.Secp256k1;

import java.util.Arrays;

/**
 * Curve operations in libsecp256k1, the library Bitcoin Core itself uses, through ACINQ's JNI binding (which ships
 * the native library inside its jar). Obtain it with {@link #load()}; the binding's calls are thread-safe.
 */
public final class NativeSecp256k1Verifier implements SignatureVerifier {
    private final Secp256k1 secp;

    private NativeSecp256k1Verifier(Secp256k1 secp) {
        this.secp = secp;
    }

    /**
     * Loads the native library and checks it on one BIP340 vector.
     *
     * @throws IllegalStateException if the library cannot be loaded on this platform
     */
    public static NativeSecp256k1Verifier load() {
        try {
            NativeSecp256k1Verifier v = new NativeSecp256k1Verifier(Secp256k1.Companion.get());
            if (!v.selfTest()) throw new IllegalStateException("libsecp256k1 failed its self-test");
            return v;
        } catch (LinkageError | RuntimeException e) {
            throw new IllegalStateException("libsecp256k1 (JNI) is not available: " + e, e);
        }
    }

    private boolean selfTest() {
        // BIP340 test vector 0.
        byte[] pub = java.util.HexFormat.of().parseHex(
                "F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9");
        byte[] sig = java.util.HexFormat.of().parseHex("E907831F80848D1069A5371B402410364BDF1C5F8307B0084C55F1CE2D"
                + "CA821525F66A4A85EA8B71E482A74F382D2CE5EBEEE8FDB2172F477DF4900D310536C0");
        return verifySchnorr(new byte[32], sig, pub);
    }

    @Override
    public boolean verifyEcdsa(byte[] message32, byte[] signature, byte[] publicKey) {
        if (signature.length != 64 || message32.length != 32) return false;
        try {
            return secp.verify(signature, message32, publicKey);
        } catch (RuntimeException e) {
            // The binding throws for keys it cannot parse; for Core that is a failed verification.
            return false;
        }
    }

    @Override
    public boolean verifySchnorr(byte[] message, byte[] signature64, byte[] xOnlyPublicKey) {
        if (signature64.length != 64 || xOnlyPublicKey.length != 32) return false;
        if (message.length != 32) {
            // The binding only takes 32-byte messages (all Bitcoin uses); BIP340 allows any length.
            return BouncyCastleVerifier.INSTANCE.verifySchnorr(message, signature64, xOnlyPublicKey);
        }
        try {
            return secp.verifySchnorr(signature64, message, xOnlyPublicKey);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean checkTapTweak(byte[] outputKey32, byte[] internalKey32, byte[] tweak32, boolean outputKeyOddY) {
        if (outputKey32.length != 32 || internalKey32.length != 32 || tweak32.length != 32) return false;
        byte[] internal = new byte[33];
        internal[0] = 0x02; // lift_x: the even-y point
        System.arraycopy(internalKey32, 0, internal, 1, 32);
        byte[] q;
        try {
            q = secp.pubKeyTweakAdd(internal, tweak32);
        } catch (RuntimeException e) {
            // Not on the curve, tweak overflow, or infinity.
            return false;
        }
        boolean oddY;
        if (q.length == 65) {
            oddY = (q[64] & 1) != 0;
        } else if (q.length == 33) {
            oddY = q[0] == 0x03;
        } else {
            return false;
        }
        return oddY == outputKeyOddY && Arrays.equals(q, 1, 33, outputKey32, 0, 32);
    }

    @Override
    public String name() {
        return "libsecp256k1";
    }
}
