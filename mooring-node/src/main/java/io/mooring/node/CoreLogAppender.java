package io.mooring.node;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.mooring.logging.LogCategory;

/**
 * A Logback appender that writes Core's debug.log lines ({@code BCLog::Logger::Format} in Core's
 * {@code src/logging.cpp}): {@code 2026-11-23T18:47:21Z [net] message}. Like Core's logger it buffers lines until
 * {@link #open} (so lines logged before the datadir is locked land in debug.log after it opens), appends five
 * newlines to separate runs, writes every line unbuffered, and escapes control characters as {@code \xNN}.
 */
final class CoreLogAppender extends AppenderBase<ILoggingEvent> {
    /** How lines look; Core's -logtimestamps, -logtimemicros, -logthreadnames, -loglevelalways, -mocktime. */
    record Format(boolean timestamps, boolean micros, boolean threadNames, boolean alwaysCategoryLevel,
                  long mocktimeSeconds) {
    }

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Format format;
    private final Clock clock;
    private final List<String> buffered = new ArrayList<>();
    private boolean buffering = true;
    private OutputStream file;
    private PrintStream console;

    CoreLogAppender(Format format, Clock clock) {
        this.format = format;
        this.clock = clock;
    }

    /** Core's {@code FormatISO8601DateTime}, with microseconds when asked. */
    static String timestamp(Instant t, boolean micros) {
        String s = SECONDS.format(t);
        if (micros) s += String.format(".%06d", t.getNano() / 1000);
        return s + "Z";
    }

    /** Core's {@code GetLogPrefix}. */
    static String prefix(Optional<LogCategory> category, Level level, boolean always) {
        boolean hasCategory = always || category.isPresent();
        String levelName = levelName(level);
        if (!hasCategory && levelName.equals("info")) return "";
        StringBuilder s = new StringBuilder("[");
        if (hasCategory) s.append(category.map(LogCategory::coreName).orElse("all"));
        if (always || !hasCategory || !levelName.equals("debug")) {
            if (hasCategory) s.append(':');
            s.append(levelName);
        }
        return s.append("] ").toString();
    }

    static String levelName(Level level) {
        return switch (level.toInt()) {
            case Level.TRACE_INT -> "trace";
            case Level.DEBUG_INT -> "debug";
            case Level.INFO_INT -> "info";
            case Level.WARN_INT -> "warning";
            default -> "error";
        };
    }

    /** Core's {@code LogEscapeMessage}: control characters other than newline become {@code \xNN}. */
    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 32 || c == '\n') && c != 0x7f;
            if (!ok && b == null) b = new StringBuilder(s.substring(0, i));
            if (b != null) {
                if (ok) b.append(c);
                else b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b == null ? s : b.toString();
    }

    String formatLine(ILoggingEvent e) {
        StringBuilder line = new StringBuilder();
        if (format.timestamps()) {
            Instant t = format.micros() ? e.getInstant() : Instant.ofEpochSecond(e.getTimeStamp() / 1000);
            if (t == null) t = clock.instant();
            line.append(timestamp(t, format.micros()));
            if (format.mocktimeSeconds() > 0) {
                line.append(" (mocktime: ").append(timestamp(Instant.ofEpochSecond(format.mocktimeSeconds()), false))
                        .append(')');
            }
            line.append(' ');
        }
        if (format.threadNames()) {
            String name = e.getThreadName();
            line.append('[').append(name == null || name.isEmpty() ? "unknown" : name).append("] ");
        }
        line.append(prefix(LogCategory.fromLoggerName(e.getLoggerName()), e.getLevel(), format.alwaysCategoryLevel()));
        String message = e.getFormattedMessage();
        if (e.getThrowableProxy() != null) {
            message = message + "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy());
        }
        line.append(escape(message == null ? "" : message));
        if (line.charAt(line.length() - 1) != '\n') line.append('\n');
        return line.toString();
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        String line = formatLine(e);
        if (buffering) {
            buffered.add(line);
            return;
        }
        write(line);
    }

    private void write(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (console != null) {
            console.write(bytes, 0, bytes.length);
            console.flush();
        }
        if (file != null) {
            try {
                file.write(bytes);
                file.flush();
            } catch (IOException ex) {
                addError("debug.log write failed", ex);
            }
        }
    }

    /**
     * Core's {@code StartLogging}: opens the file (append), writes the run separator, then the buffered lines.
     *
     * @param logFile the file, or empty for -nodebuglogfile
     * @param console the console stream for -printtoconsole, or null
     */
    synchronized void open(Optional<Path> logFile, PrintStream console) throws IOException {
        if (logFile.isPresent()) {
            file = Files.newOutputStream(logFile.get(), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            file.write("\n\n\n\n\n".getBytes(StandardCharsets.US_ASCII));
            file.flush();
        }
        this.console = console;
        buffering = false;
        for (String line : buffered) write(line);
        buffered.clear();
        if (console != null) console.flush();
    }

    @Override
    public synchronized void stop() {
        super.stop();
        buffered.clear();
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // closing at shutdown
            }
            file = null;
        }
    }

    /**
     * Core's {@code ShrinkDebugFile}: when the file exceeds 11 MB (10% over 10 MB) keep only its last 10 MB.
     */
    static void shrink(Path logFile) throws IOException {
        final long keep = 10_000_000L;
        if (!Files.isRegularFile(logFile)) return;
        long size = Files.size(logFile);
        if (size <= 11 * (keep / 10)) return;
        byte[] tail = new byte[(int) keep];
        try (RandomAccessFile raf = new RandomAccessFile(logFile.toFile(), "r")) {
            raf.seek(size - keep);
            raf.readFully(tail);
        }
        Files.write(logFile, tail);
    }
}
