package io.mooring.addrman;

import io.mooring.util.AtomicFiles;
import io.mooring.netgroup.NetGroupManager;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Core's peers.dat ({@code addrdb.cpp} + {@code AddrManImpl::Serialize/Unserialize}): magic ‖ body ‖ SHA256d. Writes
 * format 4 (compat 36); reads formats 0..4 with Core's load rules.
 */
public final class PeersDat {
    public static final int FILE_FORMAT = 4;
    public static final int INCOMPATIBILITY_BASE = 32;
    static final int FORMAT_V1_DETERMINISTIC = 1;
    static final int FORMAT_V2_ASMAP = 2;
    static final int FORMAT_V3_BIP155 = 3;

    private PeersDat() {}

    // ------------------------------------------------------------------------------------------------ file

    /** Reads and checks a whole file: magic, checksum, then the body with Core's load rules. */
    public static AddrMan read(byte[] file, byte[] magic, NetGroupManager netgroup, RandomGenerator rng)
            throws PeersDatException {
        if (file.length < 4) throw new PeersDatException(PeersDatException.Kind.TRUNCATED, "file too short");
        if (!Arrays.equals(file, 0, 4, magic, 0, 4)) {
            throw new PeersDatException(PeersDatException.Kind.WRONG_MAGIC, "Invalid network magic number");
        }
        if (file.length < 4 + 32) throw new PeersDatException(PeersDatException.Kind.TRUNCATED, "file too short");
        int end = file.length - 32;
        WireReader r = new WireReader(file, 4, end - 4);
        AddrMan am;
        try {
            am = deserialize(r, netgroup, rng);
        } catch (ProtocolException e) {
            if (e.error() == ProtocolError.TRUNCATED) {
                throw new PeersDatException(PeersDatException.Kind.TRUNCATED, "truncated: " + e.getMessage(), e);
            }
            throw new PeersDatException(PeersDatException.Kind.CORRUPT, e.getMessage(), e);
        } catch (PeersDatException e) {
            // a truncated file fails its checksum too; Core reads the body first, so report its error unless the
            // checksum is what is wrong
            if (!checksumOk(file, end)) {
                throw new PeersDatException(e.kind() == PeersDatException.Kind.VERSION ? e.kind()
                        : PeersDatException.Kind.CHECKSUM, e.getMessage(), e);
            }
            throw e;
        }
        if (r.hasRemaining()) {
            // Core would read the checksum from where the body ended: a mismatch
            throw new PeersDatException(PeersDatException.Kind.CHECKSUM, "Checksum mismatch, data corrupted");
        }
        if (!checksumOk(file, end)) {
            throw new PeersDatException(PeersDatException.Kind.CHECKSUM, "Checksum mismatch, data corrupted");
        }
        return am;
    }

    private static boolean checksumOk(byte[] file, int end) {
        Hash256 h = Hashes.sha256d(file, 0, end);
        return Hash256.fromInternal(file, end).equals(h);
    }

    /** Reads {@code path} (see {@link #read(byte[], byte[], NetGroupManager, RandomGenerator)}). */
    public static AddrMan load(Path path, byte[] magic, NetGroupManager netgroup, RandomGenerator rng)
            throws PeersDatException, IOException {
        return read(Files.readAllBytes(path), magic, netgroup, rng);
    }

    /** The whole file: magic ‖ body ‖ SHA256d(magic ‖ body). */
    public static byte[] write(AddrMan am, byte[] magic) {
        WireWriter w = new WireWriter(1 << 16);
        w.writeBytes(magic, 0, 4);
        serialize(am, w);
        Hash256 h = Hashes.sha256d(w.array(), 0, w.size());
        w.writeHash(h);
        return w.toByteArray();
    }

    /**
     * Writes the file atomically, as Core's {@code SerializeFileDB}: a temporary {@code peers.XXXX} in the same
     * directory, fsync, rename over {@code path}.
     */
    public static void save(AddrMan am, byte[] magic, Path path, RandomGenerator rng) throws IOException {
        byte[] data = write(am, magic);
        Path dir = path.toAbsolutePath().getParent();
        String prefix = path.getFileName().toString();
        int dot = prefix.lastIndexOf('.');
        if (dot > 0) prefix = prefix.substring(0, dot);
        String tmp;
        do {
            tmp = prefix + "." + HexFormat.of().toHexDigits((short) rng.nextInt(0x10000));
        } while (Files.exists(dir.resolve(tmp)));
        AtomicFiles.write(path, tmp, data);
    }

