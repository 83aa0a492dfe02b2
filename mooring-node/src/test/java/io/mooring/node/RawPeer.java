package io.mooring.node;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.PingMessage;
import io.mooring.wire.message.PongMessage;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.VerackMessage;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted peer on a plain socket for node tests: sends version (with the relay flag it is told) and verack,
 * then reads what the node sends, answering pings if told to, until the node closes the connection.
 */
final class RawPeer implements AutoCloseable {
    private static final AtomicInteger NONCES = new AtomicInteger(1);

    private final Socket socket;
    private final int magic;
    private final boolean answerPings;
    private final AtomicBoolean closedByNode = new AtomicBoolean();
    private final AtomicInteger messages = new AtomicInteger();
    private final java.util.List<Message> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread reader;

    private RawPeer(Socket socket, int magic, boolean answerPings) {
        this.socket = socket;
        this.magic = magic;
        this.answerPings = answerPings;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Connects, then sends version (relay as given) and verack. */
    static RawPeer handshake(InetSocketAddress node, int magic, boolean relay, boolean answerPings) throws IOException {
        RawPeer p = new RawPeer(new Socket(node.getAddress(), node.getPort()), magic, answerPings);
        PeerAddress none = new PeerAddress(PeerAddress.TIME_INIT, 0, NetAddress.UNSPECIFIED, 0);
        p.send(new VersionMessage(70016, ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS,
                System.currentTimeMillis() / 1000, none, none, 0x5eed0000L + NONCES.getAndIncrement(), "/raw:1/", 0,
                relay));
        p.send(VerackMessage.INSTANCE);
        return p;
    }

    synchronized void send(Message m) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(V1Envelope.encode(magic, m));
        out.flush();
    }

    private void read() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[V1Envelope.HEADER_SIZE];
            while (true) {
                in.readFully(header);
                int length = ByteBuffer.wrap(header, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                byte[] frame = new byte[V1Envelope.HEADER_SIZE + length];
                System.arraycopy(header, 0, frame, 0, header.length);
                in.readFully(frame, header.length, length);
                messages.incrementAndGet();
                Message m;
                try {
                    m = V1Envelope.decode(frame, magic);
                } catch (ProtocolException e) {
                    continue;
                }
                received.add(m);
                if (answerPings && m instanceof PingMessage ping) {
                    send(new PongMessage(ping.nonce()));
                }
            }
        } catch (IOException e) {
            closedByNode.set(!socket.isClosed());
        }
    }

    /** Our side's port: the node sees us as 127.0.0.1 at this port. */
    int localPort() {
        return socket.getLocalPort();
    }

    /** The node closed the connection. */
    boolean closedByNode() {
        return closedByNode.get();
    }

    /** The messages received from the node so far that decoded, in order. */
    java.util.List<Message> received() {
        return java.util.List.copyOf(received);
    }

    /** The commands of {@link #received()}. */
    java.util.List<String> commands() {
        return received.stream().map(Message::command).toList();
    }

    /** Messages received from the node so far. */
    int messagesReceived() {
        return messages.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        reader.interrupt();
    }
}
