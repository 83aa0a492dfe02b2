package io.mooring.net;

import io.mooring.wire.message.MessageType;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Bytes sent and received by one peer, in total and per message type (getpeerinfo's bytessent_per_msg).
 *
 * <p>Keys are bounded as Core's {@code mapRecvBytesPerMsgType}: only the known message types
 * ({@link MessageType#ALL}) get their own key; any other command is counted under {@code *other*}
 * ({@code NET_MESSAGE_TYPE_OTHER}, net.cpp {@code CNode::ReceiveMsgBytes}). Otherwise a peer sending random
 * commands would grow the maps without bound.
 */
public final class PeerStats {
    /** Core's NET_MESSAGE_TYPE_OTHER. */
    public static final String OTHER = TransportEvent.MessageDropped.OTHER;
    private static final Set<String> KNOWN = Set.copyOf(MessageType.ALL);

    private long bytesSent;
    private long bytesReceived;
    private final Map<String, Long> sentPerMessage = new TreeMap<>();
    private final Map<String, Long> receivedPerMessage = new TreeMap<>();

    /** The key a command is counted under: itself when Core knows it, else {@code *other*}. */
    static String key(String command) {
        return KNOWN.contains(command) ? command : OTHER;
    }

    void recordSent(String command, long bytes) {
        bytesSent += bytes;
        sentPerMessage.merge(key(command), bytes, Long::sum);
    }

    void recordReceived(String command, long bytes) {
        bytesReceived += bytes;
        receivedPerMessage.merge(key(command), bytes, Long::sum);
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    /** A copy, sorted by command, as Core prints it. */
    public Map<String, Long> sentPerMessage() {
        return new TreeMap<>(sentPerMessage);
    }

    public Map<String, Long> receivedPerMessage() {
        return new TreeMap<>(receivedPerMessage);
    }
}
