package io.mooring.wire.message;

import io.mooring.wire.WireWriter;

/**
 * A Bitcoin P2P message. The family is sealed so that handlers can {@code switch} over it exhaustively; a command
 * without a typed message decodes to {@link UnknownMessage}, never to an error.
 */
public sealed interface Message permits
        VersionMessage, VerackMessage, PingMessage, PongMessage,
        AddrMessage, AddrV2Message, SendAddrV2Message, GetAddrMessage,
        InvMessage, GetDataMessage, NotFoundMessage,
        GetBlocksMessage, GetHeadersMessage, HeadersMessage, BlockMessage, TxMessage,
        MempoolMessage, SendHeadersMessage, FeeFilterMessage,
        SendCmpctMessage, CmpctBlockMessage, GetBlockTxnMessage, BlockTxnMessage,
        WtxidRelayMessage, MerkleBlockMessage, FilterLoadMessage, FilterAddMessage, FilterClearMessage,
        GetCFiltersMessage, CFilterMessage, GetCFHeadersMessage, CFHeadersMessage, GetCFCheckptMessage, CFCheckptMessage,
        SendTxRcnclMessage, FeatureMessage, UnknownMessage {

    /** The v1 command string (see {@link MessageType}). */
    String command();

    /** Writes the payload (without any envelope). */
    void writePayload(WireWriter w);

    /** The payload bytes. */
    default byte[] payload() {
        WireWriter w = new WireWriter();
        writePayload(w);
        return w.toByteArray();
    }
}
