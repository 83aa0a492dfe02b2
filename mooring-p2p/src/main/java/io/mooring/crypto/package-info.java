/**
 * The cryptography of BIP324's v2 transport, as Core has it in {@code src/crypto/} and libsecp256k1's ellswift
 * module: secp256k1 field and point arithmetic ({@link io.mooring.crypto.Secp256k1}, points through Bouncy Castle),
 * ElligatorSwift encoding and the x-only ECDH of BIP324 ({@link io.mooring.crypto.EllSwift}), HKDF-SHA256 with a
 * 32-byte output ({@link io.mooring.crypto.HkdfSha256}), and the forward-secure ciphers that rekey every 224 messages
 * ({@link io.mooring.crypto.FSChaCha20} for packet lengths, {@link io.mooring.crypto.FSChaCha20Poly1305} for packet
 * contents, both on the JDK's ChaCha20 ciphers).
 *
 * <p>Owns: byte-exact primitives checked against the BIP324, RFC 5869 and Core test vectors. Must not touch: packets,
 * transports, peers, sockets or randomness sources (callers pass the random bytes in).
 */
package io.mooring.crypto;
