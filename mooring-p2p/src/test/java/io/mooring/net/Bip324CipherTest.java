package io.mooring.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.crypto.Bip324Vectors;
import io.mooring.crypto.EllSwift;
import io.mooring.crypto.HkdfSha256;
import io.mooring.crypto.Secp256k1;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Bip324CipherTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The vectors are for mainnet: the HKDF salt ends with its magic f9beb4d9. */
    private static final int MAINNET = 0xF9BEB4D9;

    private static byte[] hex(Map<String, String> row, String column) {
        return HEX.parseHex(row.get(column));
    }

    @Test
    void everyPacketVectorRowDerivesItsKeysAndEncryptsItsPacket() {
        List<Map<String, String>> rows = Bip324Vectors.rows("packet_encoding_test_vectors.csv");
        assertThat(rows).hasSize(7);
        for (Map<String, String> row : rows) {
            checkRow(row);
        }
    }

    private static void checkRow(Map<String, String> row) {
        String label = "in_idx " + row.get("in_idx");
        byte[] priv = hex(row, "in_priv_ours");
        byte[] ours = hex(row, "in_ellswift_ours");
        byte[] theirs = hex(row, "in_ellswift_theirs");
        boolean initiating = row.get("in_initiating").equals("1");

        // Intermediate values: x coordinates, ECDH, shared secret and the HKDF keys.
        assertThat(Secp256k1.toBytes32(EllSwift.decodeX(ours))).as(label).isEqualTo(hex(row, "mid_x_ours"));
        assertThat(Secp256k1.toBytes32(EllSwift.decodeX(theirs))).as(label).isEqualTo(hex(row, "mid_x_theirs"));
        assertThat(EllSwift.sharedX(priv, theirs)).as(label).isEqualTo(hex(row, "mid_x_shared"));
        byte[] secret = EllSwift.bip324Ecdh(priv, ours, theirs, initiating);
        assertThat(secret).as(label).isEqualTo(hex(row, "mid_shared_secret"));
        byte[] salt = ("bitcoin_v2_shared_secret").getBytes(StandardCharsets.US_ASCII);
        salt = Arrays.copyOf(salt, salt.length + 4);
        System.arraycopy(HEX.parseHex("f9beb4d9"), 0, salt, salt.length - 4, 4);
        HkdfSha256 hkdf = new HkdfSha256(secret, salt);
        for (String key : List.of("initiator_L", "initiator_P", "responder_L", "responder_P")) {
            assertThat(hkdf.expand32(key)).as(label + " " + key).isEqualTo(hex(row, "mid_" + key.toLowerCase()));
        }

        Bip324Cipher cipher = new Bip324Cipher(MAINNET, priv, ours);
        assertThat(cipher.initialized()).isFalse();
        assertThat(cipher.ourPublicKey()).isEqualTo(ours);
        cipher.initialize(theirs, initiating);
        assertThat(cipher.sessionId()).as(label).isEqualTo(hex(row, "out_session_id"));
        assertThat(cipher.sendGarbageTerminator()).as(label).isEqualTo(hex(row, "mid_send_garbage_terminator"));
        assertThat(cipher.receiveGarbageTerminator()).as(label).isEqualTo(hex(row, "mid_recv_garbage_terminator"));

        // in_idx empty decoys first (they move both the length and the packet cipher), then the packet checked.
        int index = Integer.parseInt(row.get("in_idx"));
        byte[][] dummies = new byte[index][];
        for (int i = 0; i < index; i++) dummies[i] = cipher.encrypt(new byte[0], new byte[0], true);
        ByteArrayOutputStream repeated = new ByteArrayOutputStream();
        byte[] unit = hex(row, "in_contents");
        for (int i = 0; i < Integer.parseInt(row.get("in_multiply")); i++) repeated.writeBytes(unit);
        byte[] contents = repeated.toByteArray();
        byte[] aad = hex(row, "in_aad");
        boolean ignore = row.get("in_ignore").equals("1");
        byte[] ciphertext = cipher.encrypt(contents, aad, ignore);
        if (!row.get("out_ciphertext").isEmpty()) {
            assertThat(HEX.formatHex(ciphertext)).as(label).isEqualTo(row.get("out_ciphertext"));
        } else {
            assertThat(HEX.formatHex(ciphertext)).as(label).endsWith(row.get("out_ciphertext_endswith"));
        }

        // Core's error loop: a self-decrypting cipher reads it back, and each kind of damage makes it fail.
        Random random = new Random(index);
        for (int error = 0; error <= 12; error++) {
            Bip324Cipher dec = new Bip324Cipher(MAINNET, priv, ours);
            dec.initialize(theirs, (error == 1) != initiating, true);
            assertThat(Arrays.equals(dec.sessionId(), hex(row, "out_session_id"))).isEqualTo(error != 1);
            if (index == 0 && error == 12) continue;
            int decIndex = index ^ (error == 12 ? 1 << random.nextInt(10) : 0);
            for (int i = 0; i < decIndex; i++) {
                byte[] dummy = dummies[i < index ? i : 0];
                dec.decryptLength(dummy, 0);
                dec.decrypt(dummy, Bip324Cipher.LENGTH_LEN, dummy.length - Bip324Cipher.LENGTH_LEN, new byte[0]);
            }
            byte[] damaged = ciphertext.clone();
            if (error >= 2 && error <= 9) damaged[random.nextInt(damaged.length)] ^= (byte) (1 << (error - 2));
            int length = dec.decryptLength(damaged, 0);
            byte[] decAad = aad.clone();
            if (error == 10) {
                if (aad.length == 0) continue;
                decAad[random.nextInt(decAad.length)] ^= (byte) (1 << random.nextInt(8));
            }
            if (error == 11) decAad = Arrays.copyOf(aad, aad.length + 1);
            // A damaged length (at most 2^24 - 1) reads another span: pad or cut, as Core resizes its buffer.
            byte[] packet = Arrays.copyOf(damaged, length + Bip324Cipher.EXPANSION);
            Optional<Bip324Cipher.Decrypted> result =
                    dec.decrypt(packet, Bip324Cipher.LENGTH_LEN, packet.length - Bip324Cipher.LENGTH_LEN, decAad);
            assertThat(result.isPresent()).as(label + " error " + error).isEqualTo(error == 0);
            if (error == 0) {
                assertThat(result.get().contents()).isEqualTo(contents);
                assertThat(result.get().ignore()).isEqualTo(ignore);
            }
        }
    }

    @Test
    void bothEndsOfAHandshakeAgreeOnSessionIdTerminatorsAndPackets() {
        byte[] initiatorKey = HEX.parseHex("61062ea5071d800bbfd59e2e8b53d47d194b095ae5a4df04936b49772ef0d4d7");
        byte[] responderKey = HEX.parseHex("6f312890ec83bbb26798abaadd574684a53e74ccef7953b790fcc29409080246");
        Bip324Cipher initiator = Bip324Cipher.create(MAINNET, initiatorKey, new byte[32]);
        Bip324Cipher responder = Bip324Cipher.create(MAINNET, responderKey, new byte[32]);
        initiator.initialize(responder.ourPublicKey(), true);
        responder.initialize(initiator.ourPublicKey(), false);
        assertThat(initiator.sessionId()).isEqualTo(responder.sessionId());
        assertThat(initiator.sendGarbageTerminator()).isEqualTo(responder.receiveGarbageTerminator());
        assertThat(responder.sendGarbageTerminator()).isEqualTo(initiator.receiveGarbageTerminator());
        for (int i = 0; i < 3 * Bip324Cipher.REKEY_INTERVAL; i++) {
            byte[] contents = ("packet " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] wire = initiator.encrypt(contents, new byte[0], i % 3 == 0);
            assertThat(responder.decryptLength(wire, 0)).isEqualTo(contents.length);
            Bip324Cipher.Decrypted d = responder.decrypt(wire, 3, wire.length - 3, new byte[0]).orElseThrow();
            assertThat(d.contents()).isEqualTo(contents);
            assertThat(d.ignore()).isEqualTo(i % 3 == 0);
        }
    }

    @Test
    void aCipherOnAnotherNetworkDerivesOtherKeys() {
        byte[] initiatorKey = HEX.parseHex("61062ea5071d800bbfd59e2e8b53d47d194b095ae5a4df04936b49772ef0d4d7");
        byte[] responderKey = HEX.parseHex("6f312890ec83bbb26798abaadd574684a53e74ccef7953b790fcc29409080246");
        Bip324Cipher initiator = Bip324Cipher.create(MAINNET, initiatorKey, new byte[32]);
        Bip324Cipher responder = Bip324Cipher.create(0xFABFB5DA, responderKey, new byte[32]);
        initiator.initialize(responder.ourPublicKey(), true);
        responder.initialize(initiator.ourPublicKey(), false);
        assertThat(initiator.sessionId()).isNotEqualTo(responder.sessionId());
        byte[] wire = initiator.encrypt(new byte[5], new byte[0], false);
        responder.decryptLength(wire, 0);
        assertThat(responder.decrypt(wire, 3, wire.length - 3, new byte[0])).isEmpty();
    }
}
