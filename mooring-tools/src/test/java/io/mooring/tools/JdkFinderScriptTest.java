package io.mooring.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/jdk.sh picks a JDK >= 21 by itself, as README command (2) and .ci/run rely on. */
class JdkFinderScriptTest {
    @TempDir
    Path jvmDir;

    private static final Path ROOT = Path.of(System.getProperty("mooring.root", "..")).toAbsolutePath();

    private void fakeJdk(String name, String version) throws IOException {
        Path bin = Files.createDirectories(jvmDir.resolve(name).resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path p = bin.resolve(tool);
            Files.writeString(p, "#!/bin/sh\necho 'openjdk version \"" + version + "\"' >&2\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(jvmDir.resolve(name).resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    }

    private record Result(int code, String stdout, String stderr) {
    }

    private Result run(String javaHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". bin/jdk.sh && echo \"$JAVA_HOME\"");
        pb.directory(ROOT.toFile());
        pb.environment().put("MOORING_JVM_DIR", jvmDir.toString());
        if (javaHome == null) pb.environment().remove("JAVA_HOME");
        else pb.environment().put("JAVA_HOME", javaHome);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    @Test
    void picksTheNewestJdkAtLeast21WhenJavaHomeIsOlder() throws Exception {
        fakeJdk("jdk-17", "17.0.15");
        fakeJdk("jdk-21", "21.0.5");
        fakeJdk("jdk-25", "25.0.3");
        Result r = run(jvmDir.resolve("jdk-17").toString());
        assertThat(r.code()).isZero();
        assertThat(r.stdout()).isEqualTo(jvmDir.resolve("jdk-25").toString());
    }

    @Test
    void keepsJavaHomeWhenItIsAtLeast21() throws Exception {
        fakeJdk("jdk-21", "21.0.5");
        fakeJdk("jdk-25", "25.0.3");
        Result r = run(jvmDir.resolve("jdk-21").toString());
        assertThat(r.stdout()).isEqualTo(jvmDir.resolve("jdk-21").toString());
    }

    @Test
    void saysWhatIsMissingWhenNoJdk21Exists() throws Exception {
        fakeJdk("jdk-17", "17.0.15");
        Result r = run(null);
        assertThat(r.code()).isNotZero();
        assertThat(r.stderr()).contains("no JDK >= 21 found").contains("JAVA_HOME");
    }
}
