package io.mooring.keyio;

import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParams.AddressEncoding;
import io.mooring.wire.Bytes;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Core's {@code DecodeDestination} / {@code EncodeDestination} ({@code key_io.cpp}, Core 28) for one chain's address
 * encodings. Error messages are Core's {@code error_str} texts, so an RPC can report them as Core does.
 */
public final class KeyIO {
    /** Core's {@code BECH32_WITNESS_PROG_MAX_LEN}. */
    private static final int WITNESS_PROG_MAX_LEN = 40;
    /** The payload bound Core passes to {@code DecodeBase58Check} for addresses: a prefix byte and a HASH160. */
    private static final int MAX_BASE58_CHECK_BYTES = 21;
    /** The bound Core passes to the unchecked {@code DecodeBase58} retry. */
    private static final int MAX_BASE58_BYTES = 100;

    private KeyIO() {
    }

    public static Destination decodeDestination(String text, ChainParams params) throws InvalidAddressException {
        return decodeDestination(text, params.addressEncoding());
    }

    public static String encodeDestination(Destination dest, ChainParams params) {
        return encodeDestination(dest, params.addressEncoding());
    }

    /**
     * Core's {@code DecodeDestination(str, params, error_str, error_locations)}. A string that starts with the chain's
     * HRP (in any case) is read as bech32/bech32m only; anything else as Base58Check only.
     *
     * @throws InvalidAddressException with Core's error text (and bech32 error locations where Core gives them)
     */
    public static Destination decodeDestination(String text, AddressEncoding enc) throws InvalidAddressException {
        String hrp = enc.bech32Hrp();
        // Core: "this will be false if it is a valid Bech32 address for a different network".
        boolean isBech32 = text.length() >= hrp.length()
                && text.substring(0, hrp.length()).toLowerCase(Locale.ROOT).equals(hrp);
        if (!isBech32) return decodeBase58(text, enc);

        Optional<Bech32.Decoded> decoded = Bech32.decode(text);
        if (decoded.isPresent() && decoded.get().data().length == 0) {
            // Core 28 reports LocateErrors' empty message here; later Core names the case, as done here.
            throw new InvalidAddressException("Empty Bech32 data section");
        }
        if (decoded.isPresent()) {
            Bech32.Decoded d = decoded.get();
            if (!d.hrp().equals(hrp)) {
                throw new InvalidAddressException("Invalid or unsupported prefix for Segwit (Bech32) address (expected "
                        + hrp + ", got " + d.hrp() + ").");
            }
            int version = d.data()[0];
            if (version == 0 && d.encoding() != Bech32.Encoding.BECH32) {
                throw new InvalidAddressException("Version 0 witness address must use Bech32 checksum");
            }
            if (version != 0 && d.encoding() != Bech32.Encoding.BECH32M) {
                throw new InvalidAddressException("Version 1+ witness address must use Bech32m checksum");
            }
            Optional<byte[]> program = Bech32.convertBits(Arrays.copyOfRange(d.data(), 1, d.data().length), 5, 8, false);
            if (program.isEmpty()) throw new InvalidAddressException("Invalid padding in Bech32 data section");
            byte[] p = program.get();
            String byteStr = p.length == 1 ? "byte" : "bytes";
            if (version == 0) {
                if (p.length == 20) return new Destination.WitnessV0KeyHash(Bytes.wrap(p));
                if (p.length == 32) return new Destination.WitnessV0ScriptHash(Bytes.wrap(p));
                throw new InvalidAddressException(
                        "Invalid Bech32 v0 address program size (" + p.length + " " + byteStr + "), per BIP141");
            }
            if (version == 1 && p.length == 32) return new Destination.WitnessV1Taproot(Bytes.wrap(p));
            if (version == 1 && Bytes.wrap(p).equals(Destination.PayToAnchor.PROGRAM)) {
                return new Destination.PayToAnchor();
            }
            if (version > 16) throw new InvalidAddressException("Invalid Bech32 address witness version");
            if (p.length < 2 || p.length > WITNESS_PROG_MAX_LEN) {
                throw new InvalidAddressException(
                        "Invalid Bech32 address program size (" + p.length + " " + byteStr + ")");
            }
            return new Destination.WitnessUnknown(version, Bytes.wrap(p));
        }
        Bech32.Errors errors = Bech32.locateErrors(text);
        throw new InvalidAddressException(errors.message(), errors.locations());
    }

    private static Destination decodeBase58(String text, AddressEncoding enc) throws InvalidAddressException {
        Optional<byte[]> checked = Base58.decodeCheck(text, MAX_BASE58_CHECK_BYTES);
        if (checked.isPresent()) {
            byte[] data = checked.get();
            byte[] pubkeyPrefix = enc.pubkeyAddressPrefix().toArray();
            byte[] scriptPrefix = enc.scriptAddressPrefix().toArray();
            if (data.length == 20 + pubkeyPrefix.length && startsWith(data, pubkeyPrefix)) {
                return new Destination.PubKeyHash(Bytes.copyOf(data, pubkeyPrefix.length, 20));
            }
            if (data.length == 20 + scriptPrefix.length && startsWith(data, scriptPrefix)) {
                return new Destination.ScriptHash(Bytes.copyOf(data, scriptPrefix.length, 20));
            }
            if (startsWith(data, scriptPrefix) || startsWith(data, pubkeyPrefix)) {
                throw new InvalidAddressException("Invalid length for Base58 address (P2PKH or P2SH)");
            }
            throw new InvalidAddressException("Invalid or unsupported Base58-encoded address.");
        }
        if (Base58.decode(text, MAX_BASE58_BYTES).isEmpty()) {
            throw new InvalidAddressException("Invalid or unsupported Segwit (Bech32) or Base58 encoding.");
        }
        throw new InvalidAddressException("Invalid checksum or length of Base58 address (P2PKH or P2SH)");
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Core's {@code EncodeDestination}: Base58Check with the chain's prefix, or bech32 (v0) / bech32m (v1+). */
    public static String encodeDestination(Destination dest, AddressEncoding enc) {
        return switch (dest) {
            case Destination.PubKeyHash p -> base58(enc.pubkeyAddressPrefix(), p.hash());
            case Destination.ScriptHash s -> base58(enc.scriptAddressPrefix(), s.hash());
            case Destination.WitnessV0KeyHash w -> segwit(enc, 0, w.program());
            case Destination.WitnessV0ScriptHash w -> segwit(enc, 0, w.program());
            case Destination.WitnessV1Taproot t -> segwit(enc, 1, t.outputKey());
            case Destination.PayToAnchor a -> segwit(enc, 1, Destination.PayToAnchor.PROGRAM);
            case Destination.WitnessUnknown u -> segwit(enc, u.version(), u.program());
        };
    }

    private static String base58(Bytes prefix, Bytes hash) {
        byte[] data = new byte[prefix.length() + hash.length()];
        prefix.copyTo(data, 0);
        hash.copyTo(data, prefix.length());
        return Base58.encodeCheck(data);
    }

    private static String segwit(AddressEncoding enc, int version, Bytes program) {
        byte[] bits = Bech32.convertBits(program.toArray(), 8, 5, true).orElseThrow();
        byte[] data = new byte[1 + bits.length];
        data[0] = (byte) version;
        System.arraycopy(bits, 0, data, 1, bits.length);
        return Bech32.encode(version == 0 ? Bech32.Encoding.BECH32 : Bech32.Encoding.BECH32M, enc.bech32Hrp(), data);
    }
}
