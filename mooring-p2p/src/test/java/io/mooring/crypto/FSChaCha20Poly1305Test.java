package io.mooring.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FSChaCha20Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Core's crypto_tests (TestFSChaCha20Poly1305): {@code index} empty packets first, then this one; index 500 and
     * 60000 lie past several rekeys (every 224 packets).
     */
    @ParameterizedTest
    @CsvSource({
        "d6a4cb04ef0f7c09c1866ed29dc24d820e75b0491032a51b4c3366f9ca35c19ea3047ec6be9d45f9637b63e1cf9eb4c2523a5aab7b851ebeba87199db0e839cf0d5c25e50168306377aedbe9089fd2463ded88b83211cf51b73b150608cc7a600d0f11b9a742948482e1b109d8faf15b450aa7322e892fa2208c6691e3fecf4c711191b14d75a72147,"
                + " 786cb9b6ebf44288974cf0, 5c9e1c3951a74fba66708bf9d2c217571684556b6a6a3573bff2847d38612654, 500,"
                + " 9dcebbd3281ea3dd8e9a1ef7d55a97abd6743e56ebc0c190cb2c4e14160b385e0bf508dddf754bd02c7c208447c131ce23e47a4a14dfaf5dd8bc601323950f754e05d46e9232f83fc5120fbbef6f5347a826ec79a93820718d4ec7a2b7cfaaa44b21e16d726448b62f803811aff4f6d827ed78e738ce8a507b81a8ae131311928039213de18a5120dc9b7370baca878f50ff254418de3da50c",
        "8349b7a2690b63d01204800c288ff1138a1d473c832c90ea8b3fc102d0bb3adc44261b247c7c3d6760bfbe979d061c305f46d94c0582ac3099f0bf249f8cb234,"
                + " '', 3bd2093fcbcb0d034d8c569583c5425c1a53171ea299f8cc3bbf9ae3530adfce, 60000,"
                + " 30a6757ff8439b975363f166a0fa0e36722ab35936abd704297948f45083f4d499433137ce931f7fca28a0acd3bc30f57b550acbc21cbd45bbef0739d9caf30c14b94829deb27f0b1923a2af704ae5d6",
    })
    void encryptsCoresVectorsAfterSeekingAndDecryptsThemBack(String plainHex, String aadHex, String keyHex, int index,
            String cipherHex) {
        byte[] plain = HEX.parseHex(plainHex);
        byte[] aad = HEX.parseHex(aadHex);
        byte[] key = HEX.parseHex(keyHex);
        byte[] empty = new byte[0];
        byte[] tag = new byte[FSChaCha20Poly1305.TAG_SIZE];

        FSChaCha20Poly1305 enc = new FSChaCha20Poly1305(key, FSChaCha20.REKEY_INTERVAL);
        for (int i = 0; i < index; i++) enc.encrypt(empty, empty, 0, 0, empty, tag, 0);
        // Split the plaintext as BIP324 does: plain1 is the header byte, plain2 the rest.
        byte[] out = new byte[plain.length + FSChaCha20Poly1305.TAG_SIZE];
        enc.encrypt(Arrays.copyOf(plain, 1), plain, 1, plain.length - 1, aad, out, 0);
        assertThat(HEX.formatHex(out)).isEqualTo(cipherHex);

        // Decrypting garbage tags still moves the packet counter, as in Core.
        FSChaCha20Poly1305 dec = new FSChaCha20Poly1305(key, FSChaCha20.REKEY_INTERVAL);
        for (int i = 0; i < index; i++) assertThat(dec.decrypt(new byte[16], 0, 16, empty)).isNull();
        assertThat(dec.decrypt(out, 0, out.length, aad)).isEqualTo(plain);
    }

    @ParameterizedTest
    @CsvSource({"0", "7", "20"})
    void aFlippedBitInCiphertextTagOrAadFailsAuthentication(int position) {
        byte[] key = new byte[32];
        key[0] = 7;
        byte[] plain = "a v2 packet's contents".getBytes();
        byte[] aad = {1, 2, 3};
        byte[] out = new byte[1 + plain.length + FSChaCha20Poly1305.TAG_SIZE];
        new FSChaCha20Poly1305(key, 224).encrypt(new byte[] {0}, plain, 0, plain.length, aad, out, 0);
        byte[] fullPlain = new byte[plain.length + 1];
        System.arraycopy(plain, 0, fullPlain, 1, plain.length);
        // The untouched packet decrypts; the same packet with one bit flipped, or a changed aad, does not.
        assertThat(new FSChaCha20Poly1305(key, 224).decrypt(out, 0, out.length, aad)).isEqualTo(fullPlain);
        byte[] flipped = out.clone();
        flipped[position] ^= 0x10;
        assertThat(new FSChaCha20Poly1305(key, 224).decrypt(flipped, 0, flipped.length, aad)).isNull();
        assertThat(new FSChaCha20Poly1305(key, 224).decrypt(out, 0, out.length, new byte[] {1, 2, 4})).isNull();
    }
}
