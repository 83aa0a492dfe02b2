package io.mooring.node;

/** Core's number and boolean parsing for option values ({@code LocaleIndependentAtoi}, {@code InterpretBool}). */
final class CoreParse {
    private CoreParse() {
    }

    private static final String WHITESPACE = " \f\n\r\t\u000b";

    static String trim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && WHITESPACE.indexOf(s.charAt(b)) >= 0) b++;
        while (e > b && WHITESPACE.indexOf(s.charAt(e - 1)) >= 0) e--;
        return s.substring(b, e);
    }

    /**
     * Core's {@code LocaleIndependentAtoi<int64_t>}: surrounding white space is ignored, one leading '+' is allowed
     * ("+-" gives 0), the longest prefix of digits (after an optional '-') is read and the rest ignored, a string
     * without digits gives 0, and values out of range saturate.
     */
    static long atoi64(String str) {
        return atoi(str, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static long atoi(String str, long min, long max) {
        String s = trim(str);
        if (s.startsWith("+")) {
            if (s.length() >= 2 && s.charAt(1) == '-') return 0;
            s = s.substring(1);
        }
        int i = 0;
        boolean negative = false;
        if (i < s.length() && s.charAt(i) == '-') {
            negative = true;
            i++;
        }
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == start) return 0;
        String digits = s.substring(start, i);
        java.math.BigInteger v = new java.math.BigInteger(digits);
        if (negative) v = v.negate();
        if (v.compareTo(java.math.BigInteger.valueOf(max)) > 0) return max;
        if (v.compareTo(java.math.BigInteger.valueOf(min)) < 0) return min;
        return v.longValue();
    }

    /** Core's {@code InterpretBool}: empty is true, otherwise {@code atoi<int>(value) != 0} ("true" is false!). */
    static boolean interpretBool(String value) {
        if (value.isEmpty()) return true;
        return atoi(value, Integer.MIN_VALUE, Integer.MAX_VALUE) != 0;
    }

    /** Core's strict {@code ToIntegral<uint16_t>}: the whole string must be decimal digits (optional '+'? no). */
    static java.util.OptionalInt parseStrictUInt16(String s) {
        if (s.isEmpty() || s.length() > 5) return java.util.OptionalInt.empty();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return java.util.OptionalInt.empty();
        }
        int v = Integer.parseInt(s);
        return v > 65535 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(v);
    }

    /** A JSON string literal, as UniValue writes it. */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
