package io.mooring.script;

import java.security.MessageDigest;
import java.util.Arrays;

/** BIP341 tree hashing and the output key commitment (Core's {@code ComputeTapleafHash} and friends). */
public final class Taproot {
    private Taproot() {
    }

    /** TapLeaf tagged hash of leaf version || compact-size script. */
    public static byte[] leafHash(int leafVersion, byte[] script) {
        MessageDigest md = ScriptHashes.tagged("TapLeaf");
        md.update((byte) leafVersion);
        io.mooring.wire.WireWriter w = new io.mooring.wire.WireWriter(9);
        w.writeCompactSize(script.length);
        md.update(w.array(), 0, w.size());
        md.update(script);
        return md.digest();
    }

    /** TapBranch tagged hash of the two children in lexicographic order. */
    public static byte[] branchHash(byte[] a, byte[] b) {
        MessageDigest md = ScriptHashes.tagged("TapBranch");
        if (Arrays.compareUnsigned(a, b) < 0) {
            md.update(a);
            md.update(b);
        } else {
            md.update(b);
            md.update(a);
        }
        return md.digest();
    }

    /** TapTweak tagged hash of internal key || merkle root (root omitted for a key-only output). */
    public static byte[] tweak(byte[] internalKey32, byte[] merkleRootOrNull) {
        MessageDigest md = ScriptHashes.tagged("TapTweak");
        md.update(internalKey32);
        if (merkleRootOrNull != null) md.update(merkleRootOrNull);
        return md.digest();
    }

    /** The merkle root a control block's path gives for a leaf. */
    static byte[] merkleRoot(byte[] control, byte[] leafHash) {
        int pathLength = (control.length - 33) / 32;
        byte[] k = leafHash;
        for (int i = 0; i < pathLength; i++) {
            k = branchHash(k, Arrays.copyOfRange(control, 33 + 32 * i, 33 + 32 * (i + 1)));
        }
        return k;
    }

    /** Core's {@code VerifyTaprootCommitment}: the output key is the internal key tweaked by the path's root. */
    static boolean verifyCommitment(byte[] control, byte[] program, byte[] leafHash, SignatureVerifier verifier) {
        byte[] internal = Arrays.copyOfRange(control, 1, 33);
        byte[] root = merkleRoot(control, leafHash);
        return verifier.checkTapTweak(program, internal, tweak(internal, root), (control[0] & 1) != 0);
    }
}
