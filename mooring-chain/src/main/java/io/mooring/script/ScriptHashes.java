package io.mooring.script;

import io.mooring.wire.Hashes;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash functions scripts use: the opcode hashes and BIP340's tagged hashes. */
public final class ScriptHashes {
    private ScriptHashes() {
    }

    public static byte[] sha256(byte[] data) {
        return Hashes.sha256(data);
    }

    /** SHA256(SHA256(data)) as bytes (Core's {@code CHash256}). */
    public static byte[] sha256d(byte[] data) {
        return Hashes.sha256(Hashes.sha256(data));
    }

    public static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** RIPEMD-160, which the JDK lacks; Bouncy Castle's digest. */
    public static byte[] ripemd160(byte[] data) {
        RIPEMD160Digest d = new RIPEMD160Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[20];
        d.doFinal(out, 0);
        return out;
    }

    /** RIPEMD160(SHA256(data)) (Core's {@code CHash160}). */
    public static byte[] hash160(byte[] data) {
        return ripemd160(Hashes.sha256(data));
    }

    /**
     * A SHA-256 already fed BIP340's tag prefix SHA256(tag) || SHA256(tag); each call returns a fresh digest
     * (Core's {@code TaggedHash} HashWriter).
     */
    public static MessageDigest tagged(String tag) {
        byte[] t = Hashes.sha256(tag.getBytes(StandardCharsets.UTF_8));
        MessageDigest md = newSha256();
        md.update(t);
        md.update(t);
        return md;
    }

    /**
     * A SHA-256 digest of its own: {@link Hashes#sha256Digest()} is one per thread, so a caller holding it while
     * hashing something else would reset it under itself.
     */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code hash_tag(data)} of BIP340. */
    public static byte[] tagged(String tag, byte[] data) {
        MessageDigest md = tagged(tag);
        md.update(data);
        return md.digest();
    }
}
