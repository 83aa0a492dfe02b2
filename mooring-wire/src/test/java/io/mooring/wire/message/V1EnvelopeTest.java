package io.mooring.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class V1EnvelopeTest {
    private static final int MAINNET = 0xF9BEB4D9;
    private static final int REGTEST = 0xFABFB5DA;

    private static ProtocolError errorOf(ThrowingCall call) {
        try {
            call.run();
        } catch (ProtocolException e) {
            return e.error();
        }
        throw new AssertionError("expected a ProtocolException");
    }

    interface ThrowingCall {
        void run() throws ProtocolException;
    }

    @Test
    void verackFrameMatchesTheKnownMainnetBytes() {
        // magic, "verack" NUL-padded, length 0, checksum of the empty payload (5df6e0e2).
        assertThat(HexFormat.of().formatHex(V1Envelope.encode(MAINNET, VerackMessage.INSTANCE)))
                .isEqualTo("f9beb4d976657261636b000000000000000000005df6e0e2");
    }

    @Test
    void pingFrameHasLengthAndChecksumOfItsPayload() throws ProtocolException {
        byte[] frame = V1Envelope.encode(REGTEST, new PingMessage(0x0102030405060708L));
        V1Envelope.Header h = V1Envelope.readHeader(frame, 0, REGTEST);
        assertThat(h.command()).isEqualTo("ping");
        assertThat(h.payloadLength()).isEqualTo(8);
        assertThat(HexFormat.of().formatHex(frame, 24, 32)).isEqualTo("0807060504030201");
    }

    @Test
    void wrongMagicIsRejectedAtTheHeader() {
        byte[] frame = V1Envelope.encode(REGTEST, VerackMessage.INSTANCE);
        assertThat(errorOf(() -> V1Envelope.readHeader(frame, 0, MAINNET))).isEqualTo(ProtocolError.WRONG_MAGIC);
    }

    @Test
    void oversizedLengthIsRejectedBeforeAnyPayloadIsRead() {
        byte[] header = Arrays.copyOf(V1Envelope.encode(MAINNET, VerackMessage.INSTANCE), 24);
        // 4,000,001 bytes announced; only the 24 header bytes exist.
        header[16] = 0x01;
        header[17] = 0x09;
        header[18] = 0x3d;
        header[19] = 0x00;
        assertThat(errorOf(() -> V1Envelope.readHeader(header, 0, MAINNET))).isEqualTo(ProtocolError.OVERSIZED_MESSAGE);
    }

    @Test
    void exactlyTheMaximumLengthIsAccepted() throws ProtocolException {
        byte[] header = Arrays.copyOf(V1Envelope.encode(MAINNET, VerackMessage.INSTANCE), 24);
        header[16] = 0x00;
        header[17] = 0x09;
        header[18] = 0x3d;
        header[19] = 0x00;
        assertThat(V1Envelope.readHeader(header, 0, MAINNET).payloadLength()).isEqualTo(4_000_000);
    }

    @Test
    void badChecksumDropsTheMessage() {
        byte[] frame = V1Envelope.encode(MAINNET, new PingMessage(7));
        frame[frame.length - 1] ^= 1;
        assertThat(errorOf(() -> V1Envelope.decode(frame, MAINNET))).isEqualTo(ProtocolError.BAD_CHECKSUM);
    }

    @Test
    void commandWithBytesAfterNulPaddingIsInvalid() {
        byte[] frame = V1Envelope.encode(MAINNET, VerackMessage.INSTANCE);
        frame[4 + 10] = 'x'; // "verack\0\0\0\0x\0"
        assertThat(errorOf(() -> V1Envelope.decode(frame, MAINNET))).isEqualTo(ProtocolError.BAD_COMMAND);
    }

    @Test
    void commandWithNonPrintableByteIsInvalid() {
        byte[] frame = V1Envelope.encode(MAINNET, VerackMessage.INSTANCE);
        frame[4 + 2] = 0x07;
        assertThat(errorOf(() -> V1Envelope.decode(frame, MAINNET))).isEqualTo(ProtocolError.BAD_COMMAND);
    }

    @Test
    void checksumIsCheckedBeforeTheCommandAsInCore() {
        byte[] frame = V1Envelope.encode(MAINNET, new PingMessage(7));
        frame[4 + 2] = 0x07;
        frame[frame.length - 1] ^= 1;
        assertThat(errorOf(() -> V1Envelope.decode(frame, MAINNET))).isEqualTo(ProtocolError.BAD_CHECKSUM);
    }

    @Test
    void truncatedFramesAreTruncatedErrors() {
        byte[] frame = V1Envelope.encode(MAINNET, new PingMessage(7));
        for (int n = 0; n < frame.length; n++) {
            byte[] cut = Arrays.copyOf(frame, n);
            assertThat(errorOf(() -> V1Envelope.decode(cut, MAINNET))).isEqualTo(ProtocolError.TRUNCATED);
        }
    }

    @Test
    void twelveCharacterCommandsUseTheWholeField() throws ProtocolException {
        byte[] frame = V1Envelope.encode(MAINNET, new GetCFCheckptMessage(0, io.mooring.wire.Hash256.ZERO));
        assertThat(V1Envelope.readHeader(frame, 0, MAINNET).command()).isEqualTo("getcfcheckpt");
        assertThat(V1Envelope.decode(frame, MAINNET)).isInstanceOf(GetCFCheckptMessage.class);
    }
}