    // ------------------------------------------------------------------------------------------------ body

    /** Core's {@code AddrManImpl::Serialize}: format 4, entries in id order. */
    static void serialize(AddrMan am, WireWriter w) {
        w.writeU8(FILE_FORMAT);
        w.writeU8(INCOMPATIBILITY_BASE + FILE_FORMAT);
        w.writeHash(am.key);
        w.writeI32LE(am.nNew);
        w.writeI32LE(am.nTried);
        w.writeI32LE(AddrMan.NEW_BUCKET_COUNT ^ (1 << 30));
        Integer[] ids = am.mapInfo.keySet().toArray(new Integer[0]);
        Arrays.sort(ids);
        java.util.HashMap<Integer, Integer> index = new java.util.HashMap<>();
        int n = 0;
        for (int id : ids) {
            AddrInfo info = am.mapInfo.get(id);
            if (info.refCount > 0) {
                index.put(id, n++);
                writeInfo(info, w);
            }
        }
        for (int id : ids) {
            AddrInfo info = am.mapInfo.get(id);
            if (info.inTried) writeInfo(info, w);
        }
        for (int b = 0; b < AddrMan.NEW_BUCKET_COUNT; b++) {
            int size = 0;
            for (int p = 0; p < AddrMan.BUCKET_SIZE; p++) if (am.vvNew[b][p] != -1) size++;
            w.writeI32LE(size);
            for (int p = 0; p < AddrMan.BUCKET_SIZE; p++) {
                if (am.vvNew[b][p] != -1) w.writeI32LE(index.get(am.vvNew[b][p]));
            }
        }
        w.writeHash(am.netgroup.asmapVersion());
    }

    private static void writeInfo(AddrInfo info, WireWriter w) {
        info.toPeerAddress().writeDisk(w);
        info.source.writeBip155(w);
        w.writeI64LE(info.lastSuccess);
        w.writeI32LE(info.attempts);
    }

    /** An entry as read; {@code info} is null when the address is of a network we skip (Core: invalid). */
    private record Read(AddrInfo info) {}

    private static Read readInfo(WireReader r, int format) throws ProtocolException {
        PeerAddress a = PeerAddress.readDisk(r);
        NetAddress src = format >= FORMAT_V3_BIP155 ? NetAddress.readBip155(r) : NetAddress.readV1(r);
        long lastSuccess = r.readI64LE();
        int attempts = r.readI32LE();
        if (a == null) return new Read(null);
        AddrInfo info = new AddrInfo(a, src == null ? NetAddress.UNSPECIFIED : src);
        info.lastSuccess = lastSuccess;
        info.attempts = attempts;
        return new Read(info);
    }

