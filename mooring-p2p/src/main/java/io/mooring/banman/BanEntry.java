package io.mooring.banman;

import java.time.Instant;

/**
 * Core's {@code CBanEntry}: when the ban was made and until when it holds, in Unix seconds (Core's int64).
 * {@link #VERSION} is the only version Core writes and reads.
 */
public record BanEntry(long createTime, long banUntil) {
    /** Core's CBanEntry::CURRENT_VERSION. */
    public static final int VERSION = 1;

    public static BanEntry of(Instant created, Instant until) {
        return new BanEntry(created.getEpochSecond(), until.getEpochSecond());
    }

    public Instant created() {
        return Instant.ofEpochSecond(createTime);
    }

    public Instant until() {
        return Instant.ofEpochSecond(banUntil);
    }

    /** Core's IsBanned test: {@code now < nBanUntil}. */
    public boolean isActiveAt(long nowSeconds) {
        return nowSeconds < banUntil;
    }
}
