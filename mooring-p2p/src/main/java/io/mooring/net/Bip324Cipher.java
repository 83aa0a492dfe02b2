package io.mooring.net;

import io.mooring.crypto.EllSwift;
import io.mooring.crypto.FSChaCha20;
import io.mooring.crypto.FSChaCha20Poly1305;
import io.mooring.crypto.HkdfSha256;
import io.mooring.crypto.Secp256k1;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The packet cipher of BIP324's v2 transport (Core's {@code BIP324Cipher}, bip324.cpp): our ElligatorSwift key, the
 * ECDH with the peer's key, the keys derived from it, and packet encryption. A packet on the wire is the 3-byte
 * length of its contents encrypted with an {@link FSChaCha20}, then the header byte (bit 7: ignore, the packet is a
 * decoy) and the contents encrypted together by an {@link FSChaCha20Poly1305}, then the 16-byte tag: {@link #EXPANSION}
 * bytes more than the contents. Not thread-safe; one per connection.
 */
public final class Bip324Cipher {
    public static final int GARBAGE_TERMINATOR_LEN = 16;
    public static final int REKEY_INTERVAL = FSChaCha20.REKEY_INTERVAL;
    public static final int LENGTH_LEN = 3;
    public static final int HEADER_LEN = 1;
    /** Bytes a packet adds to its contents: length, header and tag. */
    public static final int EXPANSION = LENGTH_LEN + HEADER_LEN + FSChaCha20Poly1305.TAG_SIZE;
    /** The header bit that marks a decoy packet, to be dropped by the receiver. */
    public static final int IGNORE_BIT = 0x80;
    /** The HKDF salt's fixed part; the network magic follows it. */
    static final String SALT_PREFIX = "bitcoin_v2_shared_secret";

    /** A decrypted packet: its contents and whether its ignore bit was set. */
    public record Decrypted(byte[] contents, boolean ignore) {
    }

    private final int magic;
    private final byte[] ourPublicKey;
    private byte[] privateKey;
    private FSChaCha20 sendLength;
    private FSChaCha20 receiveLength;
    private FSChaCha20Poly1305 sendPacket;
    private FSChaCha20Poly1305 receivePacket;
    private byte[] sessionId;
    private byte[] sendGarbageTerminator;
    private byte[] receiveGarbageTerminator;

    /** A cipher with a known key pair (the test vectors give both); {@code magic} is read big-endian from the wire. */
    public Bip324Cipher(int magic, byte[] privateKey, byte[] ourEllSwift) {
        if (!Secp256k1.isValidPrivateKey(privateKey)) throw new IllegalArgumentException("invalid private key");
        if (ourEllSwift.length != EllSwift.ENCODED_SIZE) throw new IllegalArgumentException("public key must be 64 bytes");
        this.magic = magic;
        this.privateKey = privateKey.clone();
        this.ourPublicKey = ourEllSwift.clone();
    }

    /** A cipher whose public key is encoded from {@code privateKey} with 32 bytes of entropy (Core's constructor). */
    public static Bip324Cipher create(int magic, byte[] privateKey, byte[] entropy32) {
        return new Bip324Cipher(magic, privateKey, EllSwift.create(privateKey, entropy32));
    }

    /** Our 64-byte ElligatorSwift public key, the first thing we send. */
    public byte[] ourPublicKey() {
        return ourPublicKey.clone();
    }

    public boolean initialized() {
        return sessionId != null;
    }

    /** {@link #initialize(byte[], boolean, boolean)} for a normal connection. */
    public void initialize(byte[] theirEllSwift, boolean initiator) {
        initialize(theirEllSwift, initiator, false);
    }

    /**
     * Completes the key exchange with the peer's public key: ECDH, then HKDF-SHA256 with salt
     * {@code "bitcoin_v2_shared_secret" || magic} to the four cipher keys, the two garbage terminators and the session
     * id. {@code selfDecrypt} swaps send and receive keys so that a cipher can decrypt its own packets (tests only, as
     * in Core). The private key is wiped afterwards.
     */
    public void initialize(byte[] theirEllSwift, boolean initiator, boolean selfDecrypt) {
        if (initialized()) throw new IllegalStateException("already initialized");
        byte[] secret = EllSwift.bip324Ecdh(privateKey, ourPublicKey, theirEllSwift, initiator);
        byte[] prefix = SALT_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] salt = Arrays.copyOf(prefix, prefix.length + 4);
        for (int i = 0; i < 4; i++) salt[prefix.length + i] = (byte) (magic >>> (24 - 8 * i));
        HkdfSha256 hkdf = new HkdfSha256(secret, salt);
        boolean side = initiator != selfDecrypt;
        FSChaCha20 initiatorL = new FSChaCha20(hkdf.expand32("initiator_L"), REKEY_INTERVAL);
        FSChaCha20Poly1305 initiatorP = new FSChaCha20Poly1305(hkdf.expand32("initiator_P"), REKEY_INTERVAL);
        FSChaCha20 responderL = new FSChaCha20(hkdf.expand32("responder_L"), REKEY_INTERVAL);
        FSChaCha20Poly1305 responderP = new FSChaCha20Poly1305(hkdf.expand32("responder_P"), REKEY_INTERVAL);
        sendLength = side ? initiatorL : responderL;
        sendPacket = side ? initiatorP : responderP;
        receiveLength = side ? responderL : initiatorL;
        receivePacket = side ? responderP : initiatorP;
        // The first 16 bytes end the initiator's garbage, the last 16 the responder's (by role, not selfDecrypt).
        byte[] terminators = hkdf.expand32("garbage_terminators");
        byte[] first = Arrays.copyOfRange(terminators, 0, GARBAGE_TERMINATOR_LEN);
        byte[] last = Arrays.copyOfRange(terminators, 32 - GARBAGE_TERMINATOR_LEN, 32);
        sendGarbageTerminator = initiator ? first : last;
        receiveGarbageTerminator = initiator ? last : first;
        sessionId = hkdf.expand32("session_id");
        Arrays.fill(secret, (byte) 0);
        Arrays.fill(terminators, (byte) 0);
        Arrays.fill(privateKey, (byte) 0);
        privateKey = null;
    }

    public byte[] sessionId() {
        return requireInitialized(sessionId).clone();
    }

    public byte[] sendGarbageTerminator() {
        return requireInitialized(sendGarbageTerminator).clone();
    }

    public byte[] receiveGarbageTerminator() {
        return requireInitialized(receiveGarbageTerminator).clone();
    }

    /**
     * Encrypts {@code contents[offset .. offset + length)} into {@code out} at {@code outOffset}, which must have room
     * for {@code length + EXPANSION} bytes. {@code aad} is authenticated but not sent (BIP324 uses the garbage).
     */
    public void encrypt(byte[] contents, int offset, int length, byte[] aad, boolean ignore, byte[] out, int outOffset) {
        requireInitialized(sessionId);
        if (length < 0 || length >= 1 << 24) throw new IllegalArgumentException("contents length " + length);
        byte[] len = {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16)};
        sendLength.crypt(len, 0, LENGTH_LEN, out, outOffset);
        byte[] header = {(byte) (ignore ? IGNORE_BIT : 0)};
        sendPacket.encrypt(header, contents, offset, length, aad, out, outOffset + LENGTH_LEN);
    }

    /** {@link #encrypt(byte[], int, int, byte[], boolean, byte[], int)} into a new array. */
    public byte[] encrypt(byte[] contents, byte[] aad, boolean ignore) {
        byte[] out = new byte[contents.length + EXPANSION];
        encrypt(contents, 0, contents.length, aad, ignore, out, 0);
        return out;
    }

    /** Decrypts the 3 length bytes at {@code offset}: the contents length of the next packet (Core's DecryptLength). */
    public int decryptLength(byte[] in, int offset) {
        requireInitialized(sessionId);
        byte[] buf = new byte[LENGTH_LEN];
        receiveLength.crypt(in, offset, LENGTH_LEN, buf, 0);
        return (buf[0] & 0xff) | (buf[1] & 0xff) << 8 | (buf[2] & 0xff) << 16;
    }

    /**
     * Authenticates and decrypts a packet after its length bytes: {@code in[offset .. offset + length)} is the
     * encrypted header and contents and the tag ({@code length = contents + 17}). Empty if authentication fails.
     */
    public Optional<Decrypted> decrypt(byte[] in, int offset, int length, byte[] aad) {
        requireInitialized(sessionId);
        if (length < HEADER_LEN + FSChaCha20Poly1305.TAG_SIZE) throw new IllegalArgumentException("packet too short");
        byte[] plain = receivePacket.decrypt(in, offset, length, aad);
        if (plain == null) return Optional.empty();
        boolean ignore = (plain[0] & IGNORE_BIT) != 0;
        return Optional.of(new Decrypted(Arrays.copyOfRange(plain, HEADER_LEN, plain.length), ignore));
    }

    private static byte[] requireInitialized(byte[] field) {
        if (field == null) throw new IllegalStateException("BIP324 cipher not initialized");
        return field;
    }
}
