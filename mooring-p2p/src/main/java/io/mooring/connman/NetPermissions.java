package io.mooring.connman;

import io.mooring.banman.SubNet;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A peer's permissions: Core's {@code NetPermissionFlags} ({@code src/net_permissions.h}) as a value, and the
 * {@code -whitebind}/{@code -whitelist} parsers of {@code src/net_permissions.cpp} with Core's error texts.
 *
 * <p>The bits are Core's, including the implications built into them: {@code forcerelay} contains {@code relay}
 * and {@code noban} contains {@code download}, so asking for one grants the other.
 *
 * @param flags Core's bit set
 */
public record NetPermissions(int flags) {
    /** Core's NetPermissionFlags::None. */
    public static final int NONE = 0;
    /** Can query bloom filters even with -peerbloomfilters=0. */
    public static final int BLOOMFILTER = 1 << 1;
    /** Relay and accept transactions from this peer, even with -blocksonly. */
    public static final int RELAY = 1 << 3;
    /** Always relay its transactions, even if already in the mempool; implies relay. */
    public static final int FORCERELAY = (1 << 2) | RELAY;
    /** Allowed to download blocks during IBD and past -maxuploadtarget. */
    public static final int DOWNLOAD = 1 << 6;
    /** Never banned, disconnected or discouraged for misbehaviour, nor evicted; implies download. */
    public static final int NOBAN = (1 << 4) | DOWNLOAD;
    /** Can ask for the mempool (BIP35). */
    public static final int MEMPOOL = 1 << 5;
    /** GETADDR answers skip the cache. */
    public static final int ADDR = 1 << 7;
    /** The operator gave no permissions ({@code -whitebind=addr}, {@code -whitelist=net}): Core's defaults apply. */
    public static final int IMPLICIT = 1 << 31;
    /** Core's NetPermissionFlags::All. */
    public static final int ALL = BLOOMFILTER | FORCERELAY | RELAY | NOBAN | MEMPOOL | DOWNLOAD | ADDR;

    /** Core's DEFAULT_WHITELISTRELAY: implicit permissions include relay. */
    public static final boolean DEFAULT_WHITELISTRELAY = true;
    /** Core's DEFAULT_WHITELISTFORCERELAY: implicit permissions do not include forcerelay. */
    public static final boolean DEFAULT_WHITELISTFORCERELAY = false;

    public static final NetPermissions EMPTY = new NetPermissions(NONE);

    /** Core's NetPermissions::HasFlag: every bit of {@code f} is set (so {@code has(NOBAN)} needs download too). */
    public boolean has(int f) {
        return (flags & f) == f;
    }

    /** Core's AddFlag. */
    public NetPermissions with(int f) {
        return new NetPermissions(flags | f);
    }

    /** Core's NetPermissions::ToStrings: the names getpeerinfo lists, in Core's order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        if (has(BLOOMFILTER)) out.add("bloomfilter");
        if (has(NOBAN)) out.add("noban");
        if (has(FORCERELAY)) out.add("forcerelay");
        if (has(RELAY)) out.add("relay");
        if (has(MEMPOOL)) out.add("mempool");
        if (has(DOWNLOAD)) out.add("download");
        if (has(ADDR)) out.add("addr");
        return out;
    }

    /**
     * Core's AddWhitelistPermissionFlags: adds the flags of every range matching {@code address} (none when the
     * address is unknown, as for Tor inbound connections), then, if the result is implicit, replaces the implicit
     * marker with Core's defaults: mempool and noban, plus relay and forcerelay as {@code -whitelistrelay} and
     * {@code -whitelistforcerelay} say.
     */
    public NetPermissions withWhitelist(NetAddress address, List<Whitelist> ranges, boolean whitelistRelay,
                                        boolean whitelistForceRelay) {
        int f = flags;
        if (address != null) {
            for (Whitelist range : ranges) {
                if (range.subnet().matches(address)) {
                    f |= range.permissions().flags();
                }
            }
        }
        if ((f & IMPLICIT) == IMPLICIT) {
            f &= ~IMPLICIT;
            if (whitelistForceRelay) f |= FORCERELAY;
            if (whitelistRelay) f |= RELAY;
            f |= MEMPOOL | NOBAN;
        }
        return new NetPermissions(f);
    }

