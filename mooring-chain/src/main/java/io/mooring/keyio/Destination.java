package io.mooring.keyio;

import io.mooring.wire.Bytes;
import java.util.Objects;

/**
 * What an address pays to: Core's {@code CTxDestination} alternatives that have an address (its
 * {@code CNoDestination} is an {@link InvalidAddressException} here, and {@code PubKeyDestination} has no address).
 * {@link #scriptPubKey()} is Core's {@code GetScriptForDestination}.
 */
public sealed interface Destination {
    /** OP_DUP, OP_HASH160, OP_EQUALVERIFY, OP_CHECKSIG, OP_HASH160 ... OP_EQUAL, OP_0, OP_1. */
    int OP_DUP = 0x76;
    int OP_HASH160 = 0xa9;
    int OP_EQUALVERIFY = 0x88;
    int OP_CHECKSIG = 0xac;
    int OP_EQUAL = 0x87;
    int OP_0 = 0x00;
    int OP_1 = 0x51;

    /** The output script paying to this destination. */
    Bytes scriptPubKey();

    /** P2PKH: Core's {@code PKHash}, the HASH160 of a public key. */
    record PubKeyHash(Bytes hash) implements Destination {
        public PubKeyHash {
            requireLength(hash, 20);
        }

        @Override
        public Bytes scriptPubKey() {
            byte[] s = new byte[25];
            s[0] = (byte) OP_DUP;
            s[1] = (byte) OP_HASH160;
            s[2] = 20;
            hash.copyTo(s, 3);
            s[23] = (byte) OP_EQUALVERIFY;
            s[24] = (byte) OP_CHECKSIG;
            return Bytes.wrap(s);
        }
    }

    /** P2SH (BIP16): Core's {@code ScriptHash}, the HASH160 of a redeem script. */
    record ScriptHash(Bytes hash) implements Destination {
        public ScriptHash {
            requireLength(hash, 20);
        }

        @Override
        public Bytes scriptPubKey() {
            byte[] s = new byte[23];
            s[0] = (byte) OP_HASH160;
            s[1] = 20;
            hash.copyTo(s, 2);
            s[22] = (byte) OP_EQUAL;
            return Bytes.wrap(s);
        }
    }

    /** P2WPKH (BIP141): witness v0 with a 20-byte program. */
    record WitnessV0KeyHash(Bytes program) implements Destination {
        public WitnessV0KeyHash {
            requireLength(program, 20);
        }

        @Override
        public Bytes scriptPubKey() {
            return witnessScript(0, program);
        }
    }

    /** P2WSH (BIP141): witness v0 with a 32-byte program (the SHA256 of the witness script). */
    record WitnessV0ScriptHash(Bytes program) implements Destination {
        public WitnessV0ScriptHash {
            requireLength(program, 32);
        }

        @Override
        public Bytes scriptPubKey() {
            return witnessScript(0, program);
        }
    }

    /** P2TR (BIP341): witness v1 with a 32-byte x-only output key. */
    record WitnessV1Taproot(Bytes outputKey) implements Destination {
        public WitnessV1Taproot {
            requireLength(outputKey, 32);
        }

        @Override
        public Bytes scriptPubKey() {
            return witnessScript(1, outputKey);
        }
    }

    /** P2A: Core's {@code PayToAnchor}, witness v1 with the 2-byte program 4e73 (Core 28's ephemeral anchors). */
    record PayToAnchor() implements Destination {
        /** The anchor program, Core's {@code CScript::IsPayToAnchor} bytes. */
        public static final Bytes PROGRAM = Bytes.fromHex("4e73");

        @Override
        public Bytes scriptPubKey() {
            return witnessScript(1, PROGRAM);
        }
    }

    /**
     * A witness program of a version and size without meaning yet (Core's {@code WitnessUnknown}): version 1..16 and
     * 2..40 bytes, except what {@link WitnessV1Taproot} and {@link PayToAnchor} name.
     */
    record WitnessUnknown(int version, Bytes program) implements Destination {
        public WitnessUnknown {
            Objects.requireNonNull(program, "program");
            if (version < 1 || version > 16) throw new IllegalArgumentException("witness version 1..16, got " + version);
            if (program.length() < 2 || program.length() > 40) {
                throw new IllegalArgumentException("a witness program is 2..40 bytes, got " + program.length());
            }
        }

        @Override
        public Bytes scriptPubKey() {
            return witnessScript(version, program);
        }
    }

    /** The witness version of a segwit destination, -1 for base58 ones. */
    default int witnessVersion() {
        return switch (this) {
            case PubKeyHash p -> -1;
            case ScriptHash s -> -1;
            case WitnessV0KeyHash w -> 0;
            case WitnessV0ScriptHash w -> 0;
            case WitnessV1Taproot t -> 1;
            case PayToAnchor a -> 1;
            case WitnessUnknown u -> u.version();
        };
    }

    private static void requireLength(Bytes b, int n) {
        Objects.requireNonNull(b, "hash");
        if (b.length() != n) throw new IllegalArgumentException("expected " + n + " bytes, got " + b.length());
    }

    /** BIP141 output script: the version opcode (OP_0, or OP_1..OP_16) and one push of the program. */
    private static Bytes witnessScript(int version, Bytes program) {
        byte[] s = new byte[2 + program.length()];
        s[0] = (byte) (version == 0 ? OP_0 : OP_1 - 1 + version);
        s[1] = (byte) program.length();
        program.copyTo(s, 2);
        return Bytes.wrap(s);
    }
}
