package io.mooring.logging;

/**
 * Core's {@code -logips} ({@code fLogIPs}, logging.cpp): whether log lines name peers' IP addresses. Off by default,
 * so a shared debug.log does not leak who the node talks to. Like Core's flag it is process-wide: it belongs to the
 * log, not to any one connection, and the daemon sets it once at startup.
 */
public final class LogIps {
    private static volatile boolean enabled;

    private LogIps() {
    }

    /** Set by the daemon from {@code -logips}. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    public static boolean enabled() {
        return enabled;
    }

    /** Core's {@code CNode::LogPeer}: {@code peer=N}, or {@code peer=N, peeraddr=ADDR} with {@code -logips}. */
    public static String peer(Object id, Object address) {
        return enabled ? "peer=" + id + ", peeraddr=" + address : "peer=" + id;
    }

    /** {@code prefix + address} with {@code -logips}, else "" (Core's {@code fLogIPs ? strprintf(...) : ""}). */
    public static String optional(String prefix, Object address) {
        return enabled ? prefix + address : "";
    }
}
