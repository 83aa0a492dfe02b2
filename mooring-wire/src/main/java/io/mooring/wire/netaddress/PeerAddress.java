package io.mooring.wire.netaddress;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.util.Objects;

/**
 * A gossiped peer address: Core's {@code CAddress}. {@code time} is the unsigned 32-bit last-seen time in seconds
 * (0..0xFFFFFFFF), {@code services} a uint64 bit set (see {@link ServiceFlags}), {@code port} 0..65535.
 *
 * <h2>Skipping entries</h2>
 * {@link #readV2} (addrv2) and {@link #readDisk} with a v2 body return {@code null} for an entry whose network is
 * unknown or unsupported (see {@link NetAddress#readBip155}); all its bytes are consumed, so a caller reading a
 * vector simply drops nulls and goes on. {@link #readV1} (addr, version) never returns null: an entry Core would
 * ignore has an address that fails {@link NetAddress#isValid()} (TorV2 reads as {@link NetAddress#UNSPECIFIED}).
 */
public record PeerAddress(long time, long services, NetAddress address, int port) {
    /** BIP155: the longest address payload accepted. */
    public static final int MAX_BIP155_ADDRESS_LENGTH = NetAddress.MAX_BIP155_ADDRESS_LENGTH;
    /** Core's TIME_INIT: the time of an address read without a time field (the version message form). */
    public static final long TIME_INIT = 100_000_000L;
    /** Disk format: the low 19 bits of the format word hold a client version and are ignored on read. */
    public static final int DISK_VERSION_IGNORE_MASK = (1 << 19) - 1;
    /** Disk format: the flag for a v2 (BIP155) body. */
    public static final int DISK_VERSION_ADDRV2 = 1 << 29;
    /** The format word Core writes: 220000 | ADDRV2, bytes {@code 60 5b 03 20}. */
    public static final int DISK_FORMAT_V2 = 220000 | DISK_VERSION_ADDRV2;

    public PeerAddress {
        if (time < 0 || time > 0xffffffffL) {
            throw new IllegalArgumentException("time is an unsigned 32-bit value: " + time);
        }
        Objects.requireNonNull(address, "address");
        NetEndpoint.checkPort(port);
    }

    public PeerAddress(long time, long services, NetEndpoint endpoint) {
        this(time, services, endpoint.address(), endpoint.port());
    }

    public NetEndpoint endpoint() {
        return new NetEndpoint(address, port);
    }

    // ---------------------------------------------------------------------------------------------- v1

    /**
     * Reads the v1 form: [uint32 time if {@code withTime}], uint64 services, 16-byte address, uint16 port
     * big-endian. Without a time (inside {@code version}) the time is {@link #TIME_INIT}, as Core. Never null.
     */
    public static PeerAddress readV1(WireReader r, boolean withTime) throws ProtocolException {
        long time = withTime ? r.readU32LE() : TIME_INIT;
        long services = r.readI64LE();
        NetAddress address = NetAddress.readV1(r);
        int port = r.readU16BE();
        return new PeerAddress(time, services, address, port);
    }

    /** Writes the v1 form; Tor, I2P and CJDNS addresses become 16 zero bytes (see {@link NetAddress#writeV1}). */
    public void writeV1(WireWriter w, boolean withTime) {
        if (withTime) w.writeU32LE(time);
        w.writeI64LE(services);
        address.writeV1(w);
        w.writeU16BE(port);
    }

    // ---------------------------------------------------------------------------------------------- v2

    /**
     * Reads the addrv2 form: uint32 time, CompactSize services (any uint64), BIP155 address, uint16 port BE.
     *
     * @return the entry, or {@code null} if its address is to be skipped (bytes consumed)
     * @throws ProtocolException as {@link NetAddress#readBip155}, TRUNCATED, NON_CANONICAL_COMPACT_SIZE
     */
    public static PeerAddress readV2(WireReader r) throws ProtocolException {
        long time = r.readU32LE();
        long services = r.readCompactSize(false);
        NetAddress address = NetAddress.readBip155(r);
        int port = r.readU16BE();
        return address == null ? null : new PeerAddress(time, services, address, port);
    }

    public void writeV2(WireWriter w) {
        w.writeU32LE(time);
        w.writeCompactSize(services);
        address.writeBip155(w);
        w.writeU16BE(port);
    }

    // ---------------------------------------------------------------------------------------------- disk

    /**
     * Reads the disk form (peers.dat, anchors.dat): a uint32 format word whose low 19 bits are ignored and whose
     * other bits are 0 (a v1 body with time) or exactly 1<<29 (a v2 body), then the body.
     *
     * @return the entry, or {@code null} for a v2 body whose address is skipped (see {@link #readV2})
     * @throws ProtocolException UNSUPPORTED_DISK_FORMAT for any other format word, or as the body's reader
     */
    public static PeerAddress readDisk(WireReader r) throws ProtocolException {
        int word = r.readI32LE();
        int format = word & ~DISK_VERSION_IGNORE_MASK;
        if (format == 0) return readV1(r, true);
        if (format == DISK_VERSION_ADDRV2) return readV2(r);
        throw new ProtocolException(ProtocolError.UNSUPPORTED_DISK_FORMAT,
                "Unsupported CAddress disk format version 0x" + Integer.toHexString(word));
    }

    /** Writes {@link #DISK_FORMAT_V2} (0x20035B60) and the v2 body, as Core. */
    public void writeDisk(WireWriter w) {
        w.writeI32LE(DISK_FORMAT_V2);
        writeV2(w);
    }
}
