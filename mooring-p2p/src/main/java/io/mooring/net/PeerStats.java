package io.mooring.net;

import java.util.Map;
import java.util.TreeMap;

/** Bytes sent and received by one peer, in total and per message type (getpeerinfo's bytessent_per_msg). */
public final class PeerStats {
    private long bytesSent;
    private long bytesReceived;
    private final Map<String, Long> sentPerMessage = new TreeMap<>();
    private final Map<String, Long> receivedPerMessage = new TreeMap<>();

    void recordSent(String command, long bytes) {
        bytesSent += bytes;
        sentPerMessage.merge(command, bytes, Long::sum);
    }

    void recordReceived(String command, long bytes) {
        bytesReceived += bytes;
        receivedPerMessage.merge(command, bytes, Long::sum);
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
