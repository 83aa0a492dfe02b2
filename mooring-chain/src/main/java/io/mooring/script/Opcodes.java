package io.mooring.script;

/**
 * Script opcodes with the names of Core's {@code opcodetype} ({@code script/script.h}). Opcodes are plain {@code int}
 * values 0..255 because a script is a byte string and the interpreter dispatches on the byte; the names here are the
 * single source for the test-script parser ({@code ParseScript}) and for display.
 */
public final class Opcodes {
    public static final int OP_0 = 0x00;
    public static final int OP_PUSHDATA1 = 0x4c;
    public static final int OP_PUSHDATA2 = 0x4d;
    public static final int OP_PUSHDATA4 = 0x4e;
    public static final int OP_1NEGATE = 0x4f;
    public static final int OP_RESERVED = 0x50;
    public static final int OP_1 = 0x51;
    public static final int OP_2 = 0x52;
    public static final int OP_3 = 0x53;
    public static final int OP_4 = 0x54;
    public static final int OP_5 = 0x55;
    public static final int OP_6 = 0x56;
    public static final int OP_7 = 0x57;
    public static final int OP_8 = 0x58;
    public static final int OP_9 = 0x59;
    public static final int OP_10 = 0x5a;
    public static final int OP_11 = 0x5b;
    public static final int OP_12 = 0x5c;
    public static final int OP_13 = 0x5d;
    public static final int OP_14 = 0x5e;
    public static final int OP_15 = 0x5f;
    public static final int OP_16 = 0x60;
    public static final int OP_NOP = 0x61;
    public static final int OP_VER = 0x62;
    public static final int OP_IF = 0x63;
    public static final int OP_NOTIF = 0x64;
    public static final int OP_VERIF = 0x65;
    public static final int OP_VERNOTIF = 0x66;
    public static final int OP_ELSE = 0x67;
    public static final int OP_ENDIF = 0x68;
    public static final int OP_VERIFY = 0x69;
    public static final int OP_RETURN = 0x6a;
    public static final int OP_TOALTSTACK = 0x6b;
    public static final int OP_FROMALTSTACK = 0x6c;
    public static final int OP_2DROP = 0x6d;
    public static final int OP_2DUP = 0x6e;
    public static final int OP_3DUP = 0x6f;
    public static final int OP_2OVER = 0x70;
    public static final int OP_2ROT = 0x71;
    public static final int OP_2SWAP = 0x72;
    public static final int OP_IFDUP = 0x73;
    public static final int OP_DEPTH = 0x74;
    public static final int OP_DROP = 0x75;
    public static final int OP_DUP = 0x76;
    public static final int OP_NIP = 0x77;
    public static final int OP_OVER = 0x78;
    public static final int OP_PICK = 0x79;
    public static final int OP_ROLL = 0x7a;
    public static final int OP_ROT = 0x7b;
    public static final int OP_SWAP = 0x7c;
    public static final int OP_TUCK = 0x7d;
    public static final int OP_CAT = 0x7e;
    public static final int OP_SUBSTR = 0x7f;
    public static final int OP_LEFT = 0x80;
    public static final int OP_RIGHT = 0x81;
    public static final int OP_SIZE = 0x82;
    public static final int OP_INVERT = 0x83;
    public static final int OP_AND = 0x84;
    public static final int OP_OR = 0x85;
    public static final int OP_XOR = 0x86;
    public static final int OP_EQUAL = 0x87;
    public static final int OP_EQUALVERIFY = 0x88;
    public static final int OP_RESERVED1 = 0x89;
    public static final int OP_RESERVED2 = 0x8a;
    public static final int OP_1ADD = 0x8b;
    public static final int OP_1SUB = 0x8c;
    public static final int OP_2MUL = 0x8d;
    public static final int OP_2DIV = 0x8e;
    public static final int OP_NEGATE = 0x8f;
    public static final int OP_ABS = 0x90;
    public static final int OP_NOT = 0x91;
    public static final int OP_0NOTEQUAL = 0x92;
    public static final int OP_ADD = 0x93;
    public static final int OP_SUB = 0x94;
    public static final int OP_MUL = 0x95;
    public static final int OP_DIV = 0x96;
    public static final int OP_MOD = 0x97;
    public static final int OP_LSHIFT = 0x98;
    public static final int OP_RSHIFT = 0x99;
    public static final int OP_BOOLAND = 0x9a;
    public static final int OP_BOOLOR = 0x9b;
    public static final int OP_NUMEQUAL = 0x9c;
    public static final int OP_NUMEQUALVERIFY = 0x9d;
    public static final int OP_NUMNOTEQUAL = 0x9e;
    public static final int OP_LESSTHAN = 0x9f;
    public static final int OP_GREATERTHAN = 0xa0;
    public static final int OP_LESSTHANOREQUAL = 0xa1;
    public static final int OP_GREATERTHANOREQUAL = 0xa2;
    public static final int OP_MIN = 0xa3;
    public static final int OP_MAX = 0xa4;
    public static final int OP_WITHIN = 0xa5;
    public static final int OP_RIPEMD160 = 0xa6;
    public static final int OP_SHA1 = 0xa7;
    public static final int OP_SHA256 = 0xa8;
    public static final int OP_HASH160 = 0xa9;
    public static final int OP_HASH256 = 0xaa;
    public static final int OP_CODESEPARATOR = 0xab;
    public static final int OP_CHECKSIG = 0xac;
    public static final int OP_CHECKSIGVERIFY = 0xad;
    public static final int OP_CHECKMULTISIG = 0xae;
    public static final int OP_CHECKMULTISIGVERIFY = 0xaf;
    public static final int OP_NOP1 = 0xb0;
    public static final int OP_CHECKLOCKTIMEVERIFY = 0xb1;
    public static final int OP_CHECKSEQUENCEVERIFY = 0xb2;
    public static final int OP_NOP4 = 0xb3;
    public static final int OP_NOP5 = 0xb4;
    public static final int OP_NOP6 = 0xb5;
    public static final int OP_NOP7 = 0xb6;
    public static final int OP_NOP8 = 0xb7;
    public static final int OP_NOP9 = 0xb8;
    public static final int OP_NOP10 = 0xb9;
    public static final int OP_CHECKSIGADD = 0xba;
    public static final int OP_INVALIDOPCODE = 0xff;

