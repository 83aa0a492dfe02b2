package io.mooring.addrman;

import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;

import java.time.Instant;

/**
 * One address in the address manager: Core's {@code AddrInfo}. Times are seconds since the epoch (0 = never).
 * Read-only to callers; {@link AddrMan} changes it.
 */
public final class AddrInfo {
    final NetAddress address;
    final int port;
    long time;
    long services;
    final NetAddress source;
    long lastSuccess;
    long lastTry;
    long lastCountAttempt;
    int attempts;
    int refCount;
    boolean inTried;
    int randomPos = -1;

    AddrInfo(PeerAddress addr, NetAddress source) {
        this.address = addr.address();
        this.port = addr.port();
        this.time = addr.time();
        this.services = addr.services();
        this.source = source;
    }

    AddrInfo(AddrInfo o) {
        this.address = o.address;
        this.port = o.port;
        this.time = o.time;
        this.services = o.services;
        this.source = o.source;
        this.lastSuccess = o.lastSuccess;
        this.lastTry = o.lastTry;
        this.lastCountAttempt = o.lastCountAttempt;
        this.attempts = o.attempts;
        this.refCount = o.refCount;
        this.inTried = o.inTried;
        this.randomPos = o.randomPos;
    }

    public NetAddress address() { return address; }
    public int port() { return port; }
    public NetEndpoint endpoint() { return new NetEndpoint(address, port); }
    /** Last-seen time (Core's nTime), seconds. */
    public long time() { return time; }
    public long services() { return services; }
    /** The address that told us about this one. */
    public NetAddress source() { return source; }
    public long lastSuccess() { return lastSuccess; }
    public long lastTry() { return lastTry; }
    public long lastCountAttempt() { return lastCountAttempt; }
    public int attempts() { return attempts; }
    /** Number of new-table slots holding this entry (0 when in tried). */
    public int refCount() { return refCount; }
    public boolean inTried() { return inTried; }
    public int randomPos() { return randomPos; }

    /** As Core's CAddress: time clamped to the unsigned 32-bit range. */
    public PeerAddress toPeerAddress() {
        return new PeerAddress(Math.max(0, Math.min(0xffffffffL, time)), services, address, port);
    }

    /** Core's {@code IsTerrible}. */
    public boolean isTerrible(Instant now) {
        long n = now.getEpochSecond();
        if (n - lastTry <= 60) return false; // never remove things tried in the last minute
        if (time > n + 10 * 60) return true; // came in a flying DeLorean
        if (n - time > AddrMan.HORIZON_SECONDS) return true; // not seen in recent history
        if (lastSuccess == 0 && attempts >= AddrMan.RETRIES) return true; // tried N times and never a success
        return n - lastSuccess > AddrMan.MIN_FAIL_SECONDS && attempts >= AddrMan.MAX_FAILURES;
    }

    /** Core's {@code GetChance}: relative selection chance. */
    public double chance(Instant now) {
        double c = 1.0;
        if (now.getEpochSecond() - lastTry < 10 * 60) c *= 0.01;
        return c * Math.pow(0.66, Math.min(attempts, 8));
    }

    @Override
    public String toString() {
        return endpoint() + (inTried ? " tried" : " new refs=" + refCount);
    }
}
