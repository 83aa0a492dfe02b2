package io.mooring.wire.message;

import java.util.List;

/** The v1 command strings of every message Core speaks (Core's {@code NetMsgType}, protocol.h). */
public final class MessageType {
    public static final String VERSION = "version";
    public static final String VERACK = "verack";
    public static final String ADDR = "addr";
    public static final String ADDRV2 = "addrv2";
    public static final String SENDADDRV2 = "sendaddrv2";
    public static final String INV = "inv";
    public static final String GETDATA = "getdata";
    public static final String MERKLEBLOCK = "merkleblock";
    public static final String GETBLOCKS = "getblocks";
    public static final String GETHEADERS = "getheaders";
    public static final String TX = "tx";
    public static final String HEADERS = "headers";
    public static final String BLOCK = "block";
    public static final String GETADDR = "getaddr";
    public static final String MEMPOOL = "mempool";
    public static final String PING = "ping";
    public static final String PONG = "pong";
    public static final String NOTFOUND = "notfound";
    public static final String FILTERLOAD = "filterload";
    public static final String FILTERADD = "filteradd";
    public static final String FILTERCLEAR = "filterclear";
    public static final String SENDHEADERS = "sendheaders";
    public static final String FEEFILTER = "feefilter";
    public static final String SENDCMPCT = "sendcmpct";
    public static final String CMPCTBLOCK = "cmpctblock";
    public static final String GETBLOCKTXN = "getblocktxn";
    public static final String BLOCKTXN = "blocktxn";
    public static final String GETCFILTERS = "getcfilters";
    public static final String CFILTER = "cfilter";
    public static final String GETCFHEADERS = "getcfheaders";
    public static final String CFHEADERS = "cfheaders";
    public static final String GETCFCHECKPT = "getcfcheckpt";
    public static final String CFCHECKPT = "cfcheckpt";
    public static final String WTXIDRELAY = "wtxidrelay";
    public static final String SENDTXRCNCL = "sendtxrcncl";
    /** BIP434 feature negotiation: only in Core's development branch (protocol 70017), not in releases up to v31. */
    public static final String FEATURE = "feature";

    /** Every command with a typed message, in Core's ALL_NET_MESSAGE_TYPES order. */
    public static final List<String> ALL = List.of(VERSION, VERACK, ADDR, ADDRV2, SENDADDRV2, INV, GETDATA, MERKLEBLOCK,
            GETBLOCKS, GETHEADERS, TX, HEADERS, BLOCK, GETADDR, MEMPOOL, PING, PONG, NOTFOUND, FILTERLOAD, FILTERADD,
            FILTERCLEAR, SENDHEADERS, FEEFILTER, SENDCMPCT, CMPCTBLOCK, GETBLOCKTXN, BLOCKTXN, GETCFILTERS, CFILTER,
            GETCFHEADERS, CFHEADERS, GETCFCHECKPT, CFCHECKPT, WTXIDRELAY, SENDTXRCNCL, FEATURE);

    private MessageType() {
    }
}
