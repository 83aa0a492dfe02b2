package io.mooring.script;

/**
 * The curve operations script validation needs, behind one small interface so the libsecp256k1 binding and the
 * pure-Java fallback are interchangeable and cross-checked by the same vectors. Inputs are already in the canonical
 * forms below; the encoding rules (lax DER, hybrid keys, low S) are the caller's ({@link EcdsaSignatures}). No method
 * throws for bad input: an invalid key or signature is {@code false}.
 */
public sealed interface SignatureVerifier permits NativeSecp256k1Verifier, BouncyCastleVerifier {
    /**
     * ECDSA: {@code signature} is r || s, 32 bytes each, with s already at most n/2 (libsecp256k1 only accepts
     * lower-S, so Core normalises first); {@code publicKey} is a 33-byte compressed or 65-byte uncompressed (0x04)
     * encoding; {@code message32} the 32-byte hash signed.
     */
    boolean verifyEcdsa(byte[] message32, byte[] signature, byte[] publicKey);

    /** BIP340 Schnorr: 64-byte signature, 32-byte x-only key, message of any length (32 bytes in Bitcoin). */
    boolean verifySchnorr(byte[] message, byte[] signature64, byte[] xOnlyPublicKey);

    /**
     * BIP341's commitment check (Core's {@code XOnlyPubKey::CheckTapTweak}): whether {@code outputKey} is the x
     * coordinate of lift_x(internalKey) + tweak·G and that point's y has parity {@code outputKeyOddY}. False if the
     * internal key is not on the curve, the tweak is not below the curve order or the sum is the point at infinity.
     */
    boolean checkTapTweak(byte[] outputKey32, byte[] internalKey32, byte[] tweak32, boolean outputKeyOddY);

    /** A short name for diagnostics and benchmarks. */
    String name();
}
