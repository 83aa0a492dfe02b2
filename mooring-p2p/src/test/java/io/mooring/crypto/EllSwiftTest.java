package io.mooring.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class EllSwiftTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyBip324DecodeVectorGivesItsX() {
        List<Map<String, String>> rows = Bip324Vectors.rows("ellswift_decode_test_vectors.csv");
        assertThat(rows).hasSize(76);
        for (Map<String, String> row : rows) {
            BigInteger x = EllSwift.decodeX(HEX.parseHex(row.get("ellswift")));
            assertThat(HEX.formatHex(Secp256k1.toBytes32(x))).as(row.get("comment")).isEqualTo(row.get("x"));
            assertThat(Secp256k1.isValidX(x)).isTrue();
        }
    }

    @Test
    void everyBip324InverseVectorGivesItsTForEachCaseAndMapsBackToX() {
        List<Map<String, String>> rows = Bip324Vectors.rows("xswiftec_inv_test_vectors.csv");
        assertThat(rows).hasSize(32);
        int found = 0;
        for (Map<String, String> row : rows) {
            BigInteger u = new BigInteger(row.get("u"), 16);
            BigInteger x = new BigInteger(row.get("x"), 16);
            for (int branch = 0; branch < 8; branch++) {
                String expected = row.get("case" + branch + "_t");
                Optional<BigInteger> t = EllSwift.xswiftecInv(x, u, branch);
                String label = row.get("comment") + " case " + branch;
                if (expected.isEmpty()) {
                    assertThat(t).as(label).isEmpty();
                } else {
                    assertThat(t).as(label).isPresent();
                    assertThat(HEX.formatHex(Secp256k1.toBytes32(t.get()))).as(label).isEqualTo(expected);
                    assertThat(EllSwift.xswiftec(u, t.get())).as(label).isEqualTo(x);
                    found++;
                }
            }
        }
        assertThat(found).isEqualTo(98); // the vectors' README counts 98 non-empty t values
    }

    @Property(tries = 40)
    void encodingDecodesToTheSamePointWithTheSameYParity(@ForAll("privateKeys") byte[] key,
            @ForAll("entropy") byte[] entropy) {
        byte[] encoding = EllSwift.create(key, entropy);
        assertThat(encoding).hasSize(64);
        ECPoint expected = Secp256k1.publicPoint(key);
        assertThat(EllSwift.decode(encoding)).isEqualTo(expected);
    }

    @Property(tries = 20)
    void differentEntropyGivesDifferentEncodingsOfTheSameKey(@ForAll("privateKeys") byte[] key,
            @ForAll("entropy") byte[] entropy) {
        byte[] other = entropy.clone();
        other[0] ^= 1;
        byte[] a = EllSwift.create(key, entropy);
        byte[] b = EllSwift.create(key, other);
        assertThat(a).isNotEqualTo(b);
        assertThat(EllSwift.decodeX(a)).isEqualTo(EllSwift.decodeX(b));
        assertThat(EllSwift.create(key, entropy)).isEqualTo(a);
    }

    @Property(tries = 20)
    void bothSidesOfTheBip324EcdhAgree(@ForAll("privateKeys") byte[] initiatorKey,
            @ForAll("privateKeys") byte[] responderKey, @ForAll("entropy") byte[] entropy) {
        Assume.that(!Arrays.equals(initiatorKey, responderKey));
        byte[] ellI = EllSwift.create(initiatorKey, entropy);
        byte[] ellR = EllSwift.create(responderKey, entropy);
        byte[] initiatorSecret = EllSwift.bip324Ecdh(initiatorKey, ellI, ellR, true);
        byte[] responderSecret = EllSwift.bip324Ecdh(responderKey, ellR, ellI, false);
        assertThat(initiatorSecret).isEqualTo(responderSecret).hasSize(32);
        // The ordering of the hashed keys matters: a side that thinks it initiated derives another secret.
        assertThat(EllSwift.bip324Ecdh(responderKey, ellR, ellI, true)).isNotEqualTo(responderSecret);
    }

    @Property(tries = 50)
    void xswiftecMapsEveryPairOfFieldElementsOntoTheCurve(@ForAll("entropy") byte[] u, @ForAll("entropy") byte[] t) {
        BigInteger x = EllSwift.xswiftec(new BigInteger(1, u), new BigInteger(1, t));
        assertThat(Secp256k1.isValidX(x)).isTrue();
    }

    @Provide
    Arbitrary<byte[]> privateKeys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).filter(Secp256k1::isValidPrivateKey);
    }

    @Provide
    Arbitrary<byte[]> entropy() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }
}
