package io.mooring.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) with 32-byte outputs, as Core's {@code CHKDF_HMAC_SHA256_L32}: one extract step at
 * construction, then any number of one-block expands, each {@code HMAC(PRK, info || 0x01)}.
 */
public final class HkdfSha256 {
    private final byte[] prk;

    /** Extract: PRK = HMAC-SHA256(salt, ikm). An empty salt acts as 32 zero bytes, as HMAC pads keys with zeros. */
    public HkdfSha256(byte[] ikm, byte[] salt) {
        this.prk = hmac(salt.length == 0 ? new byte[32] : salt, ikm, new byte[0]);
    }

    /** Expand to 32 bytes: T(1) = HMAC-SHA256(PRK, info || 0x01). */
    public byte[] expand32(byte[] info) {
        return hmac(prk, info, new byte[] {1});
    }

    /** {@link #expand32(byte[])} with an ASCII label such as BIP324's {@code "initiator_L"}. */
    public byte[] expand32(String info) {
        return expand32(info.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data1, byte[] data2) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data1);
            mac.update(data2);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a required JDK algorithm", e);
        }
    }
}