    /** Aliases Core defines for the same bytes. */
    public static final int OP_FALSE = OP_0;
    public static final int OP_TRUE = OP_1;
    public static final int OP_NOP2 = OP_CHECKLOCKTIMEVERIFY;
    public static final int OP_NOP3 = OP_CHECKSEQUENCEVERIFY;

    /** Core's {@code MAX_OPCODE}: the highest opcode {@code ParseScript} and {@code HasValidOps} know (OP_NOP10). */
    public static final int MAX_OPCODE = OP_NOP10;

    private static final String[] NAMES = names();

    private Opcodes() {
    }

    private static String[] names() {
        String[] n = new String[256];
        n[0x00] = "OP_0";
        n[0x4c] = "OP_PUSHDATA1";
        n[0x4d] = "OP_PUSHDATA2";
        n[0x4e] = "OP_PUSHDATA4";
        n[0x4f] = "OP_1NEGATE";
        n[0x50] = "OP_RESERVED";
        n[0x51] = "OP_1";
        n[0x52] = "OP_2";
        n[0x53] = "OP_3";
        n[0x54] = "OP_4";
        n[0x55] = "OP_5";
        n[0x56] = "OP_6";
        n[0x57] = "OP_7";
        n[0x58] = "OP_8";
        n[0x59] = "OP_9";
        n[0x5a] = "OP_10";
        n[0x5b] = "OP_11";
        n[0x5c] = "OP_12";
        n[0x5d] = "OP_13";
        n[0x5e] = "OP_14";
        n[0x5f] = "OP_15";
        n[0x60] = "OP_16";
        n[0x61] = "OP_NOP";
        n[0x62] = "OP_VER";
        n[0x63] = "OP_IF";
        n[0x64] = "OP_NOTIF";
        n[0x65] = "OP_VERIF";
        n[0x66] = "OP_VERNOTIF";
        n[0x67] = "OP_ELSE";
        n[0x68] = "OP_ENDIF";
        n[0x69] = "OP_VERIFY";
        n[0x6a] = "OP_RETURN";
        n[0x6b] = "OP_TOALTSTACK";
        n[0x6c] = "OP_FROMALTSTACK";
        n[0x6d] = "OP_2DROP";
        n[0x6e] = "OP_2DUP";
        n[0x6f] = "OP_3DUP";
        n[0x70] = "OP_2OVER";
        n[0x71] = "OP_2ROT";
        n[0x72] = "OP_2SWAP";
        n[0x73] = "OP_IFDUP";
        n[0x74] = "OP_DEPTH";
        n[0x75] = "OP_DROP";
        n[0x76] = "OP_DUP";
        n[0x77] = "OP_NIP";
        n[0x78] = "OP_OVER";
        n[0x79] = "OP_PICK";
        n[0x7a] = "OP_ROLL";
        n[0x7b] = "OP_ROT";
        n[0x7c] = "OP_SWAP";
        n[0x7d] = "OP_TUCK";
        n[0x7e] = "OP_CAT";
        n[0x7f] = "OP_SUBSTR";
        n[0x80] = "OP_LEFT";
        n[0x81] = "OP_RIGHT";
        n[0x82] = "OP_SIZE";
        n[0x83] = "OP_INVERT";
        n[0x84] = "OP_AND";
        n[0x85] = "OP_OR";
        n[0x86] = "OP_XOR";
        n[0x87] = "OP_EQUAL";
        n[0x88] = "OP_EQUALVERIFY";
        n[0x89] = "OP_RESERVED1";
        n[0x8a] = "OP_RESERVED2";
        n[0x8b] = "OP_1ADD";
        n[0x8c] = "OP_1SUB";
        n[0x8d] = "OP_2MUL";
        n[0x8e] = "OP_2DIV";
        n[0x8f] = "OP_NEGATE";
        n[0x90] = "OP_ABS";
        n[0x91] = "OP_NOT";
        n[0x92] = "OP_0NOTEQUAL";
        n[0x93] = "OP_ADD";
        n[0x94] = "OP_SUB";
        n[0x95] = "OP_MUL";
        n[0x96] = "OP_DIV";
        n[0x97] = "OP_MOD";
        n[0x98] = "OP_LSHIFT";
        n[0x99] = "OP_RSHIFT";
        n[0x9a] = "OP_BOOLAND";
        n[0x9b] = "OP_BOOLOR";
        n[0x9c] = "OP_NUMEQUAL";
        n[0x9d] = "OP_NUMEQUALVERIFY";
        n[0x9e] = "OP_NUMNOTEQUAL";
        n[0x9f] = "OP_LESSTHAN";
        n[0xa0] = "OP_GREATERTHAN";
        n[0xa1] = "OP_LESSTHANOREQUAL";
        n[0xa2] = "OP_GREATERTHANOREQUAL";
        n[0xa3] = "OP_MIN";
        n[0xa4] = "OP_MAX";
        n[0xa5] = "OP_WITHIN";
        n[0xa6] = "OP_RIPEMD160";
        n[0xa7] = "OP_SHA1";
        n[0xa8] = "OP_SHA256";
        n[0xa9] = "OP_HASH160";
        n[0xaa] = "OP_HASH256";
        n[0xab] = "OP_CODESEPARATOR";
        n[0xac] = "OP_CHECKSIG";
        n[0xad] = "OP_CHECKSIGVERIFY";
        n[0xae] = "OP_CHECKMULTISIG";
        n[0xaf] = "OP_CHECKMULTISIGVERIFY";
        n[0xb0] = "OP_NOP1";
        n[0xb1] = "OP_CHECKLOCKTIMEVERIFY";
        n[0xb2] = "OP_CHECKSEQUENCEVERIFY";
        n[0xb3] = "OP_NOP4";
        n[0xb4] = "OP_NOP5";
        n[0xb5] = "OP_NOP6";
        n[0xb6] = "OP_NOP7";
        n[0xb7] = "OP_NOP8";
        n[0xb8] = "OP_NOP9";
        n[0xb9] = "OP_NOP10";
        n[0xba] = "OP_CHECKSIGADD";
        n[0xff] = "OP_INVALIDOPCODE";
        return n;
    }

    /** Core's opcodetype name ("OP_DUP"), or null for a byte with no name (push lengths and unassigned bytes). */
    public static String name(int opcode) {
        return NAMES[opcode & 0xff];
    }

    /** Core's {@code DecodeOP_N}: the small integer an OP_0 or OP_1..OP_16 pushes. */
    public static int decodeSmallInt(int opcode) {
        if (opcode == OP_0) return 0;
        if (opcode < OP_1 || opcode > OP_16) throw new IllegalArgumentException("not OP_0..OP_16: " + opcode);
        return opcode - (OP_1 - 1);
    }

    /**
     * BIP342's OP_SUCCESSx set (Core's {@code IsOpSuccess}): in tapscript any of these makes the script succeed
     * unconditionally, so new opcodes can be soft-forked in.
     */
    public static boolean isOpSuccess(int opcode) {
        return opcode == 80 || opcode == 98 || (opcode >= 126 && opcode <= 129)
                || (opcode >= 131 && opcode <= 134) || (opcode >= 137 && opcode <= 138)
                || (opcode >= 141 && opcode <= 142) || (opcode >= 149 && opcode <= 153)
                || (opcode >= 187 && opcode <= 254);
    }
}
