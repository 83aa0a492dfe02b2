package io.mooring.logging;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bitcoin Core's logging categories ({@code BCLog::LogFlags}, names from {@code LOG_CATEGORIES_BY_STR} in Core's
 * {@code src/logging.cpp}), each with an SLF4J logger named {@code mooring.<category>}.
 *
 * <p>Debug and trace lines on a category logger are written only when the category is enabled with
 * {@code -debug=<category>} (trace needs {@code -loglevel=trace} or {@code -loglevel=<category>:trace} as well), as
 * {@code [net] message} and {@code [net:trace] message}. INFO, WARN and ERROR lines on a category logger are always
 * written, as Core's {@code LogPrintLevel(BCLog::NET, Level::Info, ...)} does: {@code [net:info] message}.
 *
 * <p>{@code LOCK} exists in Core only in builds with {@code DEBUG_LOCKCONTENTION}; {@code KERNEL} and
 * {@code PRIVATEBROADCAST} are the newest on Core's master. Mooring accepts all of them.
 */
public enum LogCategory {
    NET("net"),
    TOR("tor"),
    MEMPOOL("mempool"),
    HTTP("http"),
    BENCH("bench"),
    ZMQ("zmq"),
    WALLETDB("walletdb"),
    RPC("rpc"),
    ESTIMATEFEE("estimatefee"),
    ADDRMAN("addrman"),
    SELECTCOINS("selectcoins"),
    REINDEX("reindex"),
    CMPCTBLOCK("cmpctblock"),
    RAND("rand"),
    PRUNE("prune"),
    PROXY("proxy"),
    MEMPOOLREJ("mempoolrej"),
    LIBEVENT("libevent"),
    COINDB("coindb"),
    QT("qt"),
    LEVELDB("leveldb"),
    VALIDATION("validation"),
    I2P("i2p"),
    IPC("ipc"),
    LOCK("lock"),
    BLOCKSTORAGE("blockstorage"),
    TXRECONCILIATION("txreconciliation"),
    SCAN("scan"),
    TXPACKAGES("txpackages"),
    KERNEL("kernel"),
    PRIVATEBROADCAST("privatebroadcast");

    /** The prefix of every category logger's name. */
    public static final String LOGGER_PREFIX = "mooring.";

    private final String coreName;
    private final String loggerName;

    LogCategory(String coreName) {
        this.coreName = coreName;
        this.loggerName = LOGGER_PREFIX + coreName;
    }

    /** Core's name, as used in {@code -debug=<name>} and in {@code [name]} log prefixes. */
    public String coreName() {
        return coreName;
    }

    /** The SLF4J logger name: {@code mooring.<coreName>}. */
    public String loggerName() {
        return loggerName;
    }

    /** The SLF4J logger of this category. */
    public Logger logger() {
        return LoggerFactory.getLogger(loggerName);
    }

    /** The category with Core's name {@code name} (exact, lower case as Core), if any. */
    public static Optional<LogCategory> fromCoreName(String name) {
        for (LogCategory c : values()) {
            if (c.coreName.equals(name)) return Optional.of(c);
        }
        return Optional.empty();
    }

    /**
     * The category a logger name belongs to: {@code mooring.net} and {@code mooring.net.anything} are {@link #NET};
     * any other name has none.
     */
    public static Optional<LogCategory> fromLoggerName(String loggerName) {
        if (loggerName == null || !loggerName.startsWith(LOGGER_PREFIX)) return Optional.empty();
        String rest = loggerName.substring(LOGGER_PREFIX.length());
        int dot = rest.indexOf('.');
        return fromCoreName(dot < 0 ? rest : rest.substring(0, dot));
    }

    /** Core's names, sorted as Core's {@code LogCategoriesString()} lists them. */
    public static List<String> coreNames() {
        return Arrays.stream(values()).map(LogCategory::coreName).sorted(Comparator.naturalOrder()).toList();
    }

    /** Core's names joined with ", ", as in the {@code -debug} help text. */
    public static String listString() {
        return String.join(", ", coreNames());
    }

    @Override
    public String toString() {
        return coreName.toLowerCase(Locale.ROOT);
    }
}
