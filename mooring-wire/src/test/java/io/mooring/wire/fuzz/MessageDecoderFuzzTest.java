package io.mooring.wire.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.MessageDecoder;
import io.mooring.wire.message.MessageType;
import io.mooring.wire.message.UnknownMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link MessageDecoder#decode} for every command. Input layout: byte 0 picks the command (index into
 * {@link MessageType#ALL}; an index past the end means an unknown command "fuzz"), the remaining bytes are the
 * payload. Seeds: {@code MessageDecoderFuzzTestInputs/} in test resources.
 */
class MessageDecoderFuzzTest {
    static final String UNKNOWN_COMMAND = "fuzz";

    @FuzzTest(maxDuration = "15s")
    void anyPayloadOfAnyCommandDecodesToARoundTrippingMessageOrFailsWithProtocolException(byte[] data) {
        if (data.length == 0) return;
        int index = data[0] & 0xff;
        String command = index < MessageType.ALL.size() ? MessageType.ALL.get(index) : UNKNOWN_COMMAND;
        byte[] payload = Arrays.copyOfRange(data, 1, data.length);
        Message decoded;
        try {
            decoded = MessageDecoder.decode(command, payload);
        } catch (ProtocolException e) {
            if (e.getCause() != null) {
                // MessageDecoder's backstop caught an unchecked exception: that is a decoder bug, not bad input.
                throw new AssertionError("decoder let an unchecked exception slip", e.getCause());
            }
            return;
        }
        FuzzOracle.assertEqual(command, decoded.command(), "command");
        if (decoded instanceof UnknownMessage u && !Arrays.equals(u.payload(), payload)) {
            throw new AssertionError("unknown message payload not kept: " + new String(payload, StandardCharsets.ISO_8859_1));
        }
        FuzzOracle.assertMessageRoundTrips(decoded);
    }
}
