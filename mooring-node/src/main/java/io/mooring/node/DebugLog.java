package io.mooring.node;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.mooring.logging.LogCategory;

/**
 * The daemon's debug.log: configures Logback in code (no logback.xml) so that SLF4J lines come out in Core's
 * format, with Core's category filtering ({@code -debug}, {@code -debugexclude}, {@code -loglevel}).
 */
public final class DebugLog implements AutoCloseable {
    /** Which categories log below INFO, and how far down. */
    public record Levels(Set<LogCategory> enabled, Level global, Map<LogCategory, Level> perCategory) {
        public Levels {
            enabled = enabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabled));
            perCategory = Map.copyOf(perCategory);
        }

        public static Levels none() {
            return new Levels(Set.of(), Level.DEBUG, Map.of());
        }
    }

    private static final List<String> LEVELS = List.of("info", "debug", "trace");

    private final LoggerContext context;
    private final CoreLogAppender appender;

    private DebugLog(LoggerContext context, CoreLogAppender appender) {
        this.context = context;
        this.appender = appender;
    }

    /**
     * Core's {@code SetLoggingCategories}: {@code -debug} values after the last "0"/"none" enable categories
     * ("", "1" and "all" enable all); {@code -debugexclude} then disables.
     */
    static Set<LogCategory> categories(List<String> debug, List<String> exclude) throws ConfigException {
        int start = 0;
        for (int i = debug.size() - 1; i >= 0; i--) {
            if (debug.get(i).equals("0") || debug.get(i).equals("none")) {
                start = i + 1;
                break;
            }
        }
        EnumSet<LogCategory> out = EnumSet.noneOf(LogCategory.class);
        for (String cat : debug.subList(start, debug.size())) {
            if (!enable(out, cat, true)) throw new ConfigException("Unsupported logging category -debug=" + cat + ".");
        }
        for (String cat : exclude) {
            if (!enable(out, cat, false)) {
                throw new ConfigException("Unsupported logging category -debugexclude=" + cat + ".");
            }
        }
        return out;
    }

    private static boolean enable(EnumSet<LogCategory> set, String name, boolean on) {
        if (name.isEmpty() || name.equals("1") || name.equals("all")) {
            if (on) set.addAll(EnumSet.allOf(LogCategory.class));
            else set.clear();
            return true;
        }
        Optional<LogCategory> c = LogCategory.fromCoreName(name);
        if (c.isEmpty()) return false;
        if (on) set.add(c.get());
        else set.remove(c.get());
        return true;
    }

    /** Core's {@code SetLoggingLevel} for {@code -loglevel=<level>} and {@code -loglevel=<category>:<level>}. */
    static Levels levels(Set<LogCategory> enabled, List<String> loglevel) throws ConfigException {
        Level global = Level.DEBUG;
        Map<LogCategory, Level> per = new EnumMap<>(LogCategory.class);
        for (String s : loglevel) {
            int colon = s.length() > 3 ? s.indexOf(':', 3) : -1;
            if (colon < 0) {
                Level l = parseLevel(s);
                if (l == null) {
                    throw new ConfigException("Unsupported global logging level -loglevel=" + s + ". Valid values: "
                            + String.join(", ", LEVELS) + ".");
                }
                global = l;
            } else {
                String[] toks = s.split(":", -1);
                Optional<LogCategory> c = toks.length == 2 ? LogCategory.fromCoreName(toks[0]) : Optional.empty();
                Level l = toks.length == 2 ? parseLevel(toks[1]) : null;
                if (c.isEmpty() || l == null) {
                    throw new ConfigException("Unsupported category-specific logging level -loglevel=" + s
                            + ". Expected -loglevel=<category>:<loglevel>. Valid categories: "
                            + LogCategory.listString() + ". Valid loglevels: " + String.join(", ", LEVELS) + ".");
                }
                per.put(c.get(), l);
            }
        }
        return new Levels(enabled, global, per);
    }

    private static Level parseLevel(String s) {
        return switch (s) {
            case "info" -> Level.INFO;
            case "debug" -> Level.DEBUG;
            case "trace" -> Level.TRACE;
            default -> null;
        };
    }

    /**
     * Resets Logback and installs the Core-format appender, buffering until {@link #open}. Category loggers of
     * enabled categories get their level (debug by default); everything else logs at INFO and above.
     */
    static DebugLog configure(CoreLogAppender.Format format, Levels levels, Clock clock) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            throw new IllegalStateException("SLF4J is not bound to Logback: " + factory.getClass().getName());
        }
        context.reset();
        CoreLogAppender appender = new CoreLogAppender(format, clock);
        appender.setContext(context);
        appender.setName("debug.log");
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        for (LogCategory c : LogCategory.values()) {
            Level l = levels.enabled().contains(c) ? levels.perCategory().getOrDefault(c, levels.global()) : Level.INFO;
            context.getLogger(c.loggerName()).setLevel(l);
        }
        return new DebugLog(context, appender);
    }

    /** Opens the file (or not, for -nodebuglogfile) and flushes the lines logged so far. */
    void open(Optional<Path> file, PrintStream console, boolean shrink) throws ConfigException {
        try {
            if (file.isPresent() && shrink) CoreLogAppender.shrink(file.get());
            appender.open(file, console);
        } catch (IOException e) {
            throw new ConfigException("Could not open debug log file " + file.map(Path::toString).orElse(""), e);
        }
    }

    /** Stops the appender and closes the file. */
    @Override
    public void close() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }
}
