package io.mooring.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a state file the way Core's SerializeFileDB does: the bytes go to a temporary file in the same directory,
 * which is fsynced and renamed over the target, so a crash leaves either the old file or the new one, never half of
 * one. The directory is fsynced afterwards where the platform allows it.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes {@code data} to {@code target} through the sibling {@code tempName}. On failure the temporary file is
     * removed and the target is untouched.
     */
    public static void write(Path target, String tempName, byte[] data) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = absolute.resolveSibling(tempName);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        try (FileChannel dir = FileChannel.open(absolute.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // Directory fsync is best effort: not every platform or file system supports it.
        }
    }
}
