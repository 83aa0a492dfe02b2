package io.mooring.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Core's {@code FastRandomContext} (random.h): a ChaCha20 keystream keyed once from the operating system's strong
 * source, for the many small random choices of the protocol logic (address manager buckets and selection, Poisson
 * timers, peer choices). Unpredictable to peers like a {@link SecureRandom}, but without its per-call cost and the
 * JDK-wide lock of {@code NativePRNG}: with several nodes in one process, address-manager selection through a shared
 * {@code SecureRandom} saturated the CPU (every {@code nextInt} took the same global lock).
 *
 * <p>Not thread-safe: each node loop owns its own instance, as Core's message handler owns its context.
 */
public final class FastRandomContext implements RandomGenerator {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BUFFER_BYTES = 4096;
    /** Rekey from the stream well before ChaCha20's 32-bit block counter runs out (2^32 blocks = 256 GiB). */
    static final long REKEY_AFTER_REFILLS = (1L << 30) / BUFFER_BYTES;

    private final byte[] zeros = new byte[BUFFER_BYTES];
    private final byte[] stream = new byte[BUFFER_BYTES];
    private Cipher cipher;
    private int position = BUFFER_BYTES;
    private long refills;
    private long rekeys;
    private final long rekeyAfterRefills;

    /** A context keyed from the operating system's strong random source. */
    public FastRandomContext() {
        this(strongKey());
    }

    /** A context with the given 32-byte key: the same key gives the same sequence (for deterministic tests). */
    public FastRandomContext(byte[] key) {
        this(key, REKEY_AFTER_REFILLS);
    }

    FastRandomContext(byte[] key, long rekeyAfterRefills) {
        this.rekeyAfterRefills = rekeyAfterRefills;
        if (key.length != 32) {
            throw new IllegalArgumentException("ChaCha20 key must be 32 bytes, got " + key.length);
        }
        rekey(key.clone());
    }

    /** A deterministic context from a small seed, for tests and simulations. */
    public static FastRandomContext deterministic(long seed) {
        byte[] key = new byte[32];
        LONGS.set(key, 0, seed);
        return new FastRandomContext(key);
    }

    private static byte[] strongKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private void rekey(byte[] key) {
        try {
            Cipher c = Cipher.getInstance("ChaCha20");
            byte[] nonce = new byte[12];
            LONGS.set(nonce, 0, rekeys++); // a fresh key each time; the nonce only keeps the pairs distinct
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, 0));
            cipher = c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 is a required JDK cipher", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        refills = 0;
        position = BUFFER_BYTES;
    }

    private void refill() {
        if (refills == rekeyAfterRefills) {
            fill();
            rekey(Arrays.copyOf(stream, 32));
        }
        fill();
        refills++;
        position = 0;
    }

    private void fill() {
        try {
            int n = cipher.update(zeros, 0, BUFFER_BYTES, stream, 0);
            if (n != BUFFER_BYTES) {
                throw new IllegalStateException("ChaCha20 returned " + n + " bytes");
            }
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long nextLong() {
        if (position > BUFFER_BYTES - 8) {
            refill();
        }
        long v = (long) LONGS.get(stream, position);
        position += 8;
        return v;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        int done = 0;
        while (done < bytes.length) {
            if (position == BUFFER_BYTES) {
                refill();
            }
            int n = Math.min(bytes.length - done, BUFFER_BYTES - position);
            System.arraycopy(stream, position, bytes, done, n);
            position += n;
            done += n;
        }
    }
}
