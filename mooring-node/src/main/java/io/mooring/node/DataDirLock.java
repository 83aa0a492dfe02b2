package io.mooring.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code .lock} file in the net-specific datadir, held with an OS file lock (Core's {@code LockDirectory} in
 * {@code src/util/fs_helpers.cpp}, called on {@code GetDataDirNet()} from {@code init.cpp}), so two nodes cannot share
 * one chain directory.
 */
public final class DataDirLock implements AutoCloseable {
    public static final String LOCK_FILENAME = ".lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails with Core's messages (client name Mooring). */
    public static DataDirLock acquire(Path dir) throws ConfigException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir.resolve(LOCK_FILENAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ConfigException("Cannot write to directory '" + dir + "'; check permissions.", e);
        }
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            l = null;
        }
        if (l == null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new ConfigException("Cannot obtain a lock on directory " + dir
                    + ". Mooring is probably already running.");
        }
        return new DataDirLock(dir, ch, l);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do at shutdown
        }
    }
}
