package io.mooring.script;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable set of {@link VerifyFlag}s held as Core's bit mask. Only bits of known flags can be set.
 */
public record ScriptFlags(long bits) {
    /** Every defined flag (Core's {@code MAX_SCRIPT_VERIFY_FLAGS}). */
    public static final long ALL_BITS = (1L << VerifyFlag.values().length) - 1;
    public static final ScriptFlags NONE = new ScriptFlags(0);
    public static final ScriptFlags ALL = new ScriptFlags(ALL_BITS);

    public ScriptFlags {
        if ((bits & ~ALL_BITS) != 0) throw new IllegalArgumentException("unknown flag bits " + Long.toHexString(bits));
    }

    public static ScriptFlags of(VerifyFlag... flags) {
        long b = 0;
        for (VerifyFlag f : flags) b |= f.bit();
        return new ScriptFlags(b);
    }

    /**
     * Parses Core's comma-separated flag names ("P2SH,STRICTENC"); "" and "NONE" are the empty set, as in Core's test
     * {@code ParseScriptFlags}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static ScriptFlags parse(String names) {
        if (names.isEmpty() || names.equals("NONE")) return NONE;
        long b = 0;
        for (String name : names.split(",", -1)) {
            b |= VerifyFlag.valueOf(name).bit();
        }
        return new ScriptFlags(b);
    }

    public boolean has(VerifyFlag flag) {
        return (bits & flag.bit()) != 0;
    }

    public ScriptFlags with(VerifyFlag flag) {
        return new ScriptFlags(bits | flag.bit());
    }

    public ScriptFlags without(VerifyFlag flag) {
        return new ScriptFlags(bits & ~flag.bit());
    }

    public ScriptFlags union(ScriptFlags other) {
        return new ScriptFlags(bits | other.bits);
    }

    public ScriptFlags minus(ScriptFlags other) {
        return new ScriptFlags(bits & ~other.bits);
    }

    /** The flags not in this set. */
    public ScriptFlags complement() {
        return new ScriptFlags(~bits & ALL_BITS);
    }

    /**
     * Core's {@code IsValidFlagCombination}: WITNESS needs P2SH and CLEANSTACK needs WITNESS, so that turning on a
     * flag is always a soft fork. {@link Interpreter#verifyScript} rejects other combinations.
     */
    public boolean isValidCombination() {
        if (has(VerifyFlag.CLEANSTACK) && !has(VerifyFlag.WITNESS)) return false;
        return !has(VerifyFlag.WITNESS) || has(VerifyFlag.P2SH);
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (VerifyFlag f : VerifyFlag.values()) {
            if (has(f)) names.add(f.name());
        }
        return String.join(",", names);
    }
}
