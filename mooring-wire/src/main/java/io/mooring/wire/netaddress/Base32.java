package io.mooring.wire.netaddress;

import java.nio.charset.StandardCharsets;

/**
 * RFC 4648 base32 with the lower-case alphabet, without padding, as used in {@code .onion}, {@code .b32.i2p} and
 * {@code .internal} names. Decoding is strict: case-insensitive letters, no {@code '='}, and the unused trailing
 * bits must be zero, so every accepted string is the canonical encoding of its bytes.
 */
final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Base32() {
    }

    /** {@code encode(data) + suffix} (ASCII suffix), built in one Latin-1 array without a StringBuilder. */
    static String encode(byte[] data, String suffix) {
        int n = (data.length * 8 + 4) / 5;
        byte[] out = new byte[n + suffix.length()];
        int o = 0;
        int acc = 0;
        int bits = 0;
        for (byte b : data) {
            acc = (acc << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[o++] = (byte) ALPHABET[(acc >>> bits) & 31];
            }
        }
        if (bits > 0) {
            out[o++] = (byte) ALPHABET[(acc << (5 - bits)) & 31];
        }
        for (int i = 0; i < suffix.length(); i++) {
            out[o++] = (byte) suffix.charAt(i);
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    static String encode(byte[] data) {
        return encode(data, "");
    }

    private static int value(char c) {
        if (c >= 'a' && c <= 'z') return c - 'a';
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= '2' && c <= '7') return c - '2' + 26;
        return -1;
    }

    /** Decodes {@code text}, or returns null if it is not canonical unpadded base32. */
    static byte[] decode(CharSequence text) {
        int n = text.length();
        byte[] out = new byte[n * 5 / 8];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            int v = value(text.charAt(i));
            if (v < 0) return null;
            acc = ((acc << 5) | v) & 0xfff;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
            }
        }
        // Leftover bits: fewer than 5 and all zero, as Core's ConvertBits without padding.
        if (bits >= 5 || (acc & ((1 << bits) - 1)) != 0) return null;
        return out;
    }
}
