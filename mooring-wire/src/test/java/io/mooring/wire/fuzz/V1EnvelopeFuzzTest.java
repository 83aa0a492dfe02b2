package io.mooring.wire.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mooring.wire.Hashes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.V1Envelope;
import java.util.Arrays;

/**
 * The v1 envelope on a stream of frames: {@link V1Envelope#readHeader} and {@link V1Envelope#readPayload} frame by
 * frame, and {@link V1Envelope#decode} on the whole input. Input layout: byte 0 holds options, the rest is the byte
 * stream. Option bit 0 repairs each frame's magic and checksum before the payload is read, so that the fuzzer
 * reaches the message decoders instead of stopping at the SHA256d check; without it the envelope checks themselves
 * are fuzzed. Seeds: {@code V1EnvelopeFuzzTestInputs/} in test resources (real frames behind a 0x01 option byte).
 */
class V1EnvelopeFuzzTest {
    @FuzzTest(maxDuration = "12s")
    void anyByteStreamFramesIntoRoundTrippingMessagesOrFailsWithProtocolException(byte[] data) {
        if (data.length == 0) return;
        boolean repair = (data[0] & 1) != 0;
        byte[] stream = Arrays.copyOfRange(data, 1, data.length);

        try {
            FuzzOracle.assertMessageRoundTrips(V1Envelope.decode(stream, FuzzOracle.MAGIC));
        } catch (ProtocolException expected) {
            // Bad input: the only acceptable failure (but not one wrapping an unchecked exception).
            FuzzOracle.assertNoHiddenBug(expected);
        }

        int offset = 0;
        while (stream.length - offset >= V1Envelope.HEADER_SIZE) {
            if (repair) writeMagic(stream, offset);
            V1Envelope.Header header;
            try {
                header = V1Envelope.readHeader(stream, offset, FuzzOracle.MAGIC);
            } catch (ProtocolException e) {
                return; // Core disconnects: nothing after a bad header is read.
            }
            int payloadOffset = offset + V1Envelope.HEADER_SIZE;
            if (stream.length - payloadOffset < header.payloadLength()) return; // waits for more bytes
            if (repair) {
                int checksum = Hashes.checksum(stream, payloadOffset, header.payloadLength());
                writeChecksum(stream, offset, checksum);
                header = new V1Envelope.Header(header.magic(), header.command(), header.commandValid(),
                        header.payloadLength(), checksum);
            }
            try {
                Message m = V1Envelope.readPayload(header, stream, payloadOffset);
                FuzzOracle.assertEqual(header.command(), m.command(), "command");
                FuzzOracle.assertMessageRoundTrips(m);
            } catch (ProtocolException e) {
                // This message is dropped; the stream goes on with the next frame.
                FuzzOracle.assertNoHiddenBug(e);
            }
            offset = payloadOffset + header.payloadLength();
        }
    }

    private static void writeMagic(byte[] b, int offset) {
        b[offset] = (byte) (FuzzOracle.MAGIC >>> 24);
        b[offset + 1] = (byte) (FuzzOracle.MAGIC >>> 16);
        b[offset + 2] = (byte) (FuzzOracle.MAGIC >>> 8);
        b[offset + 3] = (byte) FuzzOracle.MAGIC;
    }

    /** The checksum field holds the first four SHA256d bytes; Hashes.checksum reads them little-endian. */
    private static void writeChecksum(byte[] b, int offset, int checksum) {
        for (int i = 0; i < 4; i++) {
            b[offset + 20 + i] = (byte) (checksum >>> (8 * i));
        }
    }
}
