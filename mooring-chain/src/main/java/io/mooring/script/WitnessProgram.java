package io.mooring.script;

import java.util.Arrays;
import java.util.HexFormat;

/** A scriptPubKey's witness version (0..16) and program (2..40 bytes), as Core's {@code IsWitnessProgram} finds them. */
public record WitnessProgram(int version, byte[] program) {
    public WitnessProgram {
        program = program.clone();
    }

    @Override
    public byte[] program() {
        return program.clone();
    }

    byte[] programArray() {
        return program;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WitnessProgram w && w.version == version && Arrays.equals(w.program, program);
    }

    @Override
    public int hashCode() {
        return 31 * version + Arrays.hashCode(program);
    }

    @Override
    public String toString() {
        return "WitnessProgram[v" + version + ", " + HexFormat.of().formatHex(program) + "]";
    }
}
