package io.mooring.script;

import io.mooring.wire.Bytes;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An immutable script (Core's {@code CScript}): a byte string that may or may not parse as operations. The
 * structural predicates here are Core's and are what consensus relies on ({@code IsPayToScriptHash},
 * {@code IsWitnessProgram}, {@code IsPushOnly}).
 */
public final class Script {
    public static final Script EMPTY = new Script(new byte[0]);
    /** Core's {@code MAX_SCRIPT_SIZE}. */
    public static final int MAX_SCRIPT_SIZE = 10_000;
    /** Core's {@code MAX_SCRIPT_ELEMENT_SIZE}. */
    public static final int MAX_SCRIPT_ELEMENT_SIZE = 520;
    /** Core's {@code MAX_OPS_PER_SCRIPT}. */
    public static final int MAX_OPS_PER_SCRIPT = 201;
    /** Core's {@code MAX_PUBKEYS_PER_MULTISIG}. */
    public static final int MAX_PUBKEYS_PER_MULTISIG = 20;
    /** Core's {@code MAX_STACK_SIZE}: stack plus altstack. */
    public static final int MAX_STACK_SIZE = 1000;

    private final byte[] bytes;

    private Script(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Script of(byte[] bytes) {
        return new Script(bytes.clone());
    }

    public static Script of(Bytes bytes) {
        return new Script(bytes.toArray());
    }

    public static Script fromHex(String hex) {
        return new Script(HexFormat.of().parseHex(hex));
    }

    /** Takes ownership of {@code bytes}: the caller must not change the array afterwards. */
    static Script wrap(byte[] bytes) {
        return new Script(bytes);
    }

    /** The array itself, for the interpreter; never handed out of the package. */
    byte[] array() {
        return bytes;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** Core's {@code IsPayToScriptHash}: exactly {@code OP_HASH160 <20 bytes> OP_EQUAL}. */
    public boolean isPayToScriptHash() {
        return bytes.length == 23 && (bytes[0] & 0xff) == Opcodes.OP_HASH160 && bytes[1] == 0x14
                && (bytes[22] & 0xff) == Opcodes.OP_EQUAL;
    }

    /**
     * Core's {@code IsWitnessProgram}: a version opcode (OP_0, OP_1..OP_16) followed by one direct push of 2..40
     * bytes that ends the script.
     */
    public Optional<WitnessProgram> witnessProgram() {
        if (bytes.length < 4 || bytes.length > 42) return Optional.empty();
        int op = bytes[0] & 0xff;
        if (op != Opcodes.OP_0 && (op < Opcodes.OP_1 || op > Opcodes.OP_16)) return Optional.empty();
        if ((bytes[1] & 0xff) + 2 != bytes.length) return Optional.empty();
        return Optional.of(new WitnessProgram(Opcodes.decodeSmallInt(op), Arrays.copyOfRange(bytes, 2, bytes.length)));
    }

    /** Core's {@code IsPushOnly}: every operation parses and is at most OP_16 (OP_RESERVED counts as a push). */
    public boolean isPushOnly() {
        ScriptReader r = new ScriptReader(bytes);
        while (r.hasMore()) {
            if (!r.next() || r.opcode() > Opcodes.OP_16) return false;
        }
        return true;
    }

    /** Core's {@code HasValidOps}: every operation parses, is a known opcode and pushes at most 520 bytes. */
    public boolean hasValidOps() {
        ScriptReader r = new ScriptReader(bytes);
        while (r.hasMore()) {
            if (!r.next() || r.opcode() > Opcodes.MAX_OPCODE || r.dataLength() > MAX_SCRIPT_ELEMENT_SIZE) return false;
        }
        return true;
    }

    /**
     * Core's {@code CScript() << data}: the smallest push opcode for the length (a direct push up to 75 bytes, then
     * PUSHDATA1/2/4) followed by the data. Empty data is a lone OP_0 byte.
     */
    public static byte[] pushEncoding(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 5);
        writePush(out, data);
        return out.toByteArray();
    }

    static void writePush(ByteArrayOutputStream out, byte[] data) {
        int n = data.length;
        if (n < Opcodes.OP_PUSHDATA1) {
            out.write(n);
        } else if (n <= 0xff) {
            out.write(Opcodes.OP_PUSHDATA1);
            out.write(n);
        } else if (n <= 0xffff) {
            out.write(Opcodes.OP_PUSHDATA2);
            out.write(n & 0xff);
            out.write(n >>> 8);
        } else {
            out.write(Opcodes.OP_PUSHDATA4);
            out.write(n & 0xff);
            out.write((n >>> 8) & 0xff);
            out.write((n >>> 16) & 0xff);
            out.write(n >>> 24);
        }
        out.write(data, 0, n);
    }

    /**
     * Core's {@code FindAndDelete}: removes every occurrence of {@code pattern} that starts at an operation boundary
     * (matches are consumed back to back, so {@code pattern} repeated is removed whole). Returns the new script and
     * the number of matches; an empty pattern removes nothing.
     */
    static FindAndDeleteResult findAndDelete(byte[] script, byte[] pattern) {
        if (pattern.length == 0) return new FindAndDeleteResult(script, 0);
        int found = 0;
        ByteArrayOutputStream result = new ByteArrayOutputStream(script.length);
        ScriptReader r = new ScriptReader(script);
        int pc = 0;
        int copiedUpTo = 0;
        do {
            result.write(script, copiedUpTo, pc - copiedUpTo);
            while (script.length - pc >= pattern.length
                    && Arrays.equals(script, pc, pc + pattern.length, pattern, 0, pattern.length)) {
                pc += pattern.length;
                found++;
            }
            copiedUpTo = pc;
            r = new ScriptReader(script, pc, script.length);
            boolean ok = r.next();
            pc = r.position();
            if (!ok) break;
        } while (true);
        if (found == 0) return new FindAndDeleteResult(script, 0);
        result.write(script, copiedUpTo, script.length - copiedUpTo);
        return new FindAndDeleteResult(result.toByteArray(), found);
    }

    record FindAndDeleteResult(byte[] script, int found) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Script s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Hex of the bytes. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
