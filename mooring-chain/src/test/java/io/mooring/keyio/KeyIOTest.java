package io.mooring.keyio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyIOTest {
    private static final ChainParams MAIN = ChainParamsLoader.builtIn("main");
    private static final ChainParams TEST = ChainParamsLoader.builtIn("test");
    private static final ChainParams REGTEST = ChainParamsLoader.builtIn("regtest");

    static List<String[]> rows(String name) {
        try (InputStream in = KeyIOTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns the files' \xNN escapes into the characters with those code points. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\x", i)) {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    private static ChainParams chainOfHrp(String address) {
        return address.toLowerCase(Locale.ROOT).startsWith("bc") ? MAIN : TEST;
    }

    @Test
    void bip173AndBip350StringsDecodeWithTheirChecksumVariantOrNotAtAll() {
        List<String[]> rows = rows("bech32_strings.tsv");
        assertThat(rows).hasSize(40);
        for (String[] row : rows) {
            String s = unescape(row[1]);
            Optional<Bech32.Decoded> d = Bech32.decode(s);
            switch (row[0]) {
                case "bech32" -> assertThat(d).as(s).hasValueSatisfying(v ->
                        assertThat(v.encoding()).isEqualTo(Bech32.Encoding.BECH32));
                case "bech32m" -> assertThat(d).as(s).hasValueSatisfying(v ->
                        assertThat(v.encoding()).isEqualTo(Bech32.Encoding.BECH32M));
                default -> {
                    assertThat(d).as(s + ": " + row[2]).isEmpty();
                    assertThat(Bech32.locateErrors(s).message()).as(s).isNotEmpty();
                }
            }
        }
    }

    @Test
    void validStringsReEncodeToThemselvesInLowerCase() {
        for (String[] row : rows("bech32_strings.tsv")) {
            if (row[0].equals("invalid")) continue;
            String s = unescape(row[1]);
            Bech32.Decoded d = Bech32.decode(s).orElseThrow();
            assertThat(Bech32.encode(d.encoding(), d.hrp(), d.data())).isEqualTo(s.toLowerCase(Locale.ROOT));
            assertThat(Bech32.locateErrors(s).message()).isEmpty();
        }
    }

    @Test
    void segwitAddressesDecodeToTheirScriptsAndInvalidOnesAreRejectedOnEveryChain() throws Exception {
        for (String[] row : rows("segwit_addresses.tsv")) {
            String address = row[1];
            switch (row[2]) {
                case "valid" -> {
                    ChainParams chain = chainOfHrp(address);
                    Destination d = KeyIO.decodeDestination(address, chain);
                    assertThat(d.scriptPubKey().hex()).as(address).isEqualTo(row[3]);
                    assertThat(KeyIO.encodeDestination(d, chain)).isEqualTo(address.toLowerCase(Locale.ROOT));
                }
                case "invalid-after-bip350" -> assertThatThrownBy(() -> KeyIO.decodeDestination(address, MAIN))
                        .isInstanceOf(InvalidAddressException.class)
                        .hasMessage("Version 1+ witness address must use Bech32m checksum");
                default -> {
                    for (ChainParams chain : List.of(MAIN, TEST, REGTEST)) {
                        assertThatThrownBy(() -> KeyIO.decodeDestination(address, chain))
                                .as(address + " on " + chain.id() + ": " + row[3])
                                .isInstanceOf(InvalidAddressException.class);
                    }
                }
            }
        }
    }

    @Test
    void destinationKindsFollowCore() throws Exception {
        assertThat(KeyIO.decodeDestination("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", MAIN))
                .isInstanceOf(Destination.WitnessV0KeyHash.class);
        assertThat(KeyIO.decodeDestination("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", TEST))
                .isInstanceOf(Destination.WitnessV0ScriptHash.class);
        assertThat(KeyIO.decodeDestination("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", MAIN))
                .isEqualTo(new Destination.WitnessV1Taproot(
                        Bytes.fromHex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")));
        assertThat(KeyIO.decodeDestination("BC1SW50QGDZ25J", MAIN))
                .isEqualTo(new Destination.WitnessUnknown(16, Bytes.fromHex("751e")));
        String anchor = KeyIO.encodeDestination(new Destination.PayToAnchor(), MAIN);
        assertThat(KeyIO.decodeDestination(anchor, MAIN)).isEqualTo(new Destination.PayToAnchor());
        assertThat(new Destination.PayToAnchor().scriptPubKey().hex()).isEqualTo("51024e73");
    }

    @Test
    void base58AddressesDecodePerChainAndReEncode() throws Exception {
        for (String[] row : rows("base58_addresses.tsv")) {
            ChainParams chain = ChainParamsLoader.builtIn(row[0]);
            Destination d = KeyIO.decodeDestination(row[1], chain);
            Bytes hash = Bytes.fromHex(row[3]);
            if (row[2].equals("pkh")) {
                assertThat(d).isEqualTo(new Destination.PubKeyHash(hash));
                assertThat(d.scriptPubKey().hex()).isEqualTo("76a914" + row[3] + "88ac");
            } else {
                assertThat(d).isEqualTo(new Destination.ScriptHash(hash));
                assertThat(d.scriptPubKey().hex()).isEqualTo("a914" + row[3] + "87");
            }
            assertThat(KeyIO.encodeDestination(d, chain)).isEqualTo(row[1]);
        }
    }

    @Test
    void base58AddressesOfAnotherChainOrWithBadChecksumGiveCoresErrors() {
        assertThat(error("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", REGTEST))
                .isEqualTo("Invalid or unsupported Base58-encoded address.");
        assertThat(error("mpXwg4jMtRhuSpVq4xS3HFHmCmWp9NyGKt", MAIN))
                .isEqualTo("Invalid or unsupported Base58-encoded address.");
        // The last character changed: still base58, the checksum fails.
        assertThat(error("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", MAIN))
                .isEqualTo("Invalid checksum or length of Base58 address (P2PKH or P2SH)");
        // A valid Base58Check string with the P2PKH prefix and a 19-byte hash (from the same Python check).
        assertThat(error("133VQZmihsauVFjR6XTtJkHs9ZP6Nwkii", MAIN))
                .isEqualTo("Invalid length for Base58 address (P2PKH or P2SH)");
        assertThat(error("1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a", MAIN))
                .isEqualTo("Invalid or unsupported Segwit (Bech32) or Base58 encoding.");
        assertThat(error("", MAIN)).isEqualTo("Invalid checksum or length of Base58 address (P2PKH or P2SH)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            main    | bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh | Version 0 witness address must use Bech32 checksum
            main    | BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2 | Version 1+ witness address must use Bech32m checksum
            main    | BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R | Invalid Bech32 address witness version
            main    | bc1pw5dgrnzv | Invalid Bech32 address program size (1 byte)
            main    | bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav | Invalid Bech32 address program size (41 bytes)
            main    | BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P | Invalid Bech32 v0 address program size (16 bytes), per BIP141
            main    | bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf | Invalid padding in Bech32 data section
            main    | bc1gmk9yu | Empty Bech32 data section
            main    | tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty | Invalid or unsupported Segwit (Bech32) or Base58 encoding.
            regtest | bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 | Invalid or unsupported Segwit (Bech32) or Base58 encoding.
            main    | bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5 | Invalid Bech32 checksum
            test    | tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq | Invalid character or mixed case
            main    | bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4 | Invalid Base 32 character
            """)
    void bech32FailuresGiveCoresMessages(String chain, String address, String message) {
        assertThat(error(address, ChainParamsLoader.builtIn(chain))).isEqualTo(message);
    }

    @Test
    void aSegwitAddressOfAnotherChainSharingTheHrpStartIsReportedWithBothPrefixes() throws Exception {
        String regtestAddress = KeyIO.encodeDestination(new Destination.WitnessV0KeyHash(
                Bytes.fromHex("751e76e8199196d454941c45d1b3a323f1433bd6")), REGTEST);
        assertThat(regtestAddress).startsWith("bcrt1q");
        assertThat(error(regtestAddress, MAIN))
                .isEqualTo("Invalid or unsupported prefix for Segwit (Bech32) address (expected bc, got bcrt).");
    }

    @Test
    void bech32ErrorsAreLocatedAsCoreReportsThem() {
        // One substitution (the last checksum character) and two (positions 9 and 20 changed here).
        InvalidAddressException one = catchThrowableOfType(InvalidAddressException.class,
                () -> KeyIO.decodeDestination("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", MAIN));
        assertThat(one.errorLocations()).containsExactly(41);
        String valid = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
        char[] c = valid.toCharArray();
        c[9] = c[9] == 'q' ? 'p' : 'q';
        c[20] = c[20] == 'q' ? 'p' : 'q';
        InvalidAddressException two = catchThrowableOfType(InvalidAddressException.class,
                () -> KeyIO.decodeDestination(new String(c), MAIN));
        assertThat(two).hasMessage("Invalid Bech32 checksum");
        assertThat(two.errorLocations()).containsExactly(9, 20);
        InvalidAddressException mixed = catchThrowableOfType(InvalidAddressException.class, () ->
                KeyIO.decodeDestination("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", TEST));
        assertThat(mixed.errorLocations()).containsExactly(58);
    }

    private static String error(String address, ChainParams chain) {
        InvalidAddressException e = catchThrowableOfType(InvalidAddressException.class,
                () -> KeyIO.decodeDestination(address, chain));
        assertThat(e).as(address).isNotNull();
        return e.getMessage();
    }
}
