package io.mooring.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Forward-secure ChaCha20 (BIP324, Core's {@code FSChaCha20}), which encrypts v2 packet lengths: one ChaCha20
 * keystream across calls, and after every {@code rekeyInterval} calls ("chunks") the next 32 keystream bytes become
 * the new key, with nonce {@code {0, rekey counter}} (four zero bytes, then the counter as 64-bit little-endian) and
 * the block counter back at 0. Encryption and decryption are the same XOR. Not thread-safe.
 */
public final class FSChaCha20 {
    /** BIP324's rekey interval, shared with {@link FSChaCha20Poly1305}. */
    public static final int REKEY_INTERVAL = 224;

    private final int rekeyInterval;
    private Cipher cipher;
    private int chunkCounter;
    private long rekeyCounter;

    public FSChaCha20(byte[] key, int rekeyInterval) {
        if (key.length != 32) throw new IllegalArgumentException("key must be 32 bytes");
        if (rekeyInterval <= 0) throw new IllegalArgumentException("rekey interval must be positive");
        this.rekeyInterval = rekeyInterval;
        start(key.clone());
    }

    /** XORs {@code length} bytes of {@code in} with the keystream into {@code out} (may be the same array). */
    public void crypt(byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        try {
            cipher.update(in, inOffset, length, out, outOffset);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output too short", e);
        }
        if (++chunkCounter == rekeyInterval) {
            byte[] newKey = cipher.update(new byte[32]);
            rekeyCounter++;
            start(newKey);
            chunkCounter = 0;
        }
    }

    /** {@link #crypt(byte[], int, int, byte[], int)} into a new array. */
    public byte[] crypt(byte[] in) {
        byte[] out = new byte[in.length];
        crypt(in, 0, in.length, out, 0);
        return out;
    }

    private void start(byte[] key) {
        cipher = ChaCha.stream(key, ChaCha.nonce(0, rekeyCounter), 0);
        Arrays.fill(key, (byte) 0);
    }

    /** The JDK ChaCha20 plumbing shared with {@link FSChaCha20Poly1305}. */
    static final class ChaCha {
        private ChaCha() {
        }

        /** Core's {@code Nonce96 {first, second}}: first as 32-bit and second as 64-bit little-endian. */
        static byte[] nonce(int first, long second) {
            byte[] n = new byte[12];
            for (int i = 0; i < 4; i++) n[i] = (byte) (first >>> (8 * i));
            for (int i = 0; i < 8; i++) n[4 + i] = (byte) (second >>> (8 * i));
            return n;
        }

        /** A ChaCha20 keystream cipher at the given nonce and block counter. */
        static Cipher stream(byte[] key, byte[] nonce, int blockCounter) {
            try {
                Cipher c = Cipher.getInstance("ChaCha20");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"),
                        new ChaCha20ParameterSpec(nonce, blockCounter));
                return c;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20 is a required JDK cipher", e);
            }
        }
    }
}
