package io.mooring.wire;

/**
 * Why a byte sequence is not a valid Bitcoin protocol object. Every decoder failure carries one of these, so the
 * node can map it to Core's reaction (drop the message, disconnect, or discourage the peer) without parsing text.
 */
public enum ProtocolError {
    /** Fewer bytes than the structure needs (Core: "end of data"). */
    TRUNCATED("truncated"),
    /** A CompactSize written with more bytes than needed (Core: "non-canonical ReadCompactSize()"). */
    NON_CANONICAL_COMPACT_SIZE("non-canonical CompactSize"),
    /** A CompactSize length above MAX_SIZE (0x02000000) (Core: "ReadCompactSize(): size too large"). */
    SIZE_TOO_LARGE("size too large"),
    /** v1 envelope: the first four bytes are not this network's magic (Core disconnects). */
    WRONG_MAGIC("wrong network magic"),
    /** v1 envelope: the header announces a payload above 4,000,000 bytes (Core disconnects before reading it). */
    OVERSIZED_MESSAGE("message payload too large"),
    /** v1 envelope: the payload does not match the header checksum (Core drops the message, keeps the peer). */
    BAD_CHECKSUM("bad checksum"),
    /** v1 envelope: the command is not printable ASCII with NUL padding only at the end (Core drops the message). */
    BAD_COMMAND("invalid command string"),
    /** inv, getdata or notfound with more than 50,000 entries (Core: misbehaving). */
    TOO_MANY_INVENTORY_ENTRIES("too many inventory entries"),
    /** addr or addrv2 with more than 1,000 entries (Core: misbehaving). */
    TOO_MANY_ADDRESSES("too many addresses"),
    /** headers with more than 2,000 entries (Core: misbehaving). */
    TOO_MANY_HEADERS("too many headers"),
    /** getheaders or getblocks locator with more than 101 entries (Core: disconnect without discouragement). */
    LOCATOR_TOO_LARGE("locator too large"),
    /** A string or byte vector above its field's maximum (user agent 256, feature id 80, ...). */
    FIELD_TOO_LONG("field too long"),
    /** A vector above its field's maximum entry count (filter hashes, short ids, ...). */
    TOO_MANY_ENTRIES("too many entries"),
    /** BIP155: a known network id with the wrong address length, or any address longer than 512 bytes. */
    BAD_ADDRESS_LENGTH("bad address length"),
    /** An address that fails its own checks (TorV3 checksum or version byte, CJDNS prefix, ...). */
    BAD_ADDRESS("invalid address"),
    /** A CAddress disk format word that is neither v1 nor v2 (Core: "Unsupported CAddress disk format version"). */
    UNSUPPORTED_DISK_FORMAT("unsupported CAddress disk format"),
    /** BIP144: a witness flag with no witness data ("Superfluous witness record") or unknown optional data. */
    BAD_TRANSACTION("invalid transaction encoding"),
    /** BIP152: differential indexes that overflow 16 bits, or other compact-block encoding errors. */
    BAD_COMPACT_BLOCK("invalid compact block encoding"),
    /** BIP152: a {@code sendcmpct} whose announce byte is neither 0 nor 1 (Core: misbehaving). */
    INVALID_SENDCMPCT_ANNOUNCE("invalid sendcmpct announce field"),
    /** A message whose payload violates a rule of its own format (e.g. BIP434 feature with trailing bytes). */
    MALFORMED("malformed payload"),
    /** BIP324 v2 transport: a packet whose Poly1305 tag does not match (Core: "packet decryption failure"). */
    V2_DECRYPTION_FAILED("v2 packet decryption failure"),
    /** BIP324 v2 transport: no garbage terminator within 4095 bytes of garbage (Core disconnects). */
    V2_MISSING_GARBAGE_TERMINATOR("missing garbage terminator");

    private final String description;

    ProtocolError(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
