package io.mooring.rpc;

import static io.mooring.rpc.RpcTestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpcAuthTest {
    @TempDir
    Path dir;

    @Test
    void rpcauthEntryIsHmacSha256OfPasswordKeyedWithSalt() throws Exception {
        // python3: hmac.new(b'cb77f0957de88ff388cf817ddbc7273', b'password123', hashlib.sha256).hexdigest()
        String hash = "f7ca5473be5fdbd45f91db49c1bdb8c0cf639376022534f7a9ea8a4c2196f3de";
        assertThat(RpcAuth.hmacHex("cb77f0957de88ff388cf817ddbc7273", "password123")).isEqualTo(hash);
        RpcAuth auth = RpcAuth.create(null, null, "", "", List.of("rt:cb77f0957de88ff388cf817ddbc7273$" + hash),
                new SecureRandom());
        assertThat(auth.authorize(basic("rt", "password123"))).contains("rt");
        assertThat(auth.authorize(basic("rt", "password124"))).isEmpty();
        assertThat(auth.authorize(basic("rt2", "password123"))).isEmpty();
    }

    @Test
    void emptySaltIsAValidHmacKey() {
        assertThat(RpcAuth.hmacHex("", "x")).isEqualTo("4cbc96099a6467ce002461f10549b4898265ebe6188b45efacc44293516e62c4");
    }

    @Test
    void malformedRpcauthIsRejected() {
        assertThatThrownBy(() -> RpcAuth.create(null, null, "", "", List.of("user:nodollar"), new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid -rpcauth argument.");
        assertThatThrownBy(() -> RpcAuth.create(null, null, "", "", List.of("a:b:c$d"), new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerMustBeBasicWithUserColonPassword() {
        RpcAuth auth = RpcAuth.ofUserPassword("u", "p");
        assertThat(auth.authorize(basic("u", "p"))).contains("u");
        assertThat(auth.authorize("basic " + basic("u", "p").substring(6))).isEmpty();
        assertThat(auth.authorize("Basic !!!")).isEmpty();
        assertThat(auth.authorize("Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes())))
                .isEmpty();
        assertThat(auth.authorize("Basic   " + basic("u", "p").substring(6) + "  ")).contains("u");
    }

    @Test
    void timingResistantEqualComparesWholeStrings() {
        assertThat(RpcAuth.timingResistantEqual("abc", "abc")).isTrue();
        assertThat(RpcAuth.timingResistantEqual("abc", "abd")).isFalse();
        assertThat(RpcAuth.timingResistantEqual("abc", "abcabc")).isFalse();
        assertThat(RpcAuth.timingResistantEqual("", "")).isTrue();
        assertThat(RpcAuth.timingResistantEqual("a", "")).isFalse();
    }

    @Test
    void cookieIsWrittenOwnerOnlyWithoutTrailingNewlineAndDeleted() throws Exception {
        Path cookie = dir.resolve(".cookie");
        RpcAuth auth = RpcAuth.create(cookie, RpcAuth.CookiePerms.OWNER, "", "", List.of(), new SecureRandom());
        String text = Files.readString(cookie);
        assertThat(text).matches("__cookie__:[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookie))).isEqualTo("rw-------");
        assertThat(dir.resolve(".cookie.tmp")).doesNotExist();
        String[] up = text.split(":", 2);
        assertThat(auth.authorize(basic(up[0], up[1]))).contains("__cookie__");
        auth.deleteCookie();
        assertThat(cookie).doesNotExist();
    }

    @Test
    void cookiePermsGroupAndAll() throws Exception {
        Path cookie = dir.resolve(".cookie");
        RpcAuth.create(cookie, RpcAuth.CookiePerms.GROUP, "", "", List.of(), new SecureRandom());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookie))).isEqualTo("rw-r-----");
        RpcAuth.create(cookie, RpcAuth.CookiePerms.ALL, "", "", List.of(), new SecureRandom());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookie))).isEqualTo("rw-r--r--");
        assertThatThrownBy(() -> RpcAuth.CookiePerms.parse("world"))
                .hasMessage("Invalid -rpccookieperms=world; must be one of 'owner', 'group', or 'all'.");
    }

    @Test
    void passwordDisablesCookieAndEveryNewCookieDiffers() throws Exception {
        Path cookie = dir.resolve(".cookie");
        RpcAuth.create(cookie, null, "u", "p", List.of(), new SecureRandom());
        assertThat(cookie).doesNotExist();
        RpcAuth.create(cookie, null, "", "", List.of(), new SecureRandom());
        String first = Files.readString(cookie);
        RpcAuth.create(cookie, null, "", "", List.of(), new SecureRandom());
        assertThat(Files.readString(cookie)).isNotEqualTo(first);
    }
}
