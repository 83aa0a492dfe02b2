package io.mooring.wire.message;

import io.mooring.wire.Hashes;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The v1 message envelope (Core's CMessageHeader and V1Transport): 4-byte network magic, 12-byte NUL-padded command,
 * uint32 payload length, and the first 4 bytes of SHA256d(payload).
 *
 * <p>Checks happen in Core's order: the header is read first, and a wrong magic or a length above
 * {@link Limits#MAX_PROTOCOL_MESSAGE_LENGTH} fails before any payload byte is read (Core disconnects). Once the
 * payload is complete, a bad checksum and then an invalid command fail that message only (Core drops it and keeps
 * the peer). The magic is the four message-start bytes read big-endian (mainnet {@code 0xF9BEB4D9}).
 */
public final class V1Envelope {
    public static final int HEADER_SIZE = 24;
    public static final int COMMAND_SIZE = 12;

    private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private V1Envelope() {
    }

    /**
     * A parsed v1 header. {@code command} is the text before the first NUL; {@code commandValid} is Core's
     * IsMessageTypeValid (printable ASCII, NUL padding only at the end), checked only after the checksum.
     */
    public record Header(int magic, String command, boolean commandValid, int payloadLength, int checksum) {
    }

    /** Reads the 24-byte header at {@code offset}, failing on a wrong magic or an oversized length. */
    public static Header readHeader(byte[] buf, int offset, int expectedMagic) throws ProtocolException {
        if (buf.length - offset < HEADER_SIZE) {
            throw new ProtocolException(ProtocolError.TRUNCATED, "v1 header needs 24 bytes");
        }
        int magic = (int) BE_INT.get(buf, offset);
        if (magic != expectedMagic) {
            throw new ProtocolException(ProtocolError.WRONG_MAGIC, String.format("%08x", magic));
        }
        int commandLength = 0;
        boolean valid = true;
        boolean sawNul = false;
        for (int i = 0; i < COMMAND_SIZE; i++) {
            int c = buf[offset + 4 + i] & 0xff;
            if (sawNul) {
                if (c != 0) valid = false;
            } else if (c == 0) {
                sawNul = true;
            } else {
                commandLength++;
                if (c < 0x20 || c > 0x7e) valid = false;
            }
        }
        String command = new String(buf, offset + 4, commandLength, StandardCharsets.ISO_8859_1);
        long length = (int) LE_INT.get(buf, offset + 16) & 0xffffffffL;
        if (length > Limits.MAX_PROTOCOL_MESSAGE_LENGTH) {
            throw new ProtocolException(ProtocolError.OVERSIZED_MESSAGE, command + " announces " + length + " bytes");
        }
        int checksum = (int) LE_INT.get(buf, offset + 20);
        return new Header(magic, command, valid, (int) length, checksum);
    }

    /**
     * Checks the payload of a complete message against its header (checksum, then command) and decodes it.
     * {@code buf[offset .. offset + header.payloadLength())} is the payload.
     */
    public static Message readPayload(Header header, byte[] buf, int offset) throws ProtocolException {
        if (buf.length - offset < header.payloadLength()) {
            throw new ProtocolException(ProtocolError.TRUNCATED, "payload of " + header.payloadLength() + " bytes");
        }
        if (Hashes.checksum(buf, offset, header.payloadLength()) != header.checksum()) {
            throw new ProtocolException(ProtocolError.BAD_CHECKSUM, header.command());
        }
        if (!header.commandValid()) {
            throw new ProtocolException(ProtocolError.BAD_COMMAND, header.command());
        }
        return MessageDecoder.decode(header.command(), buf, offset, header.payloadLength());
    }

    /** Decodes one complete frame (header and payload, nothing after). */
    public static Message decode(byte[] frame, int expectedMagic) throws ProtocolException {
        Header header = readHeader(frame, 0, expectedMagic);
        if (frame.length - HEADER_SIZE != header.payloadLength()) {
            throw new ProtocolException(ProtocolError.TRUNCATED, "frame holds " + (frame.length - HEADER_SIZE)
                    + " payload bytes, header says " + header.payloadLength());
        }
        return readPayload(header, frame, HEADER_SIZE);
    }

    /** Appends the framed message to {@code out}. */
    public static void encode(int magic, Message message, WireWriter out) {
        String command = message.command();
        byte[] cmd = command.getBytes(StandardCharsets.ISO_8859_1);
        if (cmd.length > COMMAND_SIZE) {
            throw new IllegalArgumentException("command longer than 12 bytes: " + command);
        }
        int start = out.size();
        out.writeI32LE(Integer.reverseBytes(magic));
        out.writeBytes(cmd);
        for (int i = cmd.length; i < COMMAND_SIZE; i++) {
            out.writeU8(0);
        }
        out.writeI32LE(0);
        out.writeI32LE(0);
        int payloadStart = out.size();
        message.writePayload(out);
        int length = out.size() - payloadStart;
        if (length > Limits.MAX_PROTOCOL_MESSAGE_LENGTH) {
            throw new IllegalArgumentException(command + " payload of " + length + " bytes exceeds the v1 limit");
        }
        byte[] buf = out.array();
        LE_INT.set(buf, start + 16, length);
        LE_INT.set(buf, start + 20, Hashes.checksum(buf, payloadStart, length));
    }

    /** The framed message as a new array. */
    public static byte[] encode(int magic, Message message) {
        WireWriter w = new WireWriter();
        encode(magic, message, w);
        return w.toByteArray();
    }
}
