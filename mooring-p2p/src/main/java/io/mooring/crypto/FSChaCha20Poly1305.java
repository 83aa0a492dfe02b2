package io.mooring.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Forward-secure ChaCha20-Poly1305 (BIP324, Core's {@code FSChaCha20Poly1305}), which protects v2 packet contents:
 * RFC 8439 AEAD with nonce {@code {packet counter, rekey counter}} (32-bit then 64-bit little-endian, the RFC's
 * 96-bit nonce layout, so the JDK's "ChaCha20-Poly1305" computes it). After every {@code rekeyInterval} packets,
 * encrypted or decrypted (successfully or not, as in Core), the new key is the first 32 bytes of ChaCha20 keystream
 * block 1 under nonce {@code {0xffffffff, rekey counter}}; the packet counter restarts at 0 and the rekey counter
 * goes up. Not thread-safe.
 */
public final class FSChaCha20Poly1305 {
    /** The Poly1305 tag appended to every ciphertext. */
    public static final int TAG_SIZE = 16;

    private final int rekeyInterval;
    private final Cipher aead;
    private SecretKeySpec key;
    private int packetCounter;
    private long rekeyCounter;

    public FSChaCha20Poly1305(byte[] key, int rekeyInterval) {
        if (key.length != 32) throw new IllegalArgumentException("key must be 32 bytes");
        if (rekeyInterval <= 0) throw new IllegalArgumentException("rekey interval must be positive");
        this.rekeyInterval = rekeyInterval;
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            this.aead = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 is a required JDK cipher", e);
        }
    }

    /**
     * Encrypts {@code plain1 || plain2} with {@code aad} into {@code out} at {@code outOffset}: ciphertext of the same
     * length, then the 16-byte tag. BIP324 passes the header byte as plain1 and the contents as plain2.
     */
    public void encrypt(byte[] plain1, byte[] plain2, int plain2Offset, int plain2Length, byte[] aad,
            byte[] out, int outOffset) {
        try {
            aead.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(FSChaCha20.ChaCha.nonce(packetCounter, rekeyCounter)));
            if (aad.length > 0) aead.updateAAD(aad);
            int n = aead.update(plain1, 0, plain1.length, out, outOffset);
            aead.doFinal(plain2, plain2Offset, plain2Length, out, outOffset + n);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        nextPacket();
    }

    /**
     * Checks and decrypts {@code cipher[offset .. offset + length)} (ciphertext then tag) with {@code aad}; returns the
     * plaintext, or null if the tag does not match. Either way the packet counts towards the rekey interval.
     */
    public byte[] decrypt(byte[] cipher, int offset, int length, byte[] aad) {
        if (length < TAG_SIZE) throw new IllegalArgumentException("ciphertext shorter than its tag");
        try {
            aead.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(FSChaCha20.ChaCha.nonce(packetCounter, rekeyCounter)));
            if (aad.length > 0) aead.updateAAD(aad);
            return aead.doFinal(cipher, offset, length);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        } finally {
            nextPacket();
        }
    }

    private void nextPacket() {
        if (++packetCounter == rekeyInterval) {
            byte[] raw = key.getEncoded();
            Cipher block1 = FSChaCha20.ChaCha.stream(raw, FSChaCha20.ChaCha.nonce(0xffffffff, rekeyCounter), 1);
            byte[] newKey = block1.update(new byte[32]);
            key = new SecretKeySpec(newKey, "ChaCha20");
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(newKey, (byte) 0);
            packetCounter = 0;
            rekeyCounter++;
        }
    }
}
