package io.mooring.anchors;

import io.mooring.util.AtomicFiles;
import io.mooring.anchors.AnchorsDatException.Reason;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Core's {@code anchors.dat}: 4-byte network magic (as on the wire), CompactSize count, count × CAddress in V2_DISK
 * form (format word {@code 0x20035B60}, then the addrv2 body), then the SHA256d of everything before it.
 *
 * <p>{@link #encode} and {@link #writeAtomically} write exactly what Core's {@code DumpAnchors} writes (an empty
 * list gives a 37-byte file). {@link #decode} is strict; {@link #readAndDelete} behaves as Core's
 * {@code ReadAnchors}: any error yields an empty list, bytes after the checksum are ignored (Core never checks for
 * them), and the file is deleted whatever happened.
 *
 * <p>An addrv2 record of an unknown network (or TorV2) does not fail the file in Core: it reads as the invalid
 * address {@code ::} and stays in the list (to be discarded when tried). Decoding here does the same with
 * {@link NetAddress#UNSPECIFIED}, keeping the record's time, services and port.
 */
public final class AnchorsDat {
    /** Core's MAX_BLOCK_RELAY_ONLY_ANCHORS: anchors dumped and tried at most. */
    public static final int MAX_BLOCK_RELAY_ONLY_ANCHORS = 2;
    /** The file name in the network data directory. */
    public static final String FILE_NAME = "anchors.dat";
    /** The prefix of the temporary file, {@code anchors.XXXX} (4 random hex digits), as Core's SerializeFileDB. */
    public static final String TEMP_PREFIX = "anchors";

    private static final int CHECKSUM_BYTES = Hash256.BYTES;
    /** Smallest V2_DISK record: format word, time, 1-byte services, net id, length 0, port. */
    private static final int MIN_RECORD_BYTES = 4 + 4 + 1 + 1 + 1 + 2;

    private AnchorsDat() {
    }

    /** The file's bytes, as Core's {@code SerializeFileDB("anchors", ..., CAddress::V2_DISK(anchors))}. */
    public static byte[] encode(int magic, List<PeerAddress> anchors) {
        Objects.requireNonNull(anchors, "anchors");
        WireWriter w = new WireWriter(4 + 9 + anchors.size() * 64 + CHECKSUM_BYTES);
        w.writeI32LE(Integer.reverseBytes(magic)); // the message-start bytes, big-endian as ChainParams#magic
        w.writeCompactSize(anchors.size());
        for (PeerAddress a : anchors) {
            a.writeDisk(w);
        }
        Hash256 sum = Hashes.sha256d(w.array(), 0, w.size());
        w.writeBytes(sum.toInternalBytes());
        return w.toByteArray();
    }

    /**
     * Decodes a whole file strictly.
     *
     * @throws AnchorsDatException WRONG_MAGIC, BAD_CHECKSUM, TRUNCATED, TRAILING_DATA, UNSUPPORTED_DISK_FORMAT,
     *                             MALFORMED
     */
    public static List<PeerAddress> decode(int magic, byte[] data) throws AnchorsDatException {
        Parsed p = parse(magic, data);
        if (p.end != data.length) {
            throw new AnchorsDatException(Reason.TRAILING_DATA, (data.length - p.end) + " bytes after the checksum");
        }
        return p.anchors;
    }

    /** As Core's DeserializeDB: like {@link #decode} but bytes after the checksum are not looked at. */
    static List<PeerAddress> decodeIgnoringTrailing(int magic, byte[] data) throws AnchorsDatException {
        return parse(magic, data).anchors;
    }

    private record Parsed(List<PeerAddress> anchors, int end) {
    }

    private static Parsed parse(int magic, byte[] data) throws AnchorsDatException {
        Objects.requireNonNull(data, "data");
        WireReader r = new WireReader(data);
        try {
            int fileMagic = Integer.reverseBytes(r.readI32LE());
            if (fileMagic != magic) {
                throw new AnchorsDatException(Reason.WRONG_MAGIC, String.format(
                        "Invalid network magic number (%08x, expected %08x)", fileMagic, magic));
            }
            long count = r.readCompactSize();
            if (count * MIN_RECORD_BYTES > r.remaining()) {
                throw new AnchorsDatException(Reason.TRUNCATED, count + " records cannot fit in " + r.remaining()
                        + " bytes");
            }
            List<PeerAddress> anchors = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                anchors.add(readRecord(r));
            }
            int end = r.position();
            Hash256 expected = Hashes.sha256d(data, 0, end);
            Hash256 stored = r.readHash();
            if (!stored.equals(expected)) {
                throw new AnchorsDatException(Reason.BAD_CHECKSUM, "Checksum mismatch, data corrupted");
            }
            return new Parsed(List.copyOf(anchors), r.position());
        } catch (ProtocolException e) {
            Reason reason = switch (e.error()) {
                case TRUNCATED -> Reason.TRUNCATED;
                case UNSUPPORTED_DISK_FORMAT -> Reason.UNSUPPORTED_DISK_FORMAT;
                default -> Reason.MALFORMED;
            };
            throw new AnchorsDatException(reason, e.getMessage(), e);
        }
    }

    /** A V2_DISK CAddress; an unknown network reads as {@code ::}, as Core's CNetAddr::UnserializeV2Stream. */
    private static PeerAddress readRecord(WireReader r) throws ProtocolException {
        int word = r.readI32LE();
        int format = word & ~PeerAddress.DISK_VERSION_IGNORE_MASK;
        if (format == 0) {
            return PeerAddress.readV1(r, true);
        }
        if (format != PeerAddress.DISK_VERSION_ADDRV2) {
            throw new ProtocolException(ProtocolError.UNSUPPORTED_DISK_FORMAT,
                    "Unsupported CAddress disk format version 0x" + Integer.toHexString(word));
        }
        long time = r.readU32LE();
        long services = r.readCompactSize(false);
        NetAddress address = NetAddress.readBip155(r);
        int port = r.readU16BE();
        return new PeerAddress(time, services, address == null ? NetAddress.UNSPECIFIED : address, port);
    }

    // ------------------------------------------------------------------------------------------------ files

    /** Core's SerializeFileDB with a random temporary name; see {@link #writeAtomically(Path, int, List, RandomGenerator)}. */
    public static void writeAtomically(Path path, int magic, List<PeerAddress> anchors) throws IOException {
        writeAtomically(path, magic, anchors, new SecureRandom());
    }

    /**
     * Writes {@link #encode} to {@code anchors.XXXX} (4 hex digits from {@code random}) next to {@code path},
     * forces it to disk, and renames it over {@code path}. On failure the temporary file is removed and the
     * exception rethrown; the old file is left as it was.
     */
    public static void writeAtomically(Path path, int magic, List<PeerAddress> anchors, RandomGenerator random)
            throws IOException {
        byte[] bytes = encode(magic, anchors);
        AtomicFiles.write(path, String.format("%s.%04x", TEMP_PREFIX, random.nextInt(0x10000)), bytes);
    }

    /**
     * Core's ReadAnchors: reads and decodes the file (bytes after the checksum ignored, as Core), then deletes it
     * whether or not the read worked. Never throws.
     */
    public static ReadResult readAndDelete(Path path, int magic) {
        List<PeerAddress> anchors = List.of();
        AnchorsDatException error = null;
        try {
            anchors = decodeIgnoringTrailing(magic, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            error = new AnchorsDatException(Reason.NOT_FOUND, "Failed to open file " + path, e);
        } catch (IOException e) {
            error = new AnchorsDatException(Reason.IO_ERROR, "Failed to read " + path + ": " + e.getMessage(), e);
        } catch (AnchorsDatException e) {
            error = e;
        }
        IOException deleteError = null;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            deleteError = e;
        }
        return new ReadResult(path.getFileName().toString(), anchors, Optional.ofNullable(error),
                Optional.ofNullable(deleteError));
    }

    /** The first {@link #MAX_BLOCK_RELAY_ONLY_ANCHORS} of the block-relay-only connections, as Core's StopNodes. */
    public static List<PeerAddress> selectForDump(List<PeerAddress> blockRelayOnlyConnections) {
        return List.copyOf(blockRelayOnlyConnections.subList(0,
                Math.min(MAX_BLOCK_RELAY_ONLY_ANCHORS, blockRelayOnlyConnections.size())));
    }

    /**
     * What {@link #readAndDelete} found.
     *
     * @param fileName    the file's name, for the log line
     * @param loaded      every address in the file (empty on any error)
     * @param error       why nothing was loaded, if so (Core logs nothing then; this is for debug)
     * @param deleteError a failure to delete the file, if any
     */
    public record ReadResult(String fileName, List<PeerAddress> loaded, Optional<AnchorsDatException> error,
                             Optional<IOException> deleteError) {
        public ReadResult {
            loaded = List.copyOf(loaded);
        }

        /** Core's {@code Loaded %i addresses from "anchors.dat"}, logged only when the read worked. */
        public Optional<String> loadedLogLine() {
            return error.isPresent() ? Optional.empty()
                    : Optional.of("Loaded " + loaded.size() + " addresses from \"" + fileName + "\"");
        }

        /** The anchors to try: the first {@link #MAX_BLOCK_RELAY_ONLY_ANCHORS}, consumed from the back. */
        public AnchorQueue queue() {
            return new AnchorQueue(loaded);
        }
    }
}
