package io.mooring.script;

import io.mooring.wire.Bytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The script notation of Core's test data, as Core's {@code ParseScript} (core_io.cpp) reads it: decimal numbers
 * pushed as script numbers (-1 and 1..16 as OP_1NEGATE/OP_N, 0 as OP_0), {@code 0x..} hex inserted raw,
 * {@code 'text'} pushed as data, and opcode names with or without the {@code OP_} prefix. Test-only: the node never
 * parses human-written scripts.
 */
final class ScriptAsm {
    private static final Map<String, Integer> OPCODES = opcodes();

    private ScriptAsm() {
    }

    private static Map<String, Integer> opcodes() {
        Map<String, Integer> m = new HashMap<>();
        for (int op = 0; op <= Opcodes.MAX_OPCODE; op++) {
            // As Core: push opcodes are written as data, except OP_RESERVED, which has no push meaning.
            if (op < Opcodes.OP_NOP && op != Opcodes.OP_RESERVED) continue;
            String name = Opcodes.name(op);
            if (name == null) continue;
            m.put(name, op);
            if (name.startsWith("OP_")) m.put(name.substring(3), op);
        }
        return m;
    }

    static Script parse(String text) {
        return Script.of(bytes(text));
    }

    static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String w : text.split("[ \t\n]")) {
            if (w.isEmpty()) continue;
            if (w.matches("-?[0-9]+") && !w.equals("-")) {
                long n = Long.parseLong(w);
                if (n > 0xffffffffL || n < -0xffffffffL) {
                    throw new IllegalArgumentException("decimal out of range: " + w);
                }
                pushInt(out, n);
            } else if (w.startsWith("0x") && w.length() % 2 == 0 && w.substring(2).matches("[0-9a-fA-F]+")) {
                out.writeBytes(HexFormat.of().parseHex(w.substring(2)));
            } else if (w.length() >= 2 && w.startsWith("'") && w.endsWith("'")) {
                out.writeBytes(Script.pushEncoding(w.substring(1, w.length() - 1).getBytes(StandardCharsets.ISO_8859_1)));
            } else {
                Integer op = OPCODES.get(w);
                if (op == null) throw new IllegalArgumentException("unknown opcode " + w);
                out.write(op);
            }
        }
        return out.toByteArray();
    }

    /** Core's {@code CScript::push_int64}. */
    private static void pushInt(ByteArrayOutputStream out, long n) {
        if (n == -1 || (n >= 1 && n <= 16)) {
            out.write((int) (n + (Opcodes.OP_1 - 1)));
        } else if (n == 0) {
            out.write(Opcodes.OP_0);
        } else {
            out.writeBytes(Script.pushEncoding(ScriptNum.encode(n)));
        }
    }

    static Bytes hexBytes(String hex) {
        return Bytes.wrap(HexFormat.of().parseHex(hex));
    }
}
