package io.mooring.wire.fuzz;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.MessageDecoder;
import io.mooring.wire.message.V1Envelope;

/**
 * The round-trip oracle shared by the fuzz targets: whatever decoded once must encode, and the encoding must decode
 * to an equal value. A {@link ProtocolException} on the second decode is a bug (the encoder wrote something the
 * decoder rejects), so it is turned into an {@link AssertionError}, which Jazzer reports as a finding.
 */
final class FuzzOracle {
    /** Mainnet message start (the v1 magic as Mooring reads it, big-endian). */
    static final int MAGIC = 0xF9BEB4D9;

    private FuzzOracle() {
    }

    /** Payload and framed round trips of a decoded message. */
    static void assertMessageRoundTrips(Message decoded) {
        byte[] payload = decoded.payload();
        Message again;
        try {
            again = MessageDecoder.decode(decoded.command(), payload);
        } catch (ProtocolException e) {
            throw new AssertionError("re-encoded " + decoded.command() + " does not decode: " + e.getMessage(), e);
        }
        assertEqual(decoded, again, decoded.command() + " payload");
        byte[] frame = V1Envelope.encode(MAGIC, decoded);
        try {
            again = V1Envelope.decode(frame, MAGIC);
        } catch (ProtocolException e) {
            throw new AssertionError("re-framed " + decoded.command() + " does not decode: " + e.getMessage(), e);
        }
        assertEqual(decoded, again, decoded.command() + " frame");
    }

    static void assertEqual(Object expected, Object actual, String what) {
        if (!expected.equals(actual)) {
            throw new AssertionError(what + " changed in a round trip:\n  first:  " + expected + "\n  second: " + actual);
        }
        if (expected.hashCode() != actual.hashCode()) {
            throw new AssertionError(what + ": equal values with different hash codes");
        }
    }

    /** Thrown by a re-decode that must not fail. */
    interface Decode<T> {
        T run() throws ProtocolException;
    }

    static <T> T mustDecode(Decode<T> decode, String what) {
        try {
            return decode.run();
        } catch (ProtocolException e) {
            throw new AssertionError(what + ": re-encoded value does not decode: " + e.getMessage(), e);
        }
    }

    /** MessageDecoder turns an unchecked exception into MALFORMED with a cause: for a fuzzer that is a bug. */
    static void assertNoHiddenBug(ProtocolException e) {
        if (e.getCause() != null) {
            throw new AssertionError("decoder let an unchecked exception slip", e.getCause());
        }
    }
}
