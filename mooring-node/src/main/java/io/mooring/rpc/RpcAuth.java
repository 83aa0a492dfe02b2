package io.mooring.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RPC authentication as Core's src/httprpc.cpp and src/rpc/request.cpp: every credential is a {@code user:salt$hmac}
 * entry checked with HMAC-SHA256 and timing-resistant comparison ({@code -rpcauth}); {@code -rpcuser/-rpcpassword}
 * and the cookie are hashed with a random salt into the same list, so no plaintext password stays in memory.
 * Without {@code -rpcpassword} a cookie file {@code __cookie__:<64 hex>} is written (temporary file, then rename)
 * with owner-only permissions, and deleted on {@link #deleteCookie()} if this process wrote it.
 */
public final class RpcAuth {
    /** Core's COOKIEAUTH_USER. */
    public static final String COOKIE_USER = "__cookie__";
    /** Core's COOKIEAUTH_FILE. */
    public static final String COOKIE_FILE = ".cookie";

    /** Core's {@code -rpccookieperms}: owner (0600, the default through umask 077), group (0640), all (0644). */
    public enum CookiePerms {
        OWNER, GROUP, ALL;

        public static CookiePerms parse(String text) {
            return switch (text) {
                case "owner" -> OWNER;
                case "group" -> GROUP;
                case "all" -> ALL;
                default -> throw new IllegalArgumentException(
                        "Invalid -rpccookieperms=" + text + "; must be one of 'owner', 'group', or 'all'.");
            };
        }

        Set<PosixFilePermission> permissions() {
            Set<PosixFilePermission> p = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            if (this != OWNER) p.add(PosixFilePermission.GROUP_READ);
            if (this == ALL) p.add(PosixFilePermission.OTHERS_READ);
            return p;
        }
    }

    private record Entry(String user, String salt, String hash) {}

    private final List<Entry> entries;
    private final Path cookieFile;

    private RpcAuth(List<Entry> entries, Path cookieFile) {
        this.entries = List.copyOf(entries);
        this.cookieFile = cookieFile;
    }

    /**
     * Core's {@code InitRPCAuthentication}.
     *
     * @param cookieFile  where to write the cookie (Core: {@code <datadir>/.cookie}); null disables the cookie
     *                    ({@code -norpccookiefile})
     * @param perms       the cookie's permissions
     * @param rpcUser     {@code -rpcuser} ("" when unset)
     * @param rpcPassword {@code -rpcpassword} ("" when unset: cookie authentication)
     * @param rpcAuth     {@code -rpcauth} values, each {@code user:salt$hmac-sha256-hex}
     * @throws IllegalArgumentException for a malformed {@code -rpcauth} ("Invalid -rpcauth argument.")
     * @throws IOException              when the cookie cannot be written
     */
    public static RpcAuth create(Path cookieFile, CookiePerms perms, String rpcUser, String rpcPassword,
            List<String> rpcAuth, SecureRandom random) throws IOException {
        Objects.requireNonNull(random, "random");
        String user = "";
        String pass = "";
        Path written = null;
        if (rpcPassword == null || rpcPassword.isEmpty()) {
            if (cookieFile != null) {
                byte[] raw = new byte[32];
                random.nextBytes(raw);
                pass = HexFormat.of().formatHex(raw);
                user = COOKIE_USER;
                writeCookie(cookieFile, user + ":" + pass, perms == null ? CookiePerms.OWNER : perms);
                written = cookieFile;
            }
        } else {
            user = rpcUser == null ? "" : rpcUser;
            pass = rpcPassword;
        }
        List<Entry> entries = new ArrayList<>();
        if (!user.isEmpty() || !pass.isEmpty()) {
            byte[] rawSalt = new byte[16];
            random.nextBytes(rawSalt);
            String salt = HexFormat.of().formatHex(rawSalt);
            entries.add(new Entry(user, salt, hmacHex(salt, pass)));
        }
        for (String value : rpcAuth == null ? List.<String>of() : rpcAuth) {
            String[] fields = value.split(":", -1);
            String[] saltHmac = fields[fields.length - 1].split("\\$", -1);
            if (fields.length != 2 || saltHmac.length != 2) {
                throw new IllegalArgumentException("Invalid -rpcauth argument.");
            }
            entries.add(new Entry(fields[0], saltHmac[0], saltHmac[1]));
        }
        return new RpcAuth(entries, written);
    }

    /** For tests and embedding: exactly these credentials, no cookie. */
    public static RpcAuth ofUserPassword(String user, String password) {
        try {
            return create(null, CookiePerms.OWNER, user, password, List.of(), new SecureRandom());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cookie file this process wrote, if any. */
    public Optional<Path> cookieFile() {
        return Optional.ofNullable(cookieFile);
    }

    /** Core's {@code DeleteAuthCookie}: removes the cookie if this process generated it. */
    public void deleteCookie() {
        if (cookieFile == null) return;
        try {
            Files.deleteIfExists(cookieFile);
        } catch (IOException ignored) {
            // Core logs "Unable to remove random auth cookie file" and carries on.
        }
    }

    /**
     * Core's {@code RPCAuthorized}: the user name when the {@code Authorization} header holds valid credentials,
     * else empty.
     */
    public Optional<String> authorize(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Basic ")) return Optional.empty();
        String b64 = authorizationHeader.substring(6).strip();
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String userPass = new String(decoded, StandardCharsets.UTF_8);
        int colon = userPass.indexOf(':');
        if (colon < 0) return Optional.empty();
        String user = userPass.substring(0, colon);
        String pass = userPass.substring(colon + 1);
        boolean ok = false;
        for (Entry e : entries) {
            if (!timingResistantEqual(e.user(), user)) continue;
            if (timingResistantEqual(hmacHex(e.salt(), pass), e.hash())) {
                ok = true;
            }
        }
        return ok ? Optional.of(user) : Optional.empty();
    }

    /** Core's {@code TimingResistantEqual}: time depends on the length of {@code b} only. */
    public static boolean timingResistantEqual(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        if (y.length == 0) return x.length == 0;
        int acc = x.length ^ y.length;
        for (int i = 0; i < x.length; i++) {
            acc |= x[i] ^ y[i % y.length];
        }
        return acc == 0;
    }

    /** HMAC-SHA256 keyed with the salt's characters over the password, as lower-case hex (share/rpcauth). */
    public static String hmacHex(String salt, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = salt.getBytes(StandardCharsets.UTF_8);
            // An empty key is legal for HMAC but not for SecretKeySpec; a zero byte key is the same HMAC key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code .cookie.tmp} with the permissions from the start, then renames it over the cookie. */
    static void writeCookie(Path cookieFile, String content, CookiePerms perms) throws IOException {
        Path tmp = cookieFile.resolveSibling(cookieFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        boolean posix = Files.getFileStore(cookieFile.toAbsolutePath().getParent())
                .supportsFileAttributeView("posix");
        try {
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(perms.permissions()));
                Files.setPosixFilePermissions(tmp, perms.permissions()); // the umask may have narrowed them
            } else {
                Files.createFile(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("Unable to open cookie authentication file " + tmp + " for writing", e);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, cookieFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, cookieFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Core's {@code GetAuthCookie}: the first line of the cookie file ({@code user:password}). */
    public static Optional<String> readCookie(Path cookieFile) {
        try {
            String text = Files.readString(cookieFile, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return Optional.of(nl < 0 ? text : text.substring(0, nl));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
