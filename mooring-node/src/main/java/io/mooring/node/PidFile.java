package io.mooring.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.LoggerFactory;

/** Core's {@code -pid} file: written at startup with the process id and a newline, removed at shutdown. */
public final class PidFile implements AutoCloseable {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    public static PidFile create(Path path, long pid) throws ConfigException {
        try {
            Files.writeString(path, pid + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException("Unable to create the PID file '" + path + "': " + e.getMessage(), e);
        }
        return new PidFile(path);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            if (!Files.deleteIfExists(path)) {
                LoggerFactory.getLogger(PidFile.class).info("Unable to remove PID file ({}): File does not exist", path);
            }
        } catch (IOException e) {
            LoggerFactory.getLogger(PidFile.class).info("Unable to remove PID file ({}): {}", path, e.getMessage());
        }
    }
}
