package io.mooring.net;

import io.mooring.logging.LogCategory;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's TimeOffsets (node/timeoffsets.cpp): the clock offsets (their version's timestamp minus our time) of the
 * last 50 outbound peers, and their median, which getnetworkinfo reports as {@code timeoffset}. Used only to warn:
 * since Core 28 the offsets never adjust the node's time. Inbound peers are not sampled, so strangers connecting to
 * us cannot raise a false alarm.
 */
public final class TimeOffsets {
    /** Core's TimeOffsets::MAX_SIZE. */
    public static final int MAX_SIZE = 50;
    /** Core's WARN_THRESHOLD: a median further off than this means our clock is probably wrong. */
    public static final long WARN_THRESHOLD_SECONDS = 10 * 60;
    /** Below this many samples the median is 0 (Core's "only calculate the median if we have 5 or more"). */
    static final int MIN_SAMPLES = 5;

    private static final Logger NET = LogCategory.NET.logger();
    private static final Logger LOG = LoggerFactory.getLogger(TimeOffsets.class);

    private final Deque<Long> offsets = new ArrayDeque<>(MAX_SIZE);
    private boolean outOfSync;

    /** Core's Add: the oldest sample goes once 50 are held. */
    public void add(long offsetSeconds) {
        if (offsets.size() >= MAX_SIZE) {
            offsets.removeFirst();
        }
        offsets.addLast(offsetSeconds);
        NET.debug("Added time offset {}{}s, total samples {}", offsetSeconds >= 0 ? "+" : "", offsetSeconds,
                offsets.size());
    }

    /** Core's Median: 0 with fewer than 5 samples, else the upper median of the samples (approximate on purpose). */
    public long median() {
        if (offsets.size() < MIN_SAMPLES) return 0;
        long[] sorted = offsets.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The samples held (oldest first). */
    public int size() {
        return offsets.size();
    }

    /**
     * Core's WarnIfOutOfSync, called after each sample: logs Core's warning and keeps it set while the median is more
     * than ten minutes off; clears it once the median is back within the threshold. Returns whether it is set.
     */
    public boolean warnIfOutOfSync() {
        long median = median();
        // Math.abs(Long.MIN_VALUE) is negative: clamp first, as Core does.
        if (Math.abs(Math.max(median, Long.MIN_VALUE + 1)) <= WARN_THRESHOLD_SECONDS) {
            outOfSync = false;
            return false;
        }
        outOfSync = true;
        LOG.warn(warningText());
        return true;
    }

    /** Core's CLOCK_OUT_OF_SYNC warning while it is set (getnetworkinfo's {@code warnings}). */
    public Optional<String> warning() {
        return outOfSync ? Optional.of(warningText()) : Optional.empty();
    }

    private static String warningText() {
        return "Your computer's date and time appear to be more than " + WARN_THRESHOLD_SECONDS / 60
                + " minutes out of sync with the network, this may lead to consensus failure. After you've confirmed "
                + "your computer's clock, this message should no longer appear when you restart your node. Without a "
                + "restart, it should stop showing automatically after you've connected to a sufficient number of new "
                + "outbound peers, which may take some time. You can inspect the `timeoffset` field of the "
                + "`getpeerinfo` and `getnetworkinfo` RPC methods to get more info.";
    }
}
