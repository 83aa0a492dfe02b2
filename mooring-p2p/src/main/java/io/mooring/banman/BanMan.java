package io.mooring.banman;

import io.mooring.wire.netaddress.NetAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Core's {@code BanMan}, sans I/O: bans by subnet with an expiry (persisted by the caller through
 * {@link BanListJson} whenever {@link #isDirty()}), and discouragement of single addresses in a
 * {@link RollingBloomFilter} of {@value #DISCOURAGED_ELEMENTS} entries at 1e-6 (memory only, forgets old entries).
 * Every time is passed in; Core works in whole seconds and so does this. Not thread-safe (owned by the node loop).
 */
public final class BanMan {
    /** Core's DEFAULT_MISBEHAVING_BANTIME ({@code -bantime}): 24 hours. */
    public static final Duration DEFAULT_BAN_TIME = Duration.ofSeconds(86_400);
    /** Core's {@code m_discouraged{50000, 0.000001}}. */
    public static final int DISCOURAGED_ELEMENTS = 50_000;
    public static final double DISCOURAGED_FP_RATE = 0.000001;

    private final Duration defaultBanTime;
    private final TreeMap<SubNet, BanEntry> banned = new TreeMap<>();
    private final RollingBloomFilter discouraged;
    private boolean dirty;

    public BanMan(Duration defaultBanTime, RandomGenerator random) {
        this.defaultBanTime = Objects.requireNonNull(defaultBanTime, "defaultBanTime");
        this.discouraged = new RollingBloomFilter(DISCOURAGED_ELEMENTS, DISCOURAGED_FP_RATE, random);
    }

    /**
     * Starts from what {@code banlist.json} held, as Core's constructor after a good read: the bans are loaded,
     * expired ones swept (which marks the list dirty), and the log lines of the sweep returned.
     */
    public List<String> load(Map<SubNet, BanEntry> bans, Instant now) {
        banned.clear();
        banned.putAll(bans);
        dirty = false;
        return sweep(now);
    }

    /** Core's "Recreating the banlist database": no bans, and dirty so the file is written. */
    public void recreate() {
        banned.clear();
        dirty = true;
    }

    /**
     * Bans {@code subNet} until {@code until}. As Core, an existing ban is replaced only by a later end.
     *
     * @return true if the ban list changed (Core then notifies and writes the file at once)
     */
    public boolean ban(SubNet subNet, Instant until, Instant now) {
        BanEntry entry = new BanEntry(now.getEpochSecond(), until.getEpochSecond());
        BanEntry old = banned.get(subNet);
        if (old != null && old.banUntil() >= entry.banUntil()) return false;
        if (old == null && entry.banUntil() <= 0) return false;
        banned.put(subNet, entry);
        dirty = true;
        return true;
    }

    /**
     * Core's {@code Ban(sub_net, ban_time_offset, since_unix_epoch)} (the {@code setban} RPC): an offset of 0 or
     * less means the default ban time from now; with {@code sinceUnixEpoch} the offset is the absolute end.
     */
    public boolean ban(SubNet subNet, long banTimeOffsetSeconds, boolean sinceUnixEpoch, Instant now) {
        long offset = banTimeOffsetSeconds;
        boolean absolute = sinceUnixEpoch;
        if (offset <= 0) {
            offset = defaultBanTime.toSeconds();
            absolute = false;
        }
        long until = (absolute ? 0 : now.getEpochSecond()) + offset;
        return ban(subNet, Instant.ofEpochSecond(until), now);
    }

    /** Bans {@code subNet} for the default ban time from now. */
    public boolean ban(SubNet subNet, Instant now) {
        return ban(subNet, 0, false, now);
    }

    /** Core's {@code Unban}: true if the subnet was banned (exact subnet, not a match). */
    public boolean unban(SubNet subNet) {
        if (banned.remove(subNet) == null) return false;
        dirty = true;
        return true;
    }

    /** Core's {@code ClearBanned}. Discouragement is not touched (as Core). */
    public void clearBanned() {
        banned.clear();
        dirty = true;
    }

    /** Core's {@code IsBanned(CNetAddr)}: some ban in force at {@code now} has a subnet matching the address. */
    public boolean isBanned(NetAddress address, Instant now) {
        long t = now.getEpochSecond();
        for (Map.Entry<SubNet, BanEntry> e : banned.entrySet()) {
            if (e.getValue().isActiveAt(t) && e.getKey().matches(address)) return true;
        }
        return false;
    }

    /** Core's {@code IsBanned(CSubNet)}: this exact subnet is banned at {@code now}. */
    public boolean isBanned(SubNet subNet, Instant now) {
        BanEntry e = banned.get(subNet);
        return e != null && e.isActiveAt(now.getEpochSecond());
    }

    /**
     * Core's {@code SweepBanned}: drops bans with {@code now > banned_until}.
     *
     * @return Core's debug lines, {@code Removed banned node address/subnet: %s}
     */
    public List<String> sweep(Instant now) {
        long t = now.getEpochSecond();
        List<String> removed = new ArrayList<>();
        for (Iterator<Map.Entry<SubNet, BanEntry>> it = banned.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SubNet, BanEntry> e = it.next();
            if (t > e.getValue().banUntil()) {
                it.remove();
                dirty = true;
                removed.add("Removed banned node address/subnet: " + e.getKey());
            }
        }
        return removed;
    }

    /** Core's {@code GetBanned}: sweeps, then a copy in Core's order (the {@code listbanned} RPC, the file). */
    public SortedMap<SubNet, BanEntry> listBanned(Instant now) {
        sweep(now);
        return Collections.unmodifiableSortedMap(new TreeMap<>(banned));
    }

    /** Whether the ban list changed since the last {@link #markClean()} (Core's {@code m_is_dirty}). */
    public boolean isDirty() {
        return dirty;
    }

    /** Called after the file was written. */
    public void markClean() {
        dirty = false;
    }

    /** Core's {@code Discourage}: remembers the address bytes in the rolling filter. */
    public void discourage(NetAddress address) {
        discouraged.insert(key(address));
    }

    /** Core's {@code IsDiscouraged}; probabilistic (1e-6 false positives) and forgetful (last 50,000 kept). */
    public boolean isDiscouraged(NetAddress address) {
        return discouraged.contains(key(address));
    }

    /** Core's {@code CNetAddr::GetAddrBytes}: the 16-byte v1 form for IPv4/IPv6/internal, else the raw bytes. */
    static byte[] key(NetAddress address) {
        return address.isAddrV1Compatible() ? address.toV1Bytes() : address.bytes().toArray();
    }
}
