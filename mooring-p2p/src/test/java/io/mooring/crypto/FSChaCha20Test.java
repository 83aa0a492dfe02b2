package io.mooring.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import javax.crypto.Cipher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FSChaCha20Test {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Core's crypto_tests (TestFSChaCha20): for {@code interval} calls the output is plain ChaCha20's keystream; the
     * call after the rekey gives {@code afterRotation}.
     */
    @ParameterizedTest
    @CsvSource({
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f, 0000000000000000000000000000000000000000000000000000000000000000, 256, a93df4ef03011f3db95f60d996e1785df5de38fc39bfcb663a47bb5561928349",
        "01, 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f, 5, ea",
        "e93fdb5c762804b9a706816aca31e35b11d2aa3080108ef46a5b1f1508819c0a, 8ec4c3ccdaea336bdeb245636970be01266509b33f3d2642504eaf412206207a, 4096, 8bfaa4eacff308fdb4a94a5ff25bd9d0c1f84b77f81239f67ff39d6e1ac280c9",
    })
    void matchesChaCha20UntilTheRekeyAndCoresVectorAfterIt(String plainHex, String keyHex, int interval,
            String afterRotation) {
        byte[] plain = HEX.parseHex(plainHex);
        byte[] key = HEX.parseHex(keyHex);
        FSChaCha20 fs = new FSChaCha20(key, interval);
        Cipher plainChaCha = FSChaCha20.ChaCha.stream(key, FSChaCha20.ChaCha.nonce(0, 0), 0);
        for (int i = 0; i < interval; i++) {
            assertThat(fs.crypt(plain)).isEqualTo(plainChaCha.update(plain));
        }
        byte[] rotated = fs.crypt(plain);
        assertThat(rotated).isNotEqualTo(plainChaCha.update(plain));
        assertThat(HEX.formatHex(rotated)).isEqualTo(afterRotation);
    }

    @ParameterizedTest
    @CsvSource({"3", "224"})
    void decryptingWithTheSameKeyUndoesEncryptionAcrossRekeys(int interval) {
        byte[] key = HEX.parseHex("8ec4c3ccdaea336bdeb245636970be01266509b33f3d2642504eaf412206207a");
        FSChaCha20 enc = new FSChaCha20(key, interval);
        FSChaCha20 dec = new FSChaCha20(key, interval);
        for (int i = 0; i < 3 * interval + 5; i++) {
            byte[] length = {(byte) i, (byte) (i >> 8), 0};
            assertThat(dec.crypt(enc.crypt(length))).isEqualTo(length);
        }
    }
}
