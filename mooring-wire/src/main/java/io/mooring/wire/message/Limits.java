package io.mooring.wire.message;

/** Core's message size limits (net.h, net_processing.cpp, protocol.h), in one place. */
public final class Limits {
    /** MAX_PROTOCOL_MESSAGE_LENGTH: the largest payload a v1 header may announce. */
    public static final int MAX_PROTOCOL_MESSAGE_LENGTH = 4_000_000;
    /** MAX_INV_SZ: inv, getdata (and notfound) entries. */
    public static final int MAX_INV_SZ = 50_000;
    /** MAX_ADDR_TO_SEND: addr and addrv2 entries. */
    public static final int MAX_ADDR_TO_SEND = 1_000;
    /** MAX_HEADERS_RESULTS: headers per message. */
    public static final int MAX_HEADERS_RESULTS = 2_000;
    /** MAX_LOCATOR_SZ: getheaders/getblocks locator entries. */
    public static final int MAX_LOCATOR_SZ = 101;
    /** MAX_SUBVERSION_LENGTH: the user agent in version. */
    public static final int MAX_SUBVERSION_LENGTH = 256;
    /** MAX_GETCFILTERS_SIZE / MAX_GETCFHEADERS_SIZE: filters per request, which bounds cfheaders' hash list. */
    public static final int MAX_GETCFILTERS_SIZE = 1_000;
    public static final int MAX_GETCFHEADERS_SIZE = 2_000;
    /** BIP37: MAX_BLOOM_FILTER_SIZE bytes and MAX_HASH_FUNCS (violations are misbehaviour, checked by the node). */
    public static final int MAX_BLOOM_FILTER_SIZE = 36_000;
    public static final int MAX_HASH_FUNCS = 50;
    /** MAX_SCRIPT_ELEMENT_SIZE: the largest filteradd element (a violation is misbehaviour, checked by the node). */
    public static final int MAX_SCRIPT_ELEMENT_SIZE = 520;
    /** BIP434 feature id and data bounds. */
    public static final int MIN_FEATURE_ID_LENGTH = 4;
    public static final int MAX_FEATURE_ID_LENGTH = 80;
    public static final int MAX_FEATURE_DATA_LENGTH = 512;

    private Limits() {
    }
}
