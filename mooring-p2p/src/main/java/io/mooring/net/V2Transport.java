package io.mooring.net;

import io.mooring.crypto.EllSwift;
import io.mooring.crypto.Secp256k1;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.message.Limits;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.MessageDecoder;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.V2MessageIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * BIP324's encrypted v2 transport (Core's {@code V2Transport}, net.cpp), sans I/O.
 *
 * <p>Handshake: each side sends its 64-byte ElligatorSwift key and 0..4095 bytes of random garbage; once it has the
 * peer's key it sends its garbage terminator and a version packet whose AAD is its garbage. The receiver looks for
 * the peer's terminator in at most 4095 + 16 bytes after the key, then takes packets: the first authenticates the
 * garbage, the first non-decoy one is the version packet (its contents are ignored, as BIP324 asks), and every later
 * non-decoy packet is an application message: a one-byte BIP324 message id ({@link V2MessageIds}) or 0 and a 12-byte
 * command, then the payload. Decoys (header bit 7) are dropped wherever they appear.
 *
 * <p>Sending: the initiator's key and garbage are ready at construction; a responder sends nothing until it knows the
 * peer speaks v2. Messages given to {@link #encode} before the handshake allows encryption are queued and come out of
 * {@link #takeBytesToSend} once the peer's key arrived, after the terminator and version packet. The shell must call
 * {@code takeBytesToSend} after construction and after every {@link #receive}.
 *
 * <p>v1 fallback (responders only, Core's {@code KEY_MAYBE_V1} state): if the first 16 bytes received are the
 * network magic and {@code "version\0\0\0\0\0"}, the peer speaks v1. The transport then becomes a {@link V1Transport}
 * inside, as Core's does: the 16 bytes are replayed into it, {@link #protocol()} turns {@link TransportProtocol#V1},
 * and {@link #receive}/{@link #encode} go to the v1 framing; the shell keeps this object and needs no hand-over. A key
 * whose bytes 4..16 look like a v1 version header with another network's magic is fatal ({@code WRONG_MAGIC}).
 *
 * <p>Fatal ({@link TransportEvent.Fatal}, nothing accepted afterwards): a packet that fails authentication
 * ({@code V2_DECRYPTION_FAILED}), a packet longer than {@link #MAX_CONTENTS_LEN} ({@code OVERSIZED_MESSAGE}), no
 * terminator ({@code V2_MISSING_GARBAGE_TERMINATOR}). An unknown message id or a bad long command drops that message
 * only ({@code MessageDropped} under {@code *other*}), as Core rejects the message and keeps the peer.
 *
 * <p>Keys and garbage come from the caller's random generator (Core draws the key from its strong RNG and the garbage
 * from a FastRandomContext); the node must pass a cryptographically strong one such as
 * {@link io.mooring.util.FastRandomContext}. Not thread-safe.
 */
public final class V2Transport implements Transport {
    /** The longest garbage a side may send (Core's {@code MAX_GARBAGE_LEN}). */
    public static final int MAX_GARBAGE_LEN = 4095;
    /** How many first bytes a responder compares with a v1 version header (Core's {@code V1_PREFIX_LEN}). */
    public static final int V1_PREFIX_LEN = 16;
    /** The largest packet contents: the long message type (13 bytes) and the largest v1 payload, as Core. */
    public static final int MAX_CONTENTS_LEN = 1 + V1Envelope.COMMAND_SIZE
            + (int) Math.min(0x02000000L, Limits.MAX_PROTOCOL_MESSAGE_LENGTH);
    /** Core reserves at most this much receive buffer beyond what has arrived ({@code MAX_RESERVE_AHEAD}). */
    private static final int MAX_RESERVE_AHEAD = 256 * 1024;
    private static final byte[] VERSION_CONTENTS = new byte[0];
    private static final byte[] NO_AAD = new byte[0];
    private static final byte[] VERSION_COMMAND = "version\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);

    /** Core's RecvState, without APP_READY: a decrypted message is handed out as an event at once. */
    enum ReceiveState { KEY_MAYBE_V1, KEY, GARB_GARBTERM, VERSION, APP, V1, FAILED }

    /** Core's SendState. */
    enum SendState { MAYBE_V1, AWAITING_KEY, READY, V1 }

    private final int magic;
    private final boolean initiating;
    /**
     * Made when first needed: at once for an initiator; for a responder only once its first bytes show a v2 peer, so
     * the v1 peers a node serves on the same port never pay for a key (ElligatorSwift costs ~0.3 ms here).
     */
    private Bip324Cipher cipher;
    private byte[] privateKey;
    private byte[] entropy32;
    private byte[] sendGarbage;
    private ReceiveState receiveState;
    private SendState sendState;
    private V1Transport v1;

    private byte[] receiveBuffer = new byte[V1_PREFIX_LEN];
    private int receiveFill;
    /** In VERSION/APP with at least 3 bytes buffered: the decrypted contents length of the packet being read. */
    private int receiveLength;
    /** The AAD the next packet must authenticate: the peer's garbage, until one packet has. */
    private byte[] receiveAad = NO_AAD;
    private boolean versionReceived;

    private final WireWriter sendBuffer = new WireWriter();
    private final List<Message> queued = new ArrayList<>();
    private long bytesHandedOut;

    /**
     * A transport with a fresh key, key encoding entropy and garbage (random length 0..4095) drawn from
     * {@code random}, for a connection we open ({@code initiating}) or accept.
     */
    public V2Transport(int magic, boolean initiating, RandomGenerator random) {
        this(magic, initiating, randomPrivateKey(random), randomBytes(random, 32),
                randomBytes(random, random.nextInt(MAX_GARBAGE_LEN + 1)));
    }

    /** A transport with the given private key, 32 bytes of key-encoding entropy and garbage (Core's test constructor). */
    public V2Transport(int magic, boolean initiating, byte[] privateKey, byte[] entropy32, byte[] garbage) {
        if (garbage.length > MAX_GARBAGE_LEN) throw new IllegalArgumentException("garbage longer than 4095 bytes");
        this.magic = magic;
        this.initiating = initiating;
        this.privateKey = privateKey.clone();
        this.entropy32 = entropy32.clone();
        this.sendGarbage = garbage.clone();
        this.receiveState = initiating ? ReceiveState.KEY : ReceiveState.KEY_MAYBE_V1;
        this.sendState = initiating ? SendState.AWAITING_KEY : SendState.MAYBE_V1;
        if (initiating) startSendingHandshake();
    }

    private static byte[] randomPrivateKey(RandomGenerator random) {
        while (true) {
            byte[] key = randomBytes(random, 32);
            if (Secp256k1.isValidPrivateKey(key)) return key;
        }
    }

    private static byte[] randomBytes(RandomGenerator random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Bip324Cipher cipher() {
        if (cipher == null) {
            cipher = Bip324Cipher.create(magic, privateKey, entropy32);
            java.util.Arrays.fill(privateKey, (byte) 0);
            privateKey = null;
            entropy32 = null;
        }
        return cipher;
    }

    /** Detecting until the peer's version packet authenticated the session (as Core's GetInfo), then v2; or v1. */
    @Override
    public TransportProtocol protocol() {
        if (receiveState == ReceiveState.V1) return TransportProtocol.V1;
        return versionReceived ? TransportProtocol.V2 : TransportProtocol.DETECTING;
    }

    /** The session id in hex once the version packet arrived (getpeerinfo's {@code session_id}), else "". */
    @Override
    public String sessionId() {
        return protocol() == TransportProtocol.V2 ? HexFormat.of().formatHex(cipher().sessionId()) : "";
    }

    /** Our ElligatorSwift public key (the first 64 bytes we send). */
    public byte[] ourPublicKey() {
        return cipher().ourPublicKey();
    }

    public boolean initiating() {
        return initiating;
    }

    /**
     * Core's {@code ShouldReconnectV1}: for a connection we opened, nothing has been received yet but we have handed
     * out at least a v1 header's worth (24 bytes), so a v1-only peer has likely hung up on our key; the shell may
     * then retry the address with v1. (Core counts bytes sent; this counts bytes given to the shell.)
     */
    public boolean shouldReconnectV1() {
        return initiating && receiveState == ReceiveState.KEY && receiveFill == 0
                && bytesHandedOut >= V1Envelope.HEADER_SIZE;
    }

    @Override
    public int bufferedBytes() {
        return receiveState == ReceiveState.V1 ? v1.bufferedBytes() : receiveFill;
    }

    @Override
    public int takeBytesToSend(WireWriter out) {
        int n = sendBuffer.size();
        if (n > 0) {
            out.writeBytes(sendBuffer.array(), 0, n);
            sendBuffer.reset();
            bytesHandedOut += n;
        }
        return n;
    }

    @Override
    public int encode(Message message, WireWriter out) {
        switch (sendState) {
            case V1 -> {
                takeBytesToSend(out);
                return v1.encode(message, out);
            }
            case READY -> {
                takeBytesToSend(out);
                byte[] packet = encryptMessage(message);
                out.writeBytes(packet);
                bytesHandedOut += packet.length;
                return packet.length;
            }
            case MAYBE_V1, AWAITING_KEY -> {
                queued.add(message);
                return 0;
            }
        }
        throw new AssertionError(sendState);
    }

    /**
     * Queues a decoy packet of {@code contentsLength} zero bytes (encrypted, so it looks like any packet) with the
     * ignore bit set; the peer drops it. Only once the handshake allows encryption. Core sends no decoys; BIP324
     * allows them anywhere after the garbage terminator.
     */
    public void queueDecoy(int contentsLength) {
        if (sendState != SendState.READY) throw new IllegalStateException("decoys need the peer's key first");
        if (contentsLength < 0 || contentsLength > MAX_CONTENTS_LEN) throw new IllegalArgumentException("decoy length");
        sendBuffer.writeBytes(cipher().encrypt(new byte[contentsLength], NO_AAD, true));
    }

    /** The contents (message type field, then payload) of a message, encrypted as one packet. */
    /**
     * The bytes {@code message} takes on the wire as a v2 packet (length, header, message type, payload, tag): what a
     * message queued during the handshake will cost once it goes out, for per-message byte counts.
     */
    public static int packetSize(Message message) {
        WireWriter contents = new WireWriter();
        V2MessageIds.writeMessageType(contents, message.command());
        message.writePayload(contents);
        return contents.size() + Bip324Cipher.EXPANSION;
    }

    private byte[] encryptMessage(Message message) {
        WireWriter contents = new WireWriter();
        V2MessageIds.writeMessageType(contents, message.command());
        int typeSize = contents.size();
        message.writePayload(contents);
        int payload = contents.size() - typeSize;
        if (payload > Limits.MAX_PROTOCOL_MESSAGE_LENGTH) {
            throw new IllegalArgumentException(message.command() + " payload of " + payload + " bytes exceeds the limit");
        }
        byte[] out = new byte[contents.size() + Bip324Cipher.EXPANSION];
        cipher().encrypt(contents.array(), 0, contents.size(), NO_AAD, false, out, 0);
        return out;
    }

    /** Core's StartSendingHandshake: our key, then our garbage. */
    private void startSendingHandshake() {
        sendBuffer.writeBytes(cipher().ourPublicKey());
        sendBuffer.writeBytes(sendGarbage);
    }

    @Override
    public void receive(byte[] data, int offset, int length, List<TransportEvent> events) {
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            switch (receiveState) {
                case V1 -> {
                    v1.receive(data, pos, end - pos, events);
                    return;
                }
                case FAILED -> {
                    return;
                }
                case KEY_MAYBE_V1 -> {
                    pos += take(data, pos, end, V1_PREFIX_LEN - receiveFill);
                    processMaybeV1(events);
                }
                case KEY -> {
                    pos += take(data, pos, end, EllSwift.ENCODED_SIZE - receiveFill);
                    processKey(events);
                }
                case GARB_GARBTERM -> {
                    // One byte at a time: the terminator may end anywhere.
                    pos += take(data, pos, end, 1);
                    processGarbage(events);
                }
                case VERSION, APP -> {
                    int want = receiveFill < Bip324Cipher.LENGTH_LEN
                            ? Bip324Cipher.LENGTH_LEN - receiveFill
                            : Bip324Cipher.EXPANSION + receiveLength - receiveFill;
                    pos += take(data, pos, end, want);
                    processPacket(events);
                }
            }
        }
    }

    /** Appends up to {@code max} bytes of {@code data[pos..end)} to the receive buffer; returns how many. */
    private int take(byte[] data, int pos, int end, int max) {
        int n = Math.min(max, end - pos);
        int needed = receiveFill + n;
        if (needed > receiveBuffer.length) {
            // Grow towards what the state expects, but never more than MAX_RESERVE_AHEAD past what has arrived.
            int expected = receiveFill + max;
            int capacity = Math.max(needed, Math.min(expected, needed + MAX_RESERVE_AHEAD));
            receiveBuffer = Arrays.copyOf(receiveBuffer, capacity);
        }
        System.arraycopy(data, pos, receiveBuffer, receiveFill, n);
        receiveFill = needed;
        return n;
    }

    private void fail(List<TransportEvent> events, ProtocolError reason, String detail) {
        receiveState = ReceiveState.FAILED;
        receiveBuffer = new byte[0];
        receiveFill = 0;
        events.add(new TransportEvent.Fatal(reason, detail));
    }

    /** Core's ProcessReceivedMaybeV1Bytes. */
    private void processMaybeV1(List<TransportEvent> events) {
        byte[] prefix = v1Prefix();
        if (!Arrays.equals(receiveBuffer, 0, receiveFill, prefix, 0, receiveFill)) {
            // Not a v1 version header: a v2 key is arriving. Keep the bytes and start our side of the handshake.
            receiveState = ReceiveState.KEY;
            sendState = SendState.AWAITING_KEY;
            startSendingHandshake();
            processKey(events);
        } else if (receiveFill == V1_PREFIX_LEN) {
            // A v1 peer: replay the 16 bytes into a v1 transport, which takes over both directions.
            v1 = new V1Transport(magic);
            receiveState = ReceiveState.V1;
            sendState = SendState.V1;
            byte[] replay = Arrays.copyOf(receiveBuffer, receiveFill);
            receiveBuffer = new byte[0];
            receiveFill = 0;
            sendGarbage = null;
            v1.receive(replay, 0, replay.length, events);
            for (Message m : queued) v1.encode(m, sendBuffer);
            queued.clear();
        }
    }

    private byte[] v1Prefix() {
        byte[] prefix = new byte[V1_PREFIX_LEN];
        for (int i = 0; i < 4; i++) prefix[i] = (byte) (magic >>> (24 - 8 * i));
        System.arraycopy(VERSION_COMMAND, 0, prefix, 4, VERSION_COMMAND.length);
        return prefix;
    }

    /** Core's ProcessReceivedKeyBytes. */
    private void processKey(List<TransportEvent> events) {
        if (!initiating && receiveFill >= V1_PREFIX_LEN
                && Arrays.equals(receiveBuffer, 4, V1_PREFIX_LEN, VERSION_COMMAND, 0, VERSION_COMMAND.length)) {
            // A v1 version header with another network's magic (ours would have meant v1 fallback).
            fail(events, ProtocolError.WRONG_MAGIC, "V1 peer with wrong MessageStart "
                    + HexFormat.of().formatHex(receiveBuffer, 0, 4));
            return;
        }
        if (receiveFill < EllSwift.ENCODED_SIZE) return;
        cipher().initialize(Arrays.copyOf(receiveBuffer, EllSwift.ENCODED_SIZE), initiating);
        receiveState = ReceiveState.GARB_GARBTERM;
        receiveFill = 0;
        sendState = SendState.READY;
        sendBuffer.writeBytes(cipher().sendGarbageTerminator());
        sendBuffer.writeBytes(cipher().encrypt(VERSION_CONTENTS, sendGarbage, false));
        sendGarbage = null;
        for (Message m : queued) sendBuffer.writeBytes(encryptMessage(m));
        queued.clear();
    }

    /** Core's ProcessReceivedGarbageBytes. */
    private void processGarbage(List<TransportEvent> events) {
        int t = Bip324Cipher.GARBAGE_TERMINATOR_LEN;
        if (receiveFill < t) return;
        byte[] terminator = cipher().receiveGarbageTerminator();
        if (Arrays.equals(receiveBuffer, receiveFill - t, receiveFill, terminator, 0, t)) {
            receiveAad = Arrays.copyOf(receiveBuffer, receiveFill - t);
            receiveFill = 0;
            receiveState = ReceiveState.VERSION;
        } else if (receiveFill == MAX_GARBAGE_LEN + t) {
            fail(events, ProtocolError.V2_MISSING_GARBAGE_TERMINATOR, "missing garbage terminator");
        }
    }

    /** Core's ProcessReceivedPacketBytes. */
    private void processPacket(List<TransportEvent> events) {
        if (receiveFill == Bip324Cipher.LENGTH_LEN) {
            receiveLength = cipher().decryptLength(receiveBuffer, 0);
            if (receiveLength > MAX_CONTENTS_LEN) {
                fail(events, ProtocolError.OVERSIZED_MESSAGE, "packet too large (" + receiveLength + " bytes)");
            }
            return;
        }
        if (receiveFill < Bip324Cipher.LENGTH_LEN || receiveFill != receiveLength + Bip324Cipher.EXPANSION) return;
        Optional<Bip324Cipher.Decrypted> packet = cipher().decrypt(receiveBuffer, Bip324Cipher.LENGTH_LEN,
                receiveFill - Bip324Cipher.LENGTH_LEN, receiveAad);
        int wireBytes = receiveFill;
        receiveFill = 0;
        if (receiveBuffer.length > MAX_RESERVE_AHEAD) receiveBuffer = new byte[V1_PREFIX_LEN];
        if (packet.isEmpty()) {
            fail(events, ProtocolError.V2_DECRYPTION_FAILED,
                    "packet decryption failure (" + receiveLength + " bytes)");
            return;
        }
        // Only the first packet, decoy or not, authenticates the garbage.
        receiveAad = NO_AAD;
        if (packet.get().ignore()) return;
        if (receiveState == ReceiveState.VERSION) {
            // The version packet: its contents are for future extensions, and are ignored.
            receiveState = ReceiveState.APP;
            versionReceived = true;
            return;
        }
        events.add(message(packet.get().contents(), wireBytes));
    }

    /** Core's GetMessageType and GetReceivedMessage: the message type field, then the payload decoded. */
    private static TransportEvent message(byte[] contents, int wireBytes) {
        WireReader r = new WireReader(contents);
        Optional<String> command;
        try {
            command = V2MessageIds.readMessageType(r);
        } catch (ProtocolException e) {
            command = Optional.empty();
        }
        if (command.isEmpty()) {
            return new TransportEvent.MessageDropped(TransportEvent.MessageDropped.OTHER, ProtocolError.BAD_COMMAND,
                    "invalid message type (" + contents.length + " bytes contents)", wireBytes);
        }
        int start = contents.length - r.remaining();
        try {
            Message m = MessageDecoder.decode(command.get(), contents, start, contents.length - start);
            return new TransportEvent.MessageReceived(m, wireBytes);
        } catch (ProtocolException e) {
            return new TransportEvent.MessageDropped(command.get(), e.error(), e.getMessage(), wireBytes);
        }
    }
}
