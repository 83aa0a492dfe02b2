package io.mooring.wire;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 and SHA256d (Core's {@code Hash}), on the JDK's intrinsic-backed SHA-256. */
public final class Hashes {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> newDigest("SHA-256"));
    /** Per-thread 32-byte buffer for the intermediate and final digests of SHA256d (no array per hash). */
    private static final ThreadLocal<byte[]> DIGEST_SCRATCH = ThreadLocal.withInitial(() -> new byte[32]);

    private Hashes() {
    }

    /** A fresh SHA-256 digest, for callers that feed several ranges (txid over a segwit encoding). */
    public static MessageDigest sha256Digest() {
        MessageDigest md = SHA256.get();
        md.reset();
        return md;
    }

    public static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest md = sha256Digest();
        md.update(data, offset, length);
        return md.digest();
    }

    /** SHA-256 of SHA-256: block hashes, txids, message checksums. */
    public static Hash256 sha256d(byte[] data, int offset, int length) {
        MessageDigest md = sha256Digest();
        md.update(data, offset, length);
        return finishDouble(md);
    }

    public static Hash256 sha256d(byte[] data) {
        return sha256d(data, 0, data.length);
    }

    /** Completes a SHA256d whose first pass has been fed into {@code md} (which must be {@link #sha256Digest()}). */
    public static Hash256 finishDouble(MessageDigest md) {
        byte[] scratch = DIGEST_SCRATCH.get();
        try {
            md.digest(scratch, 0, 32);
            md.update(scratch, 0, 32);
            md.digest(scratch, 0, 32);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest into a 32-byte buffer", e); // cannot happen
        }
        return Hash256.fromInternal(scratch, 0);
    }

    /** The v1 envelope checksum: the first four bytes of SHA256d, as a little-endian int. */
    public static int checksum(byte[] data, int offset, int length) {
        return (int) sha256d(data, offset, length).w0();
    }

    public static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}
