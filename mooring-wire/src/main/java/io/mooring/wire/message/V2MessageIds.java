package io.mooring.wire.message;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * BIP324's one-byte message type ids for the v2 transport (Core's {@code V2_MESSAGE_IDS}): the first byte of a v2
 * packet's contents is either an id 1..28 standing for a command, or 0 followed by the 12-byte NUL-padded ASCII
 * command as in v1. Only the ids fixed by BIP324 itself are mapped; ids proposed by other BIPs (29 and up, see
 * {@link #PROPOSED}) are not used for encoding or decoding until they are final.
 */
public final class V2MessageIds {
    /** The id meaning "a 12-byte command follows". */
    public static final int LONG_FORM = 0;
    /** The size of the long form: the 0 byte and 12 command bytes. */
    public static final int LONG_FORM_SIZE = 1 + V1Envelope.COMMAND_SIZE;

    /** BIP324's table: element {@code i} is the command of id {@code i} (element 0, the long form, is null). */
    private static final List<String> BY_ID = Collections.unmodifiableList(Arrays.asList(
            null,
            MessageType.ADDR, MessageType.BLOCK, MessageType.BLOCKTXN, MessageType.CMPCTBLOCK,
            MessageType.FEEFILTER, MessageType.FILTERADD, MessageType.FILTERCLEAR, MessageType.FILTERLOAD,
            MessageType.GETBLOCKS, MessageType.GETBLOCKTXN, MessageType.GETDATA, MessageType.GETHEADERS,
            MessageType.HEADERS, MessageType.INV, MessageType.MEMPOOL, MessageType.MERKLEBLOCK,
            MessageType.NOTFOUND, MessageType.PING, MessageType.PONG, MessageType.SENDCMPCT,
            MessageType.TX, MessageType.GETCFILTERS, MessageType.CFILTER, MessageType.GETCFHEADERS,
            MessageType.CFHEADERS, MessageType.GETCFCHECKPT, MessageType.CFCHECKPT, MessageType.ADDRV2));

    /** The highest id BIP324 assigns. */
    public static final int MAX_ID = 28;

    /**
     * Ids proposed by other BIPs (bips {@code bip-0324/message_type_ids.md}): not final, for reference only. Neither
     * {@link #command(int)} nor {@link #id(String)} uses them; a peer sending one is treated as sending an unknown id.
     */
    public static final Map<Integer, String> PROPOSED = Map.of(
            29, "uproof", 30, "getuproof", 31, "uttls", 32, "getuttls", 33, "usummary",
            34, "utreexotx", 35, "uroot", 36, "geturoot", 37, MessageType.FEATURE);

    private static final Map<String, Integer> BY_COMMAND;

    static {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 1; i < BY_ID.size(); i++) {
            m.put(BY_ID.get(i), i);
        }
        BY_COMMAND = Map.copyOf(m);
        if (BY_ID.size() != MAX_ID + 1) throw new AssertionError("BIP324 table size");
    }

    private V2MessageIds() {
    }

    /** The command of a BIP324 short id 1..28; empty for 0 (the long form) and for ids BIP324 does not assign. */
    public static Optional<String> command(int id) {
        return id >= 1 && id <= MAX_ID ? Optional.of(BY_ID.get(id)) : Optional.empty();
    }

    /** The BIP324 short id of {@code command}, empty if it has none (it must then be sent in the long form). */
    public static OptionalInt id(String command) {
        Integer id = BY_COMMAND.get(command);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Writes the message type field: the short id if {@code command} has one, else 0 and the NUL-padded command. */
    public static void writeMessageType(WireWriter w, String command) {
        OptionalInt id = id(command);
        if (id.isPresent()) {
            w.writeU8(id.getAsInt());
        } else {
            writeLongForm(w, command);
        }
    }

    /** Writes the 13-byte long form (0 and the NUL-padded command) even if {@code command} has a short id. */
    public static void writeLongForm(WireWriter w, String command) {
        byte[] cmd = command.getBytes(StandardCharsets.ISO_8859_1);
        if (cmd.length > V1Envelope.COMMAND_SIZE) {
            throw new IllegalArgumentException("command longer than 12 bytes: " + command);
        }
        w.writeU8(LONG_FORM);
        w.writeBytes(cmd);
        for (int i = cmd.length; i < V1Envelope.COMMAND_SIZE; i++) {
            w.writeU8(0);
        }
    }

    /**
     * Reads the message type field at the start of a v2 packet's contents, leaving {@code r} at the payload. As
     * Core's {@code V2Transport::GetMessageType}: an unassigned short id, or a long form with bytes outside printable
     * ASCII or non-NUL bytes after the first NUL, gives an empty result (Core drops such a message and keeps the
     * peer). Only missing bytes are an error.
     */
    public static Optional<String> readMessageType(WireReader r) throws ProtocolException {
        if (!r.hasRemaining()) throw new ProtocolException(ProtocolError.TRUNCATED, "v2 contents without a message type");
        int first = r.readU8();
        if (first != LONG_FORM) {
            return command(first);
        }
        if (r.remaining() < V1Envelope.COMMAND_SIZE) {
            throw new ProtocolException(ProtocolError.TRUNCATED, "v2 long message type needs 12 bytes");
        }
        byte[] cmd = r.readByteArray(V1Envelope.COMMAND_SIZE);
        int length = 0;
        while (length < cmd.length && cmd[length] != 0) {
            int c = cmd[length] & 0xff;
            if (c < 0x20 || c > 0x7e) return Optional.empty();
            length++;
        }
        for (int i = length; i < cmd.length; i++) {
            if (cmd[i] != 0) return Optional.empty();
        }
        return Optional.of(new String(cmd, 0, length, StandardCharsets.ISO_8859_1));
    }
}
