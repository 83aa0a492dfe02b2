package io.mooring.script;

/**
 * A cursor over a script's operations, Core's {@code GetScriptOp}: each {@link #next()} reads one opcode and, for a
 * push, its data. On a truncated push {@code next()} returns false with {@link #position()} wherever Core's iterator
 * stops (after the opcode or length bytes that could be read); the signature-hash serialiser depends on that.
 */
final class ScriptReader {
    private final byte[] script;
    private final int end;
    private int pos;
    private int opcode = Opcodes.OP_INVALIDOPCODE;
    private int dataStart;
    private int dataLength;

    ScriptReader(byte[] script) {
        this(script, 0, script.length);
    }

    ScriptReader(byte[] script, int start, int end) {
        this.script = script;
        this.pos = start;
        this.end = end;
    }

    boolean hasMore() {
        return pos < end;
    }

    int position() {
        return pos;
    }

    /** Reads the next operation; false at the end of the script or on a push that runs past it. */
    boolean next() {
        opcode = Opcodes.OP_INVALIDOPCODE;
        dataLength = 0;
        if (pos >= end) return false;
        int op = script[pos++] & 0xff;
        if (op <= Opcodes.OP_PUSHDATA4) {
            long size;
            if (op < Opcodes.OP_PUSHDATA1) {
                size = op;
            } else if (op == Opcodes.OP_PUSHDATA1) {
                if (end - pos < 1) return false;
                size = script[pos++] & 0xff;
            } else if (op == Opcodes.OP_PUSHDATA2) {
                if (end - pos < 2) return false;
                size = (script[pos] & 0xff) | (script[pos + 1] & 0xff) << 8;
                pos += 2;
            } else {
                if (end - pos < 4) return false;
                size = (script[pos] & 0xffL) | (script[pos + 1] & 0xffL) << 8 | (script[pos + 2] & 0xffL) << 16
                        | (script[pos + 3] & 0xffL) << 24;
                pos += 4;
            }
            if (end - pos < size) return false;
            dataStart = pos;
            dataLength = (int) size;
            pos += (int) size;
        }
        opcode = op;
        return true;
    }

    int opcode() {
        return opcode;
    }

    int dataLength() {
        return dataLength;
    }

    /** A copy of the last push's data (empty for a non-push). */
    byte[] data() {
        byte[] d = new byte[dataLength];
        System.arraycopy(script, dataStart, d, 0, dataLength);
        return d;
    }
}
