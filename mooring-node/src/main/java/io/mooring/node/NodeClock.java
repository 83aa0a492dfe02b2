package io.mooring.node;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The node's clock: the system (or a test's) clock, unless {@code setmocktime} fixed the time (regtest only), as
 * Core's GetTime honours mocktime. Everything time-driven in the node (validation's two-hour future limit, IBD state,
 * timers) reads this clock, so long chains can be mined with back-dated times.
 */
public final class NodeClock extends Clock {
    private final Clock base;
    /** Seconds since the epoch, or 0 for "not mocked" (Core's convention). */
    private volatile long mockTime;

    public NodeClock(Clock base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /** Core's SetMockTime: 0 returns to the real clock. */
    public void setMockTime(long epochSeconds) {
        if (epochSeconds < 0) throw new IllegalArgumentException("mocktime cannot be negative");
        this.mockTime = epochSeconds;
    }

    public long mockTime() {
        return mockTime;
    }

    @Override
    public Instant instant() {
        long mock = mockTime;
        return mock != 0 ? Instant.ofEpochSecond(mock) : base.instant();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
