package io.mooring.wire.message;

import io.mooring.wire.Bytes;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;

/**
 * Turns a command and its payload into a typed {@link Message}. Unknown commands give {@link UnknownMessage};
 * malformed payloads give a {@link ProtocolException} and nothing else: no unchecked exception escapes, whatever
 * the bytes. Trailing bytes after a complete message are ignored, as in Core (except where a BIP forbids them).
 */
public final class MessageDecoder {
    private MessageDecoder() {
    }

    public static Message decode(String command, byte[] payload) throws ProtocolException {
        return decode(command, payload, 0, payload.length);
    }

    public static Message decode(String command, byte[] payload, int offset, int length) throws ProtocolException {
        WireReader r = new WireReader(payload, offset, length);
        try {
            return switch (command) {
                case MessageType.VERSION -> VersionMessage.read(r);
                case MessageType.VERACK -> VerackMessage.INSTANCE;
                case MessageType.PING -> PingMessage.read(r);
                case MessageType.PONG -> PongMessage.read(r);
                case MessageType.ADDR -> AddrMessage.read(r);
                case MessageType.ADDRV2 -> AddrV2Message.read(r);
                case MessageType.SENDADDRV2 -> SendAddrV2Message.INSTANCE;
                case MessageType.GETADDR -> GetAddrMessage.INSTANCE;
                case MessageType.INV -> InvMessage.read(r);
                case MessageType.GETDATA -> GetDataMessage.read(r);
                case MessageType.NOTFOUND -> NotFoundMessage.read(r);
                case MessageType.GETBLOCKS -> GetBlocksMessage.read(r);
                case MessageType.GETHEADERS -> GetHeadersMessage.read(r);
                case MessageType.HEADERS -> HeadersMessage.read(r);
                case MessageType.BLOCK -> BlockMessage.read(r);
                case MessageType.TX -> TxMessage.read(r);
                case MessageType.MEMPOOL -> MempoolMessage.INSTANCE;
                case MessageType.SENDHEADERS -> SendHeadersMessage.INSTANCE;
                case MessageType.FEEFILTER -> FeeFilterMessage.read(r);
                case MessageType.SENDCMPCT -> SendCmpctMessage.read(r);
                case MessageType.CMPCTBLOCK -> CmpctBlockMessage.read(r);
                case MessageType.GETBLOCKTXN -> GetBlockTxnMessage.read(r);
                case MessageType.BLOCKTXN -> BlockTxnMessage.read(r);
                case MessageType.WTXIDRELAY -> WtxidRelayMessage.INSTANCE;
                case MessageType.MERKLEBLOCK -> MerkleBlockMessage.read(r);
                case MessageType.FILTERLOAD -> FilterLoadMessage.read(r);
                case MessageType.FILTERADD -> FilterAddMessage.read(r);
                case MessageType.FILTERCLEAR -> FilterClearMessage.INSTANCE;
                case MessageType.GETCFILTERS -> GetCFiltersMessage.read(r);
                case MessageType.CFILTER -> CFilterMessage.read(r);
                case MessageType.GETCFHEADERS -> GetCFHeadersMessage.read(r);
                case MessageType.CFHEADERS -> CFHeadersMessage.read(r);
                case MessageType.GETCFCHECKPT -> GetCFCheckptMessage.read(r);
                case MessageType.CFCHECKPT -> CFCheckptMessage.read(r);
                case MessageType.SENDTXRCNCL -> SendTxRcnclMessage.read(r);
                case MessageType.FEATURE -> FeatureMessage.read(r);
                default -> new UnknownMessage(command, Bytes.copyOf(payload, offset, length));
            };
        } catch (RuntimeException e) {
            // A record constructor rejected a decoded value (a decoder bug or a rule the decoder did not pre-check).
            // Bad input must surface as a typed protocol error, never as an unchecked exception.
            throw new ProtocolException(ProtocolError.MALFORMED, command + ": " + e.getMessage(), e);
        }
    }
}
