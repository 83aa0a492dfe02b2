package io.mooring.script;

/**
 * Core's {@code CScriptNum}: script integers are little-endian sign-magnitude byte strings of at most 4 bytes as
 * operands (5 for CHECKLOCKTIMEVERIFY/CHECKSEQUENCEVERIFY), while results may grow larger (an addition of two 4-byte
 * operands needs 5 bytes). Values are held in a {@code long}, which covers every result of one operation.
 */
public final class ScriptNum {
    /** Core's {@code CScriptNum::nDefaultMaxNumSize}. */
    public static final int DEFAULT_MAX_SIZE = 4;

    private ScriptNum() {
    }

    /**
     * Decodes an operand as Core's {@code CScriptNum(vch, fRequireMinimal, nMaxNumSize)}.
     *
     * @throws ScriptException SCRIPTNUM when longer than {@code maxSize} bytes, or not minimally encoded while
     *                         {@code requireMinimal} (a trailing 0x00 or 0x80 byte that the byte before it does not
     *                         need for its sign bit, including negative zero)
     */
    public static long decode(byte[] vch, boolean requireMinimal, int maxSize) throws ScriptException {
        if (vch.length > maxSize) throw new ScriptException(ScriptError.SCRIPTNUM);
        if (requireMinimal && !isMinimallyEncoded(vch)) throw new ScriptException(ScriptError.SCRIPTNUM);
        return toLong(vch);
    }

    /** {@link #decode(byte[], boolean, int)} with the default 4-byte limit. */
    public static long decode(byte[] vch, boolean requireMinimal) throws ScriptException {
        return decode(vch, requireMinimal, DEFAULT_MAX_SIZE);
    }

    /** Core's {@code CScriptNum::IsMinimallyEncoded}-style check (the rule inside the CScriptNum constructor). */
    public static boolean isMinimallyEncoded(byte[] vch) {
        int n = vch.length;
        if (n == 0) return true;
        // The most significant byte holds the sign bit; it may be 0x00/0x80 only if the byte below needs its top bit.
        if ((vch[n - 1] & 0x7f) == 0) {
            return n > 1 && (vch[n - 2] & 0x80) != 0;
        }
        return true;
    }

    /** Sign-magnitude little-endian to a value; at most 8 bytes are meaningful (callers bound the size first). */
    private static long toLong(byte[] vch) {
        if (vch.length == 0) return 0;
        long result = 0;
        for (int i = 0; i < vch.length; i++) {
            result |= (long) (vch[i] & 0xff) << (8 * i);
        }
        int last = vch.length - 1;
        if ((vch[last] & 0x80) != 0) {
            return -(result & ~(0x80L << (8 * last)));
        }
        return result;
    }

    /** Core's {@code CScriptNum::serialize}: the minimal encoding of {@code value}; zero is the empty string. */
    public static byte[] encode(long value) {
        if (value == 0) return new byte[0];
        boolean negative = value < 0;
        // Math.abs overflows only for Long.MIN_VALUE, which no script operation can produce.
        long abs = Math.abs(value);
        byte[] tmp = new byte[9];
        int n = 0;
        while (abs != 0) {
            tmp[n++] = (byte) (abs & 0xff);
            abs >>>= 8;
        }
        // If the top byte has its high bit set, a separate sign byte is needed.
        if ((tmp[n - 1] & 0x80) != 0) {
            tmp[n++] = (byte) (negative ? 0x80 : 0x00);
        } else if (negative) {
            tmp[n - 1] |= (byte) 0x80;
        }
        byte[] out = new byte[n];
        System.arraycopy(tmp, 0, out, 0, n);
        return out;
    }

    /** Core's {@code CScriptNum::getint}: the value clamped to the {@code int} range. */
    public static int clampToInt(long value) {
        if (value > Integer.MAX_VALUE) return Integer.MAX_VALUE;
        if (value < Integer.MIN_VALUE) return Integer.MIN_VALUE;
        return (int) value;
    }

    /** Core's {@code CastToBool}: false for any encoding of zero, including negative zero. */
    public static boolean castToBool(byte[] vch) {
        for (int i = 0; i < vch.length; i++) {
            if (vch[i] != 0) {
                return i != vch.length - 1 || (vch[i] & 0xff) != 0x80;
            }
        }
        return false;
    }
}
