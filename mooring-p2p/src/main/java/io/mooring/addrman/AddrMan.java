package io.mooring.addrman;

import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;

import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Core's address manager ({@code AddrManImpl}): new and tried tables of entry ids, keyed bucket maths, and the
 * operations the connection manager drives. Every operation takes the current time; the random source is injected
 * (Core's {@code insecure_rand}). Not thread-safe.
 */
public final class AddrMan {
    public static final int TRIED_BUCKET_COUNT = 256;
    public static final int NEW_BUCKET_COUNT = 1024;
    public static final int BUCKET_SIZE = 64;
    public static final int TRIED_BUCKETS_PER_GROUP = 8;
    public static final int NEW_BUCKETS_PER_SOURCE_GROUP = 64;
    public static final int NEW_BUCKETS_PER_ADDRESS = 8;
    public static final long HORIZON_SECONDS = 30L * 24 * 3600;
    public static final int RETRIES = 3;
    public static final int MAX_FAILURES = 10;
    public static final long MIN_FAIL_SECONDS = 7L * 24 * 3600;
    public static final long REPLACEMENT_SECONDS = 4L * 3600;
    public static final int SET_TRIED_COLLISION_SIZE = 10;
    public static final long TEST_WINDOW_SECONDS = 40L * 60;

    /** Where an entry sits (Core's {@code AddressPosition}). */
    public record AddressPosition(boolean tried, int multiplicity, int bucket, int position) {}

    /** A selected address and its last connection attempt (Core returns {@code pair<CAddress, NodeSeconds>}). */
    public record Selected(PeerAddress address, Instant lastTry) {}

    /** Per-network counts, as {@code getaddrmaninfo}. */
    public record Counts(int newCount, int triedCount) {
        public int total() { return newCount + triedCount; }
    }

    final NetGroupManager netgroup;
    final RandomGenerator rng;
    final Hash256 key;

    final HashMap<Integer, AddrInfo> mapInfo = new HashMap<>();
    final HashMap<NetEndpoint, Integer> mapAddr = new HashMap<>();
    final RandomVector random = new RandomVector();
    final int[][] vvNew = new int[NEW_BUCKET_COUNT][BUCKET_SIZE];
    final int[][] vvTried = new int[TRIED_BUCKET_COUNT][BUCKET_SIZE];
    final TreeSet<Integer> triedCollisions = new TreeSet<>();
    final EnumMap<Network, int[]> networkCounts = new EnumMap<>(Network.class);
    int idCount;
    int nNew;
    int nTried;
    long lastGood = 1;

    /** An empty address manager with the given bucket key (Core uses {@code uint256{1}} when deterministic). */
    public AddrMan(NetGroupManager netgroup, RandomGenerator rng, Hash256 key) {
        this.netgroup = Objects.requireNonNull(netgroup);
        this.rng = Objects.requireNonNull(rng);
        this.key = Objects.requireNonNull(key);
        for (int[] b : vvNew) Arrays.fill(b, -1);
        for (int[] b : vvTried) Arrays.fill(b, -1);
    }

    /** An empty address manager with a random key drawn from {@code rng}. */
    public static AddrMan create(NetGroupManager netgroup, RandomGenerator rng) {
        byte[] k = new byte[32];
        rng.nextBytes(k);
        return new AddrMan(netgroup, rng, Hash256.fromInternal(k));
    }

    /** Core's {@code uint256{1}}: the key under {@code -test=addrman} and in Core's unit tests. */
    public static Hash256 deterministicKey() {
        return new Hash256(1, 0, 0, 0);
    }

    public Hash256 key() { return key; }
    public NetGroupManager netgroup() { return netgroup; }

    // ------------------------------------------------------------------------------------------------ bucket maths

    // The bucket hashes run for every Add, Good and loaded entry: they are written into one reusable buffer and hashed
    // with one reusable digest (this class is single-threaded), instead of a writer, key copy and wrapper per hash.
    private final MessageDigest digest = Hashes.newDigest("SHA-256");
    private final byte[] hashBuf = new byte[256];
    private final byte[] digestBuf = new byte[32];

    /** Core's {@code GetCheapHash} of SHA256d(hashBuf[0, len)): its first 8 bytes, little-endian. */
    private long cheapHash(int len) {
        try {
            digest.update(hashBuf, 0, len);
            digest.digest(digestBuf, 0, 32);
            digest.update(digestBuf, 0, 32);
            digest.digest(digestBuf, 0, 32);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 into a 32-byte buffer", e);
        }
        return Hash256.fromInternal(digestBuf, 0).w0();
    }

    /** Writes the bucket key at the start of the buffer: what every bucket hash begins with. */
    private int putKey() {
        key.writeTo(hashBuf, 0);
        return Hash256.BYTES;
    }

    /** A CompactSize-prefixed byte string (all keys here are far below 253 bytes, one length byte). */
    private int putVarBytes(int off, Bytes b) {
        hashBuf[off] = (byte) b.length();
        b.copyTo(hashBuf, off + 1);
        return off + 1 + b.length();
    }

    /** {@link #serviceKey} as a CompactSize-prefixed string, written in place. */
    private int putServiceKey(int off, NetAddress a, int port) {
        int len;
        if (a.isAddrV1Compatible()) {
            byte[] v1 = a.toV1Bytes();
            len = v1.length;
            System.arraycopy(v1, 0, hashBuf, off + 1, len);
        } else {
            len = a.bytes().length();
            a.bytes().copyTo(hashBuf, off + 1);
        }
        hashBuf[off] = (byte) (len + 2);
        hashBuf[off + 1 + len] = (byte) (port >>> 8);
        hashBuf[off + 2 + len] = (byte) port;
        return off + 3 + len;
    }

    private int putI64LE(int off, long v) {
        for (int i = 0; i < 8; i++) hashBuf[off + i] = (byte) (v >>> (8 * i));
        return off + 8;
    }

    /** Core's {@code GetTriedBucket}. */
    public int triedBucket(NetAddress a, int port) {
        long h1 = cheapHash(putServiceKey(putKey(), a, port));
        long h2 = cheapHash(putI64LE(putVarBytes(putKey(), netgroup.group(a, port)),
                Long.remainderUnsigned(h1, TRIED_BUCKETS_PER_GROUP)));
        return (int) Long.remainderUnsigned(h2, TRIED_BUCKET_COUNT);
    }

    /** Core's {@code GetNewBucket} for source {@code src}. */
    public int newBucket(NetAddress a, NetAddress src) {
        return newBucket(netgroup.group(a), src);
    }

    /** Core's {@code GetNewBucket} for an address with its port (the port matters only for routable loopback). */
    public int newBucket(NetAddress a, int port, NetAddress src) {
        return newBucket(netgroup.group(a, port), src);
    }

    private int newBucket(Bytes group, NetAddress src) {
        Bytes srcGroup = netgroup.group(src);
        long h1 = cheapHash(putVarBytes(putVarBytes(putKey(), group), srcGroup));
        long h2 = cheapHash(putI64LE(putVarBytes(putKey(), srcGroup),
                Long.remainderUnsigned(h1, NEW_BUCKETS_PER_SOURCE_GROUP)));
        return (int) Long.remainderUnsigned(h2, NEW_BUCKET_COUNT);
    }

    /** Core's {@code GetBucketPosition}. */
    public int bucketPosition(boolean isNew, int bucket, NetAddress a, int port) {
        int off = putKey();
        hashBuf[off] = (byte) (isNew ? 'N' : 'K');
        for (int i = 0; i < 4; i++) hashBuf[off + 1 + i] = (byte) (bucket >>> (8 * i));
        long h = cheapHash(putServiceKey(off + 5, a, port));
        return (int) Long.remainderUnsigned(h, BUCKET_SIZE);
    }

    int triedBucket(AddrInfo i) { return triedBucket(i.address, i.port); }
    int newBucket(AddrInfo i) { return newBucket(i.address, i.port, i.source); }
    int position(AddrInfo i, boolean isNew, int bucket) { return bucketPosition(isNew, bucket, i.address, i.port); }

    /** The id in a table slot, -1 if empty. */
    public int entry(boolean tried, int bucket, int position) {
        return tried ? vvTried[bucket][position] : vvNew[bucket][position];
    }

    // ------------------------------------------------------------------------------------------------ internals

    int[] counts(Network n) {
        return networkCounts.computeIfAbsent(n, k -> new int[2]);
    }

    AddrInfo find(NetEndpoint e) {
        Integer id = mapAddr.get(e);
        return id == null ? null : mapInfo.get(id);
    }

    private int create(PeerAddress addr, NetAddress source) {
        int id = idCount++;
        AddrInfo info = new AddrInfo(addr, source);
        mapInfo.put(id, info);
        mapAddr.put(info.endpoint(), id);
        info.randomPos = random.size();
        random.add(id);
        nNew++;
        counts(info.address.network())[0]++;
        return id;
    }

    /**
     * Core's {@code vRandom}: entry ids by random-order position, as plain ints, with each position's entry cached
     * beside it. GetAddr and Select-adjacent code walk this vector at random; resolving each id through
     * {@link #mapInfo} cost three boxed hash lookups per step. Ids are never reused, so an id's entry never changes
     * and a cached entry stays right until its position is swapped or removed (which move the cache with it).
     */
    static final class RandomVector {
        int[] ids = new int[1024];
        AddrInfo[] infos = new AddrInfo[1024];
        int size;

        int size() { return size; }
        boolean isEmpty() { return size == 0; }
        int get(int pos) { return ids[pos]; }

        /** Appends an id; its entry is looked up on first use (the file reader adds the id before the entry). */
        void add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                infos = Arrays.copyOf(infos, size * 2);
            }
            ids[size] = id;
            infos[size] = null;
            size++;
        }

        void removeLast() {
            size--;
            infos[size] = null;
        }
    }

    /** The entry at a random-order position (Core: {@code mapInfo[vRandom[pos]]}). */
    private AddrInfo infoAt(int pos) {
        AddrInfo i = random.infos[pos];
        if (i == null) {
            i = mapInfo.get(random.ids[pos]);
            random.infos[pos] = i;
        }
        return i;
    }

    private void swapRandom(int p1, int p2) {
        if (p1 == p2) return;
        AddrInfo i1 = infoAt(p1);
        AddrInfo i2 = infoAt(p2);
        i1.randomPos = p2;
        i2.randomPos = p1;
        int id1 = random.ids[p1];
        random.ids[p1] = random.ids[p2];
        random.ids[p2] = id1;
        random.infos[p1] = i2;
        random.infos[p2] = i1;
    }

    void delete(int id) {
        AddrInfo info = mapInfo.get(id);
        if (info.inTried || info.refCount != 0) throw new IllegalStateException("delete of a live entry " + info);
        swapRandom(info.randomPos, random.size() - 1);
        counts(info.address.network())[0]--;
        random.removeLast();
        mapAddr.remove(info.endpoint());
        mapInfo.remove(id);
        nNew--;
    }

    private void clearNew(int bucket, int pos) {
        int id = vvNew[bucket][pos];
        if (id != -1) {
            AddrInfo del = mapInfo.get(id);
            del.refCount--;
            vvNew[bucket][pos] = -1;
            if (del.refCount == 0) delete(id);
        }
    }

    private void makeTried(AddrInfo info, int id) {
        int start = newBucket(info);
        for (int n = 0; n < NEW_BUCKET_COUNT; n++) {
            int bucket = (start + n) % NEW_BUCKET_COUNT;
            int pos = position(info, true, bucket);
            if (vvNew[bucket][pos] == id) {
                vvNew[bucket][pos] = -1;
                info.refCount--;
                if (info.refCount == 0) break;
            }
        }
        nNew--;
        counts(info.address.network())[0]--;
        if (info.refCount != 0) throw new IllegalStateException("refcount after MakeTried: " + info);

        int kb = triedBucket(info);
        int kp = position(info, false, kb);
        if (vvTried[kb][kp] != -1) {
            int evict = vvTried[kb][kp];
            AddrInfo old = mapInfo.get(evict);
            old.inTried = false;
            vvTried[kb][kp] = -1;
            nTried--;
            counts(old.address.network())[1]--;
            int ub = newBucket(old);
            int up = position(old, true, ub);
            clearNew(ub, up);
            old.refCount = 1;
            vvNew[ub][up] = evict;
            nNew++;
            counts(old.address.network())[0]++;
        }
        vvTried[kb][kp] = id;
        nTried++;
        info.inTried = true;
        counts(info.address.network())[1]++;
    }

    // ------------------------------------------------------------------------------------------------ operations

    /**
     * Core's {@code Add}: adds each address as from {@code source}, with {@code timePenalty} subtracted from its time
     * (none when the address is its own source).
     *
     * @return whether at least one address was placed in a new bucket
     */
    public boolean add(List<PeerAddress> addrs, NetAddress source, Duration timePenalty, Instant now) {
        int added = 0;
        for (PeerAddress a : addrs) {
            if (addSingle(a, source, timePenalty.getSeconds(), now.getEpochSecond())) added++;
        }
        return added > 0;
    }

    public boolean add(List<PeerAddress> addrs, NetAddress source, Instant now) {
        return add(addrs, source, Duration.ZERO, now);
    }

    private boolean addSingle(PeerAddress addr, NetAddress source, long penalty, long now) {
        if (!netgroup.isRoutable(addr.address())) return false; // Core's IsRoutable (+ regtest loopback)
        NetEndpoint ep = addr.endpoint();
        Integer found = mapAddr.get(ep);
        if (addr.address().equals(source)) penalty = 0;
        int id;
        AddrInfo info;
        if (found != null) {
            id = found;
            info = mapInfo.get(id);
            boolean online = now - addr.time() < 24 * 3600;
            long interval = online ? 3600 : 24 * 3600;
            if (info.time < addr.time() - interval - penalty) {
                info.time = Math.max(0, addr.time() - penalty);
            }
            info.services |= addr.services();
            if (addr.time() <= info.time) return false;
            if (info.inTried) return false;
            if (info.refCount == NEW_BUCKETS_PER_ADDRESS) return false;
            if (info.refCount > 0) {
                int factor = 1 << info.refCount;
                if (rng.nextInt(factor) != 0) return false;
            }
        } else {
            id = create(addr, source);
            info = mapInfo.get(id);
            info.time = Math.max(0, info.time - penalty);
        }
        int ub = newBucket(info.address, info.port, source);
        int up = position(info, true, ub);
        boolean insert = vvNew[ub][up] == -1;
        if (vvNew[ub][up] != id) {
            if (!insert) {
                AddrInfo existing = mapInfo.get(vvNew[ub][up]);
                if (existing.isTerrible(Instant.ofEpochSecond(now)) || (existing.refCount > 1 && info.refCount == 0)) {
                    insert = true;
                }
            }
            if (insert) {
                clearNew(ub, up);
                info.refCount++;
                vvNew[ub][up] = id;
            } else if (info.refCount == 0) {
                delete(id);
            }
        }
        return insert;
    }

    /** Core's {@code Good} with test-before-evict. */
    public boolean good(NetEndpoint addr, Instant now) {
        return good(addr, true, now);
    }

    /**
     * Core's {@code Good_}: marks a successful connection; moves the entry to tried, or records a collision when
     * {@code testBeforeEvict} and its tried slot is taken.
     *
     * @return whether the entry moved to tried
     */
    public boolean good(NetEndpoint addr, boolean testBeforeEvict, Instant now) {
        long t = now.getEpochSecond();
        lastGood = t;
        Integer id = mapAddr.get(addr);
        if (id == null) return false;
        AddrInfo info = mapInfo.get(id);
        info.lastSuccess = t;
        info.lastTry = t;
        info.attempts = 0;
        if (info.inTried) return false;
        if (info.refCount <= 0) return false;
        int kb = triedBucket(info);
        int kp = position(info, false, kb);
        if (testBeforeEvict && vvTried[kb][kp] != -1) {
            if (triedCollisions.size() < SET_TRIED_COLLISION_SIZE) triedCollisions.add(id);
            return false;
        }
        makeTried(info, id);
        return true;
    }

    /** Core's {@code Attempt}: records a connection attempt, counting a failure at most once per Good. */
    public void attempt(NetEndpoint addr, boolean countFailure, Instant now) {
        AddrInfo info = find(addr);
        if (info == null) return;
        long t = now.getEpochSecond();
        info.lastTry = t;
        if (countFailure && info.lastCountAttempt < lastGood) {
            info.lastCountAttempt = t;
            info.attempts++;
        }
    }

    /** Core's {@code Connected}: refreshes the time if more than 20 minutes stale. */
    public void connected(NetEndpoint addr, Instant now) {
        AddrInfo info = find(addr);
        if (info == null) return;
        long t = now.getEpochSecond();
        if (t - info.time > 20 * 60) info.time = t;
    }

    /** Core's {@code SetServices}. */
    public void setServices(NetEndpoint addr, long services) {
        AddrInfo info = find(addr);
        if (info != null) info.services = services;
    }

    /**
     * Core's {@code Select}: a random address, tried or new 50/50 (only new when {@code newOnly}, for feelers),
     * optionally restricted to {@code networks} (empty = all), weighted by {@link AddrInfo#chance}.
     */
    public Optional<Selected> select(boolean newOnly, Set<Network> networks, Instant now) {
        if (random.isEmpty()) return Optional.empty();
        long newCount = nNew;
        long triedCount = nTried;
        if (!networks.isEmpty()) {
            newCount = 0;
            triedCount = 0;
            for (Network n : networks) {
                int[] c = networkCounts.get(n);
                if (c == null) continue;
                newCount += c[0];
                triedCount += c[1];
            }
        }
        if (newOnly && newCount == 0) return Optional.empty();
        if (newCount + triedCount == 0) return Optional.empty();
        boolean searchTried;
        if (newOnly || triedCount == 0) searchTried = false;
        else if (newCount == 0) searchTried = true;
        else searchTried = rng.nextBoolean();
        int bucketCount = searchTried ? TRIED_BUCKET_COUNT : NEW_BUCKET_COUNT;
        double chanceFactor = 1.0;
        while (true) {
            int bucket = rng.nextInt(bucketCount);
            int initial = rng.nextInt(BUCKET_SIZE);
            int i;
            int id = -1;
            for (i = 0; i < BUCKET_SIZE; i++) {
                int pos = (initial + i) % BUCKET_SIZE;
                id = entry(searchTried, bucket, pos);
                if (id != -1) {
                    if (networks.isEmpty() || networks.contains(mapInfo.get(id).address.network())) break;
                }
            }
            if (i == BUCKET_SIZE) continue;
            AddrInfo info = mapInfo.get(id);
            if (rng.nextInt(1 << 30) < chanceFactor * info.chance(now) * (1 << 30)) {
                return Optional.of(new Selected(info.toPeerAddress(), Instant.ofEpochSecond(info.lastTry)));
            }
            chanceFactor *= 1.2;
        }
    }

    public Optional<Selected> select(boolean newOnly, Instant now) {
        return select(newOnly, Set.of(), now);
    }

    /**
     * Core's {@code GetAddr}: up to {@code maxPct} percent (0 = no limit) and {@code maxAddresses} (0 = no limit)
     * random addresses, only of net class {@code network} if not null, skipping terrible ones if {@code filtered}.
     * The GETADDR reply uses (1000, 23, null, true).
     */
    public List<PeerAddress> getAddr(int maxAddresses, int maxPct, Network network, boolean filtered, Instant now) {
        int nodes = random.size();
        if (maxPct != 0) {
            nodes = (int) ((long) Math.min(maxPct, 100) * nodes / 100);
        }
        if (maxAddresses != 0) nodes = Math.min(nodes, maxAddresses);
        int wantClass = network == null ? -1 : NetGroupManager.coreNetworkId(network);
        List<PeerAddress> out = new ArrayList<>(nodes);
        for (int n = 0; n < random.size(); n++) {
            if (out.size() >= nodes) break;
            int r = rng.nextInt(random.size() - n) + n;
            swapRandom(n, r);
            AddrInfo ai = infoAt(n);
            if (network != null && NetGroupManager.netClass(ai.address) != wantClass) continue;
            if (filtered && ai.isTerrible(now)) continue;
            out.add(ai.toPeerAddress());
        }
        return out;
    }


    /** Core's {@code ResolveCollisions}: settles test-before-evict collisions (run before outbound selection). */
    public void resolveCollisions(Instant now) {
        long t = now.getEpochSecond();
        Iterator<Integer> it = triedCollisions.iterator();
        while (it.hasNext()) {
            Integer toGood = null;
            int idNew = it.next();
            boolean erase = false;
            AddrInfo infoNew = mapInfo.get(idNew);
            if (infoNew == null) {
                erase = true;
            } else {
                int kb = triedBucket(infoNew);
                int kp = position(infoNew, false, kb);
                if (!infoNew.address.isValid()) {
                    erase = true;
                } else if (vvTried[kb][kp] != -1) {
                    AddrInfo old = mapInfo.get(vvTried[kb][kp]);
                    if (t - old.lastSuccess < REPLACEMENT_SECONDS) {
                        erase = true;
                    } else if (t - old.lastTry < REPLACEMENT_SECONDS) {
                        if (t - old.lastTry > 60) {
                            toGood = idNew;
                            erase = true;
                        }
                    } else if (t - infoNew.lastSuccess > TEST_WINDOW_SECONDS) {
                        toGood = idNew;
                        erase = true;
                    }
                } else {
                    toGood = idNew;
                    erase = true;
                }
            }
            if (erase) it.remove();
            // Core calls Good_ inside the loop; Good_(test_before_evict=false) never touches the collision set, so
            // running it right away or after the iteration step gives the same tables.
            if (toGood != null) good(mapInfo.get(toGood).endpoint(), false, now);
        }
    }

    /** Core's {@code SelectTriedCollision}: the tried entry a random pending collision would evict (for a feeler). */
    public Optional<Selected> selectTriedCollision() {
        if (triedCollisions.isEmpty()) return Optional.empty();
        int skip = rng.nextInt(triedCollisions.size());
        Iterator<Integer> it = triedCollisions.iterator();
        int idNew = it.next();
        for (int i = 0; i < skip; i++) idNew = it.next();
        AddrInfo infoNew = mapInfo.get(idNew);
        if (infoNew == null) {
            triedCollisions.remove(idNew);
            return Optional.empty();
        }
        int kb = triedBucket(infoNew);
        int kp = position(infoNew, false, kb);
        AddrInfo old = mapInfo.get(vvTried[kb][kp]);
        if (old == null) return Optional.empty(); // Core would return a default AddrInfo here
        return Optional.of(new Selected(old.toPeerAddress(), Instant.ofEpochSecond(old.lastTry)));
    }

    /** Pending test-before-evict collisions (ids are internal; the count is what callers need). */
    public int collisionCount() {
        return triedCollisions.size();
    }

    /** Core's {@code FindAddressEntry}. */
    public Optional<AddressPosition> findAddressEntry(NetEndpoint addr) {
        AddrInfo info = find(addr);
        if (info == null) return Optional.empty();
        if (info.inTried) {
            int b = triedBucket(info);
            return Optional.of(new AddressPosition(true, 1, b, position(info, false, b)));
        }
        int b = newBucket(info);
        return Optional.of(new AddressPosition(false, info.refCount, b, position(info, true, b)));
    }

    /** A copy of the entry for this address, if known. */
    public Optional<AddrInfo> info(NetEndpoint addr) {
        AddrInfo i = find(addr);
        return i == null ? Optional.empty() : Optional.of(new AddrInfo(i));
    }

    /** Every entry of one table with its slot, as Core's {@code GetEntries}. */
    public List<Map.Entry<AddrInfo, AddressPosition>> entries(boolean fromTried) {
        int bc = fromTried ? TRIED_BUCKET_COUNT : NEW_BUCKET_COUNT;
        List<Map.Entry<AddrInfo, AddressPosition>> out = new ArrayList<>();
        for (int b = 0; b < bc; b++) {
            for (int p = 0; p < BUCKET_SIZE; p++) {
                int id = entry(fromTried, b, p);
                if (id >= 0) {
                    AddrInfo i = mapInfo.get(id);
                    out.add(Map.entry(new AddrInfo(i), new AddressPosition(fromTried, fromTried ? 1 : i.refCount, b, p)));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ sizes

    /** All addresses. */
    public int size() { return random.size(); }
    public int newCount() { return nNew; }
    public int triedCount() { return nTried; }

    /** Core's {@code Size(net, in_new)}: {@code inNew} null = both tables. */
    public int size(Network net, Boolean inNew) {
        if (net == null) return inNew == null ? random.size() : inNew ? nNew : nTried;
        int[] c = networkCounts.get(net);
        if (c == null) return 0;
        return inNew == null ? c[0] + c[1] : inNew ? c[0] : c[1];
    }

    /** Per-network counts for {@code getaddrmaninfo}. */
    public Map<Network, Counts> countsByNetwork() {
        EnumMap<Network, Counts> m = new EnumMap<>(Network.class);
        for (Network n : Network.values()) {
            int[] c = networkCounts.getOrDefault(n, new int[2]);
            m.put(n, new Counts(c[0], c[1]));
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------------ check

    /** Core's {@code CheckAddrman}: 0 when consistent, else Core's negative code. */
    public int check() {
        if (random.size() != nTried + nNew) return -7;
        HashMap<Integer, Integer> mapNew = new HashMap<>();
        java.util.HashSet<Integer> setTried = new java.util.HashSet<>();
        EnumMap<Network, int[]> local = new EnumMap<>(Network.class);
        for (Map.Entry<Integer, AddrInfo> e : mapInfo.entrySet()) {
            int n = e.getKey();
            AddrInfo info = e.getValue();
            int[] lc = local.computeIfAbsent(info.address.network(), k -> new int[2]);
            if (info.inTried) {
                if (info.lastSuccess == 0) return -1;
                if (info.refCount != 0) return -2;
                setTried.add(n);
                lc[1]++;
            } else {
                if (info.refCount < 0 || info.refCount > NEW_BUCKETS_PER_ADDRESS) return -3;
                if (info.refCount == 0) return -4;
                mapNew.put(n, info.refCount);
                lc[0]++;
            }
            Integer a = mapAddr.get(info.endpoint());
            if (a == null || a != n) return -5;
            if (info.randomPos < 0 || info.randomPos >= random.size() || random.get(info.randomPos) != n) return -14;
            if (info.lastTry < 0) return -6;
            if (info.lastSuccess < 0) return -8;
        }
        if (setTried.size() != nTried) return -9;
        if (mapNew.size() != nNew) return -10;
        for (int b = 0; b < TRIED_BUCKET_COUNT; b++) {
            for (int p = 0; p < BUCKET_SIZE; p++) {
                int id = vvTried[b][p];
                if (id != -1) {
                    if (!setTried.contains(id)) return -11;
                    AddrInfo i = mapInfo.get(id);
                    if (triedBucket(i) != b) return -17;
                    if (position(i, false, b) != p) return -18;
                    setTried.remove(id);
                }
            }
        }
        for (int b = 0; b < NEW_BUCKET_COUNT; b++) {
            for (int p = 0; p < BUCKET_SIZE; p++) {
                int id = vvNew[b][p];
                if (id != -1) {
                    if (!mapNew.containsKey(id)) return -12;
                    if (position(mapInfo.get(id), true, b) != p) return -19;
                    int left = mapNew.merge(id, -1, Integer::sum);
                    if (left == 0) mapNew.remove(id);
                }
            }
        }
        if (!setTried.isEmpty()) return -13;
        if (!mapNew.isEmpty()) return -15;
        if (key.isZero()) return -16;
        for (Network n : Network.values()) {
            int[] a = local.getOrDefault(n, new int[2]);
            int[] b = networkCounts.getOrDefault(n, new int[2]);
            if (a[0] != b[0] || a[1] != b[1]) return -20;
        }
        return 0;
    }
}
