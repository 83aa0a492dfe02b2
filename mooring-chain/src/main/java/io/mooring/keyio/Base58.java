package io.mooring.keyio;

import io.mooring.wire.Hashes;
import java.util.Arrays;
import java.util.Optional;

/**
 * Base58 and Base58Check as Core's {@code base58.cpp}: leading '1's are leading zero bytes, leading and trailing
 * white space is skipped on decode, and a decode gives up as soon as the result would exceed {@code maxLength} bytes
 * (Core's {@code max_ret_len}, which bounds the work an attacker-chosen string can cause).
 */
public final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int[] INDEX = new int[128];

    static {
        Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            INDEX[ALPHABET.charAt(i)] = i;
        }
    }

    private Base58() {
    }

    /** Core's {@code EncodeBase58}. */
    public static String encode(byte[] data) {
        int zeroes = 0;
        while (zeroes < data.length && data[zeroes] == 0) zeroes++;
        // log(256) / log(58), rounded up: the base58 digits of the rest, least significant last.
        int size = (data.length - zeroes) * 138 / 100 + 1;
        byte[] b58 = new byte[size];
        int length = 0;
        for (int k = zeroes; k < data.length; k++) {
            int carry = data[k] & 0xff;
            int i = 0;
            for (int j = size - 1; (carry != 0 || i < length) && j >= 0; j--, i++) {
                carry += 256 * (b58[j] & 0xff);
                b58[j] = (byte) (carry % 58);
                carry /= 58;
            }
            length = i;
        }
        StringBuilder sb = new StringBuilder(zeroes + length);
        sb.repeat('1', zeroes);
        for (int j = size - length; j < size; j++) {
            sb.append(ALPHABET.charAt(b58[j]));
        }
        return sb.toString();
    }

    /** Core's {@code EncodeBase58Check}: the data followed by the first four bytes of its SHA256d. */
    public static String encodeCheck(byte[] data) {
        byte[] withSum = Arrays.copyOf(data, data.length + 4);
        byte[] hash = Hashes.sha256d(data).toInternalBytes();
        System.arraycopy(hash, 0, withSum, data.length, 4);
        return encode(withSum);
    }

    /** Core's {@code DecodeBase58(str, vch, max_ret_len)}; empty for anything but base58 (plus surrounding spaces). */
    public static Optional<byte[]> decode(String s, int maxLength) {
        if (s.indexOf('\0') >= 0) return Optional.empty();
        int p = 0;
        int n = s.length();
        while (p < n && isSpace(s.charAt(p))) p++;
        int zeroes = 0;
        while (p < n && s.charAt(p) == '1') {
            if (++zeroes > maxLength) return Optional.empty();
            p++;
        }
        // log(58) / log(256), rounded up.
        int size = (n - p) * 733 / 1000 + 1;
        byte[] b256 = new byte[size];
        int length = 0;
        while (p < n && !isSpace(s.charAt(p))) {
            char c = s.charAt(p);
            int carry = c < 128 ? INDEX[c] : -1;
            if (carry < 0) return Optional.empty();
            int i = 0;
            for (int j = size - 1; (carry != 0 || i < length) && j >= 0; j--, i++) {
                carry += 58 * (b256[j] & 0xff);
                b256[j] = (byte) carry;
                carry >>>= 8;
            }
            length = i;
            if (length + zeroes > maxLength) return Optional.empty();
            p++;
        }
        while (p < n && isSpace(s.charAt(p))) p++;
        if (p != n) return Optional.empty();
        byte[] out = new byte[zeroes + length];
        System.arraycopy(b256, size - length, out, zeroes, length);
        return Optional.of(out);
    }

    /**
     * Core's {@code DecodeBase58Check(str, vch, max_ret_len)}: the payload without its four checksum bytes, or empty
     * when the text is not base58, is longer than {@code maxLength} payload bytes, or the checksum does not match.
     */
    public static Optional<byte[]> decodeCheck(String s, int maxLength) {
        Optional<byte[]> raw = decode(s, maxLength > Integer.MAX_VALUE - 4 ? Integer.MAX_VALUE : maxLength + 4);
        if (raw.isEmpty() || raw.get().length < 4) return Optional.empty();
        byte[] b = raw.get();
        int payload = b.length - 4;
        byte[] hash = Hashes.sha256d(b, 0, payload).toInternalBytes();
        if (!Arrays.equals(hash, 0, 4, b, payload, b.length)) return Optional.empty();
        return Optional.of(Arrays.copyOf(b, payload));
    }

    /** Core's {@code IsSpace}: the C locale's white space. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b;
    }
}