    /** Core's {@code AddrManImpl::Unserialize} followed by its consistency check. */
    static AddrMan deserialize(WireReader r, NetGroupManager netgroup, RandomGenerator rng)
            throws ProtocolException, PeersDatException {
        int format = r.readU8();
        int compat = r.readU8();
        if (compat < INCOMPATIBILITY_BASE) {
            throw corrupt("Corrupted addrman database: The compat value (" + compat
                    + ") is lower than the expected minimum value " + INCOMPATIBILITY_BASE + ".");
        }
        int lowest = compat - INCOMPATIBILITY_BASE;
        if (lowest > FILE_FORMAT) {
            throw new PeersDatException(PeersDatException.Kind.VERSION, "Unsupported format of addrman database: "
                    + format + ". It is compatible with formats >=" + lowest
                    + ", but the maximum supported by this version of Mooring is " + FILE_FORMAT + ".");
        }
        Hash256 key = r.readHash();
        int nNew = r.readI32LE();
        int nTried = r.readI32LE();
        int nUBuckets = r.readI32LE();
        if (format >= FORMAT_V1_DETERMINISTIC) nUBuckets ^= (1 << 30);
        int maxNew = AddrMan.NEW_BUCKET_COUNT * AddrMan.BUCKET_SIZE;
        int maxTried = AddrMan.TRIED_BUCKET_COUNT * AddrMan.BUCKET_SIZE;
        if (nNew > maxNew || nNew < 0) {
            throw corrupt("Corrupt AddrMan serialization: nNew=" + nNew + ", should be in [0, " + maxNew + "]");
        }
        if (nTried > maxTried || nTried < 0) {
            throw corrupt("Corrupt AddrMan serialization: nTried=" + nTried + ", should be in [0, " + maxTried + "]");
        }
        AddrMan am = new AddrMan(netgroup, rng, key);
        // New entries: ids 0..nNew-1 in file order. Skipped-network entries keep their index but are never bucketed
        // (Core: an invalid address, pruned below with refcount 0).
        AddrInfo[] newEntries = new AddrInfo[nNew];
        for (int n = 0; n < nNew; n++) {
            AddrInfo info = readInfo(r, format).info();
            newEntries[n] = info;
            if (info == null) continue;
            am.mapInfo.put(n, info);
            am.mapAddr.put(info.endpoint(), n);
            info.randomPos = am.random.size();
            am.random.add(n);
            am.counts(info.address.network())[0]++;
            am.nNew++;
        }
        am.idCount = nNew;
        for (int n = 0; n < nTried; n++) {
            AddrInfo info = readInfo(r, format).info();
            if (info == null || !info.address.isValid()) continue;
            int kb = am.triedBucket(info);
            int kp = am.position(info, false, kb);
            if (am.vvTried[kb][kp] != -1) continue;
            int id = am.idCount++;
            info.randomPos = am.random.size();
            info.inTried = true;
            am.random.add(id);
            am.mapInfo.put(id, info);
            am.mapAddr.put(info.endpoint(), id);
            am.vvTried[kb][kp] = id;
            am.nTried++;
            am.counts(info.address.network())[1]++;
        }
        List<int[]> bucketEntries = new ArrayList<>();
        for (int bucket = 0; bucket < nUBuckets; bucket++) {
            int num = r.readI32LE();
            if (num < 0) continue;
            if ((long) num * 4 > r.remaining()) {
                throw new ProtocolException(ProtocolError.TRUNCATED, "bucket " + bucket + " claims " + num);
            }
            for (int i = 0; i < num; i++) {
                int idx = r.readI32LE();
                if (idx >= 0 && idx < nNew) bucketEntries.add(new int[] {bucket, idx});
            }
        }
        Hash256 storedAsmap = format >= FORMAT_V2_ASMAP ? r.readHash() : Hash256.ZERO;
        boolean restore = nUBuckets == AddrMan.NEW_BUCKET_COUNT && storedAsmap.equals(netgroup.asmapVersion());
        for (int[] be : bucketEntries) {
            int bucket = be[0];
            int idx = be[1];
            AddrInfo info = newEntries[idx];
            if (info == null || !info.address.isValid()) continue;
            if (info.refCount >= AddrMan.NEW_BUCKETS_PER_ADDRESS) continue;
            int pos = am.position(info, true, bucket);
            if (restore && am.vvNew[bucket][pos] == -1) {
                am.vvNew[bucket][pos] = idx;
                info.refCount++;
            } else {
                bucket = am.newBucket(info);
                pos = am.position(info, true, bucket);
                if (am.vvNew[bucket][pos] == -1) {
                    am.vvNew[bucket][pos] = idx;
                    info.refCount++;
                }
            }
        }
        for (int n = 0; n < nNew; n++) {
            AddrInfo info = newEntries[n];
            if (info == null) continue;
            // Core's Delete; a duplicate address in the file then fails the consistency check (-5), as in Core
            if (am.mapInfo.get(n) == info && !info.inTried && info.refCount == 0) am.delete(n);
        }
        int code = am.check();
        if (code != 0) throw corrupt("Corrupt data. Consistency check failed with code " + code);
        return am;
    }

    private static PeersDatException corrupt(String m) {
        return new PeersDatException(PeersDatException.Kind.CORRUPT, m);
    }
}
