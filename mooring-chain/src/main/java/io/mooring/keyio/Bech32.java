package io.mooring.keyio;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bech32 (BIP173) and bech32m (BIP350) as Core's {@code bech32.cpp}: {@link #encode}, {@link #decode} (both checksum
 * constants; the result says which one matched), {@link #locateErrors} for the reason a string does not decode, and
 * Core's {@code ConvertBits} regrouping between 8-bit bytes and 5-bit values.
 */
public final class Bech32 {
    /** Core's {@code CharLimit::BECH32}: the longest string. */
    public static final int CHAR_LIMIT = 90;
    private static final int CHECKSUM_SIZE = 6;
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] CHARSET_REV = new int[128];
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    static {
        Arrays.fill(CHARSET_REV, -1);
        for (int i = 0; i < CHARSET.length(); i++) {
            CHARSET_REV[CHARSET.charAt(i)] = i;
            CHARSET_REV[Character.toUpperCase(CHARSET.charAt(i))] = i;
        }
    }

    /** The checksum variant: BIP173's constant 1 or BIP350's 0x2bc830a3. */
    public enum Encoding {
        BECH32(1),
        BECH32M(0x2bc830a3);

        private final int constant;

        Encoding(int constant) {
            this.constant = constant;
        }
    }

    /** A decoded string: the checksum variant, the lower-cased human-readable part and the 5-bit data values. */
    public record Decoded(Encoding encoding, String hrp, byte[] data) {
    }

    /** Core's {@code LocateErrors} result: a message ("" when the string is valid) and character indexes. */
    public record Errors(String message, List<Integer> locations) {
        public Errors {
            locations = List.copyOf(locations);
        }
    }

    private Bech32() {
    }

    /** One step of the BCH checksum polynomial: linear over GF(2) in {@code c}. */
    private static int step(int c) {
        int c0 = c >>> 25;
        c = (c & 0x1ffffff) << 5;
        for (int i = 0; i < 5; i++) {
            if (((c0 >>> i) & 1) != 0) c ^= GENERATOR[i];
        }
        return c;
    }

    private static int polyMod(byte[] values) {
        int c = 1;
        for (byte v : values) {
            c = step(c) ^ v;
        }
        return c;
    }

    private static byte[] expandHrpAndData(String hrp, byte[] data, int extra) {
        int n = hrp.length();
        byte[] r = new byte[2 * n + 1 + data.length + extra];
        for (int i = 0; i < n; i++) {
            char c = hrp.charAt(i);
            r[i] = (byte) (c >>> 5);
            r[n + 1 + i] = (byte) (c & 31);
        }
        System.arraycopy(data, 0, r, 2 * n + 1, data.length);
        return r;
    }

    /** Core's {@code bech32::Encode}: the HRP must be lower case; {@code values} are 5-bit values. */
    public static String encode(Encoding encoding, String hrp, byte[] values) {
        for (int i = 0; i < hrp.length(); i++) {
            char c = hrp.charAt(i);
            if (c >= 'A' && c <= 'Z') throw new IllegalArgumentException("the HRP must be lower case: " + hrp);
        }
        int mod = polyMod(expandHrpAndData(hrp, values, CHECKSUM_SIZE)) ^ encoding.constant;
        StringBuilder sb = new StringBuilder(hrp.length() + 1 + values.length + CHECKSUM_SIZE);
        sb.append(hrp).append('1');
        for (byte v : values) {
            sb.append(CHARSET.charAt(v));
        }
        for (int i = 0; i < CHECKSUM_SIZE; i++) {
            sb.append(CHARSET.charAt((mod >>> (5 * (5 - i))) & 31));
        }
        return sb.toString();
    }

    /**
     * Core's {@code bech32::Decode}: empty unless the string has valid characters, is not mixed case, has at most 90
     * characters, a separator with a non-empty HRP before it and at least six characters after it, and a checksum
     * matching one of the two constants.
     */
    public static Optional<Decoded> decode(String s) {
        if (!checkCharacters(s, new ArrayList<>())) return Optional.empty();
        int pos = s.lastIndexOf('1');
        if (s.length() > CHAR_LIMIT || pos < 1 || pos + CHECKSUM_SIZE >= s.length()) return Optional.empty();
        byte[] values = dataValues(s, pos);
        if (values == null) return Optional.empty();
        String hrp = lowerHrp(s, pos);
        int mod = polyMod(expandHrpAndData(hrp, values, 0));
        Encoding enc = mod == Encoding.BECH32.constant ? Encoding.BECH32
                : mod == Encoding.BECH32M.constant ? Encoding.BECH32M : null;
        if (enc == null) return Optional.empty();
        return Optional.of(new Decoded(enc, hrp, Arrays.copyOf(values, values.length - CHECKSUM_SIZE)));
    }

    private static byte[] dataValues(String s, int pos) {
        byte[] values = new byte[s.length() - 1 - pos];
        for (int i = 0; i < values.length; i++) {
            char c = s.charAt(pos + 1 + i);
            int rev = c < 128 ? CHARSET_REV[c] : -1;
            if (rev < 0) return null;
            values[i] = (byte) rev;
        }
        return values;
    }

    private static String lowerHrp(String s, int pos) {
        StringBuilder sb = new StringBuilder(pos);
        for (int i = 0; i < pos; i++) {
            char c = s.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }

    /** Core's {@code CheckCharacters}: printable ASCII and not mixed case; the offending indexes go to {@code errors}. */
    private static boolean checkCharacters(String s, List<Integer> errors) {
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                if (upper) errors.add(i);
                else lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                if (lower) errors.add(i);
                else upper = true;
            } else if (c < 33 || c > 126) {
                errors.add(i);
            }
        }
        return errors.isEmpty();
    }

    /**
     * Core's {@code bech32::LocateErrors}: why {@code s} is not a valid bech32 or bech32m string, with Core's messages
     * ("Bech32 string too long", "Invalid character or mixed case", "Missing separator", "Invalid separator position",
     * "Invalid Base 32 character", "Invalid Bech32 checksum" / "Invalid Bech32m checksum" when up to two substituted
     * characters explain the checksum, else "Invalid checksum"); the message is empty for a valid string.
     *
     * <p>Core finds the substitutions from the checksum's syndrome in GF(1024); this finds the same ones by the
     * linearity of the checksum: the residue of a string with substitutions is the residue of the original XOR one
     * term per substitution, so one or two substitutions are looked up among the at most 90 × 31 single terms.
     */
    public static Errors locateErrors(String s) {
        List<Integer> locations = new ArrayList<>();
        if (s.length() > CHAR_LIMIT) {
            for (int i = CHAR_LIMIT; i < s.length(); i++) locations.add(i);
            return new Errors("Bech32 string too long", locations);
        }
        if (!checkCharacters(s, locations)) return new Errors("Invalid character or mixed case", locations);
        int pos = s.lastIndexOf('1');
        if (pos < 0) return new Errors("Missing separator", List.of());
        if (pos == 0 || pos + CHECKSUM_SIZE >= s.length()) return new Errors("Invalid separator position", List.of(pos));
        for (int i = pos + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || CHARSET_REV[c] < 0) return new Errors("Invalid Base 32 character", List.of(i));
        }
        byte[] values = dataValues(s, pos);
        String hrp = lowerHrp(s, pos);
        int mod = polyMod(expandHrpAndData(hrp, values, 0));
        List<Integer> best = List.of();
        Encoding bestEncoding = null;
        for (Encoding enc : Encoding.values()) {
            int residue = mod ^ enc.constant;
            if (residue == 0) return new Errors("", List.of());
            List<Integer> found = substitutions(residue, values.length, pos + 1);
            if (best.isEmpty() || (!found.isEmpty() && found.size() < best.size())) {
                best = found;
                if (!found.isEmpty()) bestEncoding = enc;
            }
        }
        String message = bestEncoding == Encoding.BECH32M ? "Invalid Bech32m checksum"
                : bestEncoding == Encoding.BECH32 ? "Invalid Bech32 checksum" : "Invalid checksum";
        return new Errors(message, best);
    }

    /** String indexes of one or two substitutions in the data part that explain {@code residue}; empty if none. */
    private static List<Integer> substitutions(int residue, int length, int offset) {
        // term[i][e]: the checksum change when the data value at index i is XORed with e.
        int[][] term = new int[length][32];
        Map<Integer, Integer> single = new HashMap<>();
        for (int i = length - 1; i >= 0; i--) {
            for (int e = 1; e < 32; e++) {
                int t = i == length - 1 ? e : step(term[i + 1][e]);
                term[i][e] = t;
                single.put(t, i);
            }
        }
        Integer one = single.get(residue);
        if (one != null) return List.of(offset + one);
        for (int i = 0; i < length; i++) {
            for (int e = 1; e < 32; e++) {
                Integer j = single.get(residue ^ term[i][e]);
                if (j != null && j != i) {
                    return List.of(offset + Math.min(i, j), offset + Math.max(i, j));
                }
            }
        }
        return List.of();
    }

    /**
     * Core's {@code ConvertBits<from, to, pad>}: regroups the bits of {@code in} (values of {@code fromBits} bits) into
     * values of {@code toBits} bits. Without padding, leftover bits must be fewer than {@code fromBits} and zero;
     * empty when they are not or an input value is out of range.
     */
    public static Optional<byte[]> convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << toBits) - 1;
        int maxAcc = (1 << (fromBits + toBits - 1)) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * fromBits / toBits + 1);
        for (byte b : in) {
            int v = b & 0xff;
            if ((v >>> fromBits) != 0) return Optional.empty();
            acc = ((acc << fromBits) | v) & maxAcc;
            bits += fromBits;
            while (bits >= toBits) {
                bits -= toBits;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) out.write((acc << (toBits - bits)) & maxv);
        } else if (bits >= fromBits || ((acc << (toBits - bits)) & maxv) != 0) {
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }
}
