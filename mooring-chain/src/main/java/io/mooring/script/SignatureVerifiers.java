package io.mooring.script;

/** Chooses the process-wide default {@link SignatureVerifier}: libsecp256k1 if it loads, else Bouncy Castle. */
public final class SignatureVerifiers {
    private static final SignatureVerifier DEFAULT = choose();

    private SignatureVerifiers() {
    }

    private static SignatureVerifier choose() {
        if (Boolean.getBoolean("mooring.secp256k1.pureJava")) return BouncyCastleVerifier.INSTANCE;
        try {
            return NativeSecp256k1Verifier.load();
        } catch (IllegalStateException e) {
            return BouncyCastleVerifier.INSTANCE;
        }
    }

    /** libsecp256k1 unless it failed to load or {@code -Dmooring.secp256k1.pureJava=true}. */
    public static SignatureVerifier defaultVerifier() {
        return DEFAULT;
    }
}