    /** A startup error in a -whitebind or -whitelist value, with Core's message. */
    public static final class ParseException extends Exception {
        public ParseException(String message) {
            super(message);
        }
    }

    /**
     * A {@code -whitebind} value: listen on {@code endpoint}; peers that connect to it get {@code permissions}.
     */
    public record Whitebind(NetPermissions permissions, NetEndpoint endpoint) {
        public Whitebind {
            Objects.requireNonNull(permissions, "permissions");
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /**
     * A {@code -whitelist} value: peers whose address is in {@code subnet} get {@code permissions}, on inbound
     * connections, on outbound manual ones, or both.
     */
    public record Whitelist(NetPermissions permissions, SubNet subnet, boolean inbound, boolean outbound) {
        public Whitelist {
            Objects.requireNonNull(permissions, "permissions");
            Objects.requireNonNull(subnet, "subnet");
        }
    }

    private record Prefix(int flags, boolean in, boolean out, int offset) {
    }

    /**
     * Core's TryParsePermissionFlags: {@code perm1,perm2@rest}. Without '@' the permissions are implicit; empty
     * names are allowed; "in"/"out" set the direction (only -whitelist may say "out"); a direction with no
     * permission is an error. The offset is where the address starts.
     */
    private static Prefix parsePrefix(String str, boolean allowOut) throws ParseException {
        int at = str.indexOf('@');
        if (at < 0) {
            return new Prefix(IMPLICIT, true, false, 0);
        }
        int f = NONE;
        boolean in = false;
        boolean out = false;
        String permissions = str.substring(0, at);
        int read = 0;
        while (read < permissions.length()) {
            int comma = permissions.indexOf(',', read);
            int len = comma < 0 ? permissions.length() - read : comma - read;
            String permission = permissions.substring(read, read + len);
            read += len;
            if (comma >= 0) read++;
            switch (permission) {
                case "bloomfilter", "bloom" -> f |= BLOOMFILTER;
                case "noban" -> f |= NOBAN;
                case "forcerelay" -> f |= FORCERELAY;
                case "mempool" -> f |= MEMPOOL;
                case "download" -> f |= DOWNLOAD;
                case "all" -> f |= ALL;
                case "relay" -> f |= RELAY;
                case "addr" -> f |= ADDR;
                case "in" -> in = true;
                case "out" -> {
                    if (!allowOut) {
                        throw new ParseException("whitebind may only be used for incoming connections (\"out\" was passed)");
                    }
                    out = true;
                }
                case "" -> { } // Core allows empty entries
                default -> throw new ParseException("Invalid P2P permission: '" + permission + "'");
            }
        }
        // By default a whitelist applies to incoming connections only.
        if (!in && !out) {
            in = true;
        } else if (f == NONE) {
            throw new ParseException("Only direction was set, no permissions: '" + str + "'");
        }
        return new Prefix(f, in, out, at + 1);
    }

    /**
     * Core's NetWhitebindPermissions::TryParse: {@code [perm,...@]addr:port}, a numeric address (no DNS lookup) with a
     * port other than 0.
     */
    public static Whitebind parseWhitebind(String str) throws ParseException {
        Prefix p = parsePrefix(str, false);
        String bind = str.substring(p.offset());
        NetEndpoint endpoint;
        try {
            endpoint = NetEndpoint.parse(bind, 0);
        } catch (IllegalArgumentException e) {
            throw new ParseException("Cannot resolve -whitebind address: '" + bind + "'");
        }
        if (endpoint.address().isInternal()) {
            throw new ParseException("Cannot resolve -whitebind address: '" + bind + "'");
        }
        if (endpoint.port() == 0) {
            throw new ParseException("Need to specify a port with -whitebind: '" + bind + "'");
        }
        return new Whitebind(new NetPermissions(p.flags()), endpoint);
    }

    /** Core's NetWhitelistPermissions::TryParse: {@code [perm,...,in,out@]IP or network} (Core's LookupSubNet). */
    public static Whitelist parseWhitelist(String str) throws ParseException {
        Prefix p = parsePrefix(str, true);
        String net = str.substring(p.offset());
        SubNet subnet;
        try {
            subnet = SubNet.parse(net);
        } catch (IllegalArgumentException e) {
            throw new ParseException("Invalid netmask specified in -whitelist: '" + net + "'");
        }
        return new Whitelist(new NetPermissions(p.flags()), subnet, p.in(), p.out());
    }
}
