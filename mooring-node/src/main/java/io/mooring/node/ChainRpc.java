package io.mooring.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.Pow;
import io.mooring.keyio.InvalidAddressException;
import io.mooring.keyio.KeyIO;
import io.mooring.mining.BlockAssembler;
import io.mooring.mining.Miner;
import io.mooring.validation.DifficultyRules;
import io.mooring.validation.ChainTip;
import io.mooring.validation.ChainstateManager;
import io.mooring.validation.HeadersResult;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Transaction;
import io.mooring.rpc.RpcArg;
import io.mooring.rpc.RpcErrorCode;
import io.mooring.rpc.RpcException;
import io.mooring.rpc.RpcMethod;
import io.mooring.rpc.RpcMethods;
import io.mooring.rpc.RpcResult;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Core's blockchain RPCs (rpc/blockchain.cpp, rpc/mining.cpp) with Core's names, fields and errors: getblockcount,
 * getbestblockhash, getblockhash, getblockheader, getblock, getblockchaininfo, getchaintips, getdifficulty,
 * getchaintxstats, getdeploymentinfo, waitfornewblock, waitforblock, waitforblockheight, submitheader, submitblock,
 * generatetoaddress, generateblock and setmocktime. Each runs on the node loop, where the chain state lives.
 */
final class ChainRpc {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    /** The warning getblockchaininfo carries: Mooring checks structure and proof of work, not scripts or coins. */
    static final String NO_SCRIPT_VALIDATION_WARNING = "Mooring does not validate scripts or the UTXO set: blocks are "
            + "checked for proof of work, structure, merkle root, witness commitment, size and coinbase height only.";

    private final MooringNode node;
    /** Callers of the waitfor* RPCs, on the node loop only. */
    private final List<TipWaiter> waiters = new java.util.ArrayList<>();
    private boolean listeningForTips;

    private record TipWaiter(java.util.function.Predicate<BlockIndex> done, CompletableFuture<JsonNode> result) {
    }

    ChainRpc(MooringNode node) {
        this.node = node;
    }

    @FunctionalInterface
    interface ChainQuery {
        JsonNode apply(NodeChain chain) throws RpcException;
    }

    @FunctionalInterface
    interface Body {
        CompletionStage<JsonNode> run() throws RpcException;
    }

    /** Argument errors found before reaching the node loop become failed futures. */
    static CompletionStage<JsonNode> guard(Body body) {
        try {
            return body.run();
        } catch (RpcException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<JsonNode> onLoop(ChainQuery q) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        node.shell().onLoop(() -> {
            try {
                result.complete(q.apply(node.chain()));
            } catch (RpcException e) {
                result.completeExceptionally(new CompletionException(e));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    void register(RpcMethods methods) {
        methods.register(RpcMethod.builder("getblockcount").category("blockchain")
                .description("Returns the height of the most-work fully-validated chain.\n"
                        + "The genesis block has height 0.")
                .result(RpcResult.of(RpcResult.Type.NUM, "The current block count"))
                .asyncHandler((ctx, p) -> onLoop(c -> JSON.numberNode(c.chainman().tip().height())))
                .build());
        methods.register(RpcMethod.builder("getbestblockhash").category("blockchain")
                .description("Returns the hash of the best (tip) block in the most-work fully-validated chain.")
                .result(RpcResult.of(RpcResult.Type.STR_HEX, "the block hash, hex-encoded"))
                .asyncHandler((ctx, p) -> onLoop(c -> JSON.textNode(c.chainman().tip().hash().toString())))
                .build());
        methods.register(RpcMethod.builder("getblockhash").category("blockchain")
                .description("Returns hash of block in best-block-chain at height provided.")
                .args(RpcArg.required("height", RpcArg.Type.NUM, "The height index"))
                .result(RpcResult.of(RpcResult.Type.STR_HEX, "The block hash"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    long height = p.get(0).asLong();
                    return onLoop(c -> {
                        ChainstateManager cm = c.chainman();
                        if (height < 0 || height > cm.activeChain().height()) {
                            throw new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER, "Block height out of range");
                        }
                        return JSON.textNode(cm.activeChain().get((int) height).hash().toString());
                    });
                }))
                .build());
        methods.register(RpcMethod.builder("getblockheader").category("blockchain")
                .description("If verbose is false, returns a string that is serialized, hex-encoded data for "
                        + "blockheader 'hash'.\nIf verbose is true, returns an Object with information about "
                        + "blockheader <hash>.")
                .args(RpcArg.required("blockhash", RpcArg.Type.STR_HEX, "The block hash"),
                        RpcArg.withDefault("verbose", RpcArg.Type.BOOL, JSON.booleanNode(true),
                                "true for a json object, false for the hex-encoded data"))
                .result(RpcResult.of(RpcResult.Type.OBJ, "the header"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    Hash256 hash = parseHash(p.get(0), "hash");
                    boolean verbose = p.size() < 2 || p.get(1).isNull() || p.get(1).asBoolean();
                    return onLoop(c -> {
                        BlockIndex index = c.chainman().lookup(hash);
                        if (index == null) {
                            throw new RpcException(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
                        }
                        if (!verbose) return JSON.textNode(HEX.formatHex(index.header().serialize()));
                        return headerJson(c.chainman(), index);
                    });
                }))
                .build());
        methods.register(RpcMethod.builder("getblock").category("blockchain")
                .description("If verbosity is 0, returns a string that is serialized, hex-encoded data for block "
                        + "'hash'.\nIf verbosity is 1, returns an Object with information about block <hash>.")
                .args(RpcArg.required("blockhash", RpcArg.Type.STR_HEX, "The block hash"),
                        RpcArg.withDefault("verbosity|verbose", RpcArg.Type.NUM, JSON.numberNode(1),
                                "0 for hex-encoded data, 1 for a JSON object").withoutTypeCheck())
                .result(RpcResult.of(RpcResult.Type.OBJ, "the block"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    Hash256 hash = parseHash(p.get(0), "blockhash");
                    int verbosity = p.size() < 2 || p.get(1).isNull() ? 1
                            : p.get(1).isBoolean() ? (p.get(1).asBoolean() ? 1 : 0) : p.get(1).asInt();
                    return onLoop(c -> getBlock(c, hash, verbosity));
                }))
                .build());
        methods.register(RpcMethod.builder("getblockchaininfo").category("blockchain")
                .description("Returns an object containing various state info regarding blockchain processing.")
                .result(RpcResult.of(RpcResult.Type.OBJ, "chain state"))
                .asyncHandler((ctx, p) -> onLoop(this::blockchainInfo))
                .build());
        methods.register(RpcMethod.builder("getchaintips").category("blockchain")
                .description("Return information about all known tips in the block tree, including the main chain as "
                        + "well as orphaned branches.")
                .result(RpcResult.of(RpcResult.Type.ARR, "one object per tip"))
                .asyncHandler((ctx, p) -> onLoop(c -> {
                    ArrayNode tips = JSON.arrayNode();
                    for (ChainTip tip : c.chainman().chainTips()) {
                        ObjectNode o = tips.addObject();
                        o.put("height", tip.height());
                        o.put("hash", tip.hash().toString());
                        o.put("branchlen", tip.branchLen());
                        o.put("status", tip.status());
                    }
                    return tips;
                }))
                .build());
        methods.register(RpcMethod.builder("getchaintxstats").category("blockchain")
                .description("Compute statistics about the total number and rate of transactions in the chain.")
                .args(RpcArg.optional("nblocks", RpcArg.Type.NUM, "Size of the window in number of blocks "
                                + "(default: one month)"),
                        RpcArg.optional("blockhash", RpcArg.Type.STR_HEX, "The hash of the block that ends the "
                                + "window (default: chain tip)"))
                .result(RpcResult.of(RpcResult.Type.OBJ, "transaction statistics over the window"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    Optional<Hash256> end = p.size() < 2 || p.get(1).isNull() ? Optional.empty()
                            : Optional.of(parseHash(p.get(1), "blockhash"));
                    Optional<Integer> nblocks = p.isEmpty() || p.get(0).isNull() ? Optional.empty()
                            : Optional.of(p.get(0).asInt());
                    return onLoop(c -> chainTxStats(c.chainman(), nblocks, end));
                }))
                .build());
        methods.register(RpcMethod.builder("getdeploymentinfo").category("blockchain")
                .description("Returns an object containing various state info regarding deployments of consensus "
                        + "changes.\nConsensus changes for which the new rules are enforced from genesis are not "
                        + "listed in \"deployments\".")
                .args(RpcArg.optional("blockhash", RpcArg.Type.STR_HEX, "The block hash at which to query deployment "
                        + "state (default: hash of current chain tip)"))
                .result(RpcResult.of(RpcResult.Type.OBJ, "hash, height, script_flags and deployments"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    Optional<Hash256> at = p.isEmpty() || p.get(0).isNull() ? Optional.empty()
                            : Optional.of(parseHash(p.get(0), "blockhash"));
                    return onLoop(c -> deploymentInfo(c.chainman(), at));
                }))
                .build());
        methods.register(RpcMethod.builder("waitfornewblock").category("blockchain")
                .description("Waits for any new block and returns useful info about it.\n\nReturns the current "
                        + "block on timeout or exit.")
                .args(RpcArg.withDefault("timeout", RpcArg.Type.NUM, JSON.numberNode(0), "Time in milliseconds to "
                                + "wait for a response. 0 indicates no timeout."),
                        RpcArg.optional("current_tip", RpcArg.Type.STR_HEX, "Method waits for the chain tip to "
                                + "differ from this."))
                .result(RpcResult.of(RpcResult.Type.OBJ, "hash and height"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    long timeout = timeoutArg(p.isEmpty() ? null : p.get(0));
                    Optional<Hash256> current = p.size() < 2 || p.get(1).isNull() ? Optional.empty()
                            : Optional.of(parseHash(p.get(1), "current_tip"));
                    return waitForTip(tipAtCall -> {
                        Hash256 from = current.orElse(tipAtCall.hash());
                        return tip -> !tip.hash().equals(from);
                    }, timeout);
                }))
                .build());
        methods.register(RpcMethod.builder("waitforblock").category("blockchain")
                .description("Waits for a specific new block and returns useful info about it.\n\nReturns the "
                        + "current block on timeout or exit.")
                .args(RpcArg.required("blockhash", RpcArg.Type.STR_HEX, "Block hash to wait for."),
                        RpcArg.withDefault("timeout", RpcArg.Type.NUM, JSON.numberNode(0), "Time in milliseconds to "
                                + "wait for a response. 0 indicates no timeout."))
                .result(RpcResult.of(RpcResult.Type.OBJ, "hash and height"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    Hash256 hash = parseHash(p.get(0), "blockhash");
                    long timeout = timeoutArg(p.size() < 2 ? null : p.get(1));
                    return waitForTip(tipAtCall -> tip -> tip.hash().equals(hash), timeout);
                }))
                .build());
        methods.register(RpcMethod.builder("waitforblockheight").category("blockchain")
                .description("Waits for (at least) block height and returns the height and hash\nof the current "
                        + "tip.\n\nReturns the current block on timeout or exit.")
                .args(RpcArg.required("height", RpcArg.Type.NUM, "Block height to wait for."),
                        RpcArg.withDefault("timeout", RpcArg.Type.NUM, JSON.numberNode(0), "Time in milliseconds to "
                                + "wait for a response. 0 indicates no timeout."))
                .result(RpcResult.of(RpcResult.Type.OBJ, "hash and height"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    int height = p.get(0).asInt();
                    long timeout = timeoutArg(p.size() < 2 ? null : p.get(1));
                    return waitForTip(tipAtCall -> tip -> tip.height() >= height, timeout);
                }))
                .build());
        methods.register(RpcMethod.builder("getdifficulty").category("blockchain")
                .description("Returns the proof-of-work difficulty as a multiple of the minimum difficulty.")
                .result(RpcResult.of(RpcResult.Type.NUM, "the proof-of-work difficulty"))
                .asyncHandler((ctx, p) -> onLoop(c -> JSON.numberNode(difficulty(c.chainman().tip().bits()))))
                .build());
        methods.register(RpcMethod.builder("submitheader").category("mining")
                .description("Decode the given hexdata as a header and submit it as a candidate chain tip if valid."
                        + "\nThrows when the header is invalid.")
                .args(RpcArg.required("hexdata", RpcArg.Type.STR_HEX, "the hex-encoded block header data"))
                .result(RpcResult.of(RpcResult.Type.NONE, "None"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    BlockHeader header = decodeHeader(p.get(0).asText());
                    return onLoop(c -> submitHeader(c, header));
                }))
                .build());
        methods.register(RpcMethod.builder("submitblock").category("mining")
                .description("Attempts to submit new block to network.\n"
                        + "See https://en.bitcoin.it/wiki/BIP_0022 for full specification.")
                .args(RpcArg.required("hexdata", RpcArg.Type.STR_HEX, "the hex-encoded block data to submit"),
                        RpcArg.withDefault("dummy", RpcArg.Type.STR, JSON.textNode("ignored"),
                                "dummy value, for compatibility with BIP22. This value is ignored."))
                .result(RpcResult.of(RpcResult.Type.STR, "According to BIP22"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    Block block = decodeBlock(p.get(0).asText());
                    return onLoop(c -> submitBlock(c, block));
                }))
                .build());
        methods.register(RpcMethod.builder("generatetoaddress").category("generating")
                .description("Mine to a specified address and return the block hashes.")
                .args(RpcArg.required("nblocks", RpcArg.Type.NUM, "How many blocks are generated."),
                        RpcArg.required("address", RpcArg.Type.STR, "The address to send the newly generated bitcoin to."),
                        RpcArg.withDefault("maxtries", RpcArg.Type.NUM, JSON.numberNode(DEFAULT_MAX_TRIES),
                                "How many iterations to try."))
                .result(RpcResult.of(RpcResult.Type.ARR, "hashes of blocks generated"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    int count = p.get(0).asInt();
                    Bytes script = decodeAddress(p.get(1).asText());
                    long maxTries = p.size() < 3 || p.get(2).isNull() ? DEFAULT_MAX_TRIES : p.get(2).asLong();
                    return onLoop(c -> generateBlocks(c, script, count, maxTries));
                }))
                .build());
        methods.register(RpcMethod.builder("generateblock").category("generating")
                .description("Mine a set of ordered transactions to a specified address and return the block hash.")
                .args(RpcArg.required("output", RpcArg.Type.STR, "The address to send the newly generated bitcoin to."),
                        RpcArg.required("transactions", RpcArg.Type.ARR, "An array of hex strings which are "
                                + "raw transactions (Mooring has no mempool, so txids cannot be used)."),
                        RpcArg.withDefault("submit", RpcArg.Type.BOOL, JSON.booleanNode(true),
                                "Whether to submit the block before the RPC call returns or to return it as hex."))
                .result(RpcResult.of(RpcResult.Type.OBJ, "hash (and hex when not submitted)"))
                .asyncHandler((ctx, p) -> guard(() -> {
                    Bytes script = decodeAddress(p.get(0).asText());
                    List<Transaction> txs = new java.util.ArrayList<>();
                    for (JsonNode t : p.get(1)) txs.add(decodeTransaction(t.asText()));
                    boolean submit = p.size() < 3 || p.get(2).isNull() || p.get(2).asBoolean();
                    return onLoop(c -> generateBlock(c, script, txs, submit));
                }))
                .build());
        methods.register(RpcMethod.builder("setmocktime").category("hidden")
                .description("Set the local time to given timestamp (-regtest only)")
                .args(RpcArg.required("timestamp", RpcArg.Type.NUM, "UNIX seconds-since-epoch timestamp\n"
                        + "Pass 0 to go back to using the system time."))
                .result(RpcResult.of(RpcResult.Type.NONE, ""))
                .handler((ctx, p) -> {
                    if (!node.config().chain().id().equals("regtest")) {
                        throw new RpcException(RpcErrorCode.RPC_MISC_ERROR,
                                "setmocktime is for regression testing (-regtest mode) only");
                    }
                    long time = p.get(0).asLong();
                    if (time < 0) {
                        throw new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER,
                                "Mocktime cannot be negative: " + time + ".");
                    }
                    node.clock().setMockTime(time);
                    return JSON.nullNode();
                })
                .build());
    }

    /** Core's DEFAULT_MAX_TRIES for the generate RPCs. */
    static final long DEFAULT_MAX_TRIES = 1_000_000;

    private Bytes decodeAddress(String text) throws RpcException {
        try {
            return KeyIO.decodeDestination(text, node.config().chain()).scriptPubKey();
        } catch (InvalidAddressException e) {
            throw new RpcException(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address");
        }
    }

    static Transaction decodeTransaction(String hex) throws RpcException {
        try {
            byte[] bytes = HEX.parseHex(hex);
            WireReader r = new WireReader(bytes);
            Transaction tx = Transaction.read(r);
            if (r.remaining() != 0) throw new IllegalArgumentException("trailing bytes");
            return tx;
        } catch (ProtocolException | RuntimeException e) {
            if (hex.length() == 64) {
                throw new RpcException(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Transaction " + hex + " not in mempool.");
            }
            throw new RpcException(RpcErrorCode.RPC_DESERIALIZATION_ERROR, "Transaction decode failed for " + hex
                    + ". Make sure the tx has at least one input.");
        }
    }

    /** A new block on our tip paying {@code script}, with Core's next difficulty and minimum time. */
    private Block newBlock(NodeChain c, Bytes script, List<Transaction> txs) {
        BlockIndex tip = c.chainman().tip();
        BlockAssembler.Tip at = new BlockAssembler.Tip(tip.hash(), tip.height(), tip.time(), tip.medianTimePast());
        java.time.Instant now = node.clock().instant();
        ChainParams params = node.config().chain();
        long time = Math.max(BlockAssembler.minimumTime(at, params.consensus().pow().difficultyAdjustmentInterval()),
                now.getEpochSecond());
        long bits = DifficultyRules.nextWorkRequired(tip, time, params.consensus().pow());
        return BlockAssembler.createNewBlock(params, at, now, bits, script, txs, 0);
    }

    /** Core's generateBlocks / GenerateBlock: grind, process with force, stop when tries run out. */
    private JsonNode generateBlocks(NodeChain c, Bytes script, int count, long maxTries) throws RpcException {
        ArrayNode hashes = JSON.arrayNode();
        long tries = maxTries;
        int left = count;
        while (left > 0) {
            Block block = newBlock(c, script, List.of());
            Miner.Result r = Miner.grind(block.header(), tries, node.config().chain().powLimit());
            switch (r) {
                case Miner.Result.OutOfTries o -> {
                    return hashes;
                }
                case Miner.Result.NonceSpaceExhausted n -> tries = n.triesLeft();
                case Miner.Result.Found f -> {
                    tries = f.triesLeft();
                    Block mined = Miner.withHeader(block, f.header());
                    var result = c.processNewBlock(mined, true, node.clock().instant().getEpochSecond());
                    if (result.rejection().isPresent()) {
                        throw new RpcException(RpcErrorCode.RPC_INTERNAL_ERROR, "ProcessNewBlock, block not accepted");
                    }
                    hashes.add(mined.hash().toString());
                    left--;
                }
            }
        }
        return hashes;
    }

    private JsonNode generateBlock(NodeChain c, Bytes script, List<Transaction> txs, boolean submit)
            throws RpcException {
        Block block = newBlock(c, script, txs);
        Miner.Result r = Miner.grind(block.header(), DEFAULT_MAX_TRIES, node.config().chain().powLimit());
        if (!(r instanceof Miner.Result.Found found)) {
            throw new RpcException(RpcErrorCode.RPC_MISC_ERROR, "Failed to make block.");
        }
        Block mined = Miner.withHeader(block, found.header());
        ObjectNode o = JSON.objectNode();
        o.put("hash", mined.hash().toString());
        if (submit) {
            var result = c.processNewBlock(mined, true, node.clock().instant().getEpochSecond());
            if (result.rejection().isPresent()) {
                throw new RpcException(RpcErrorCode.RPC_VERIFY_ERROR,
                        "TestBlockValidity failed: " + result.rejection().get().reason());
            }
        } else {
            o.put("hex", HEX.formatHex(mined.serialize()));
        }
        return o;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    static Hash256 parseHash(JsonNode value, String name) throws RpcException {
        String text = value.asText();
        if (text.length() != 64 || !text.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER,
                    name + " must be of length 64 (not " + text.length() + ", for '" + text + "')");
        }
        return Hash256.fromHex(text);
    }

    static BlockHeader decodeHeader(String hex) throws RpcException {
        try {
            byte[] bytes = HEX.parseHex(hex);
            WireReader r = new WireReader(bytes);
            BlockHeader header = BlockHeader.read(r);
            if (r.remaining() != 0) throw new IllegalArgumentException("trailing bytes");
            return header;
        } catch (ProtocolException | RuntimeException e) {
            throw new RpcException(RpcErrorCode.RPC_DESERIALIZATION_ERROR, "Block header decode failed");
        }
    }

    static Block decodeBlock(String hex) throws RpcException {
        Block block;
        try {
            byte[] bytes = HEX.parseHex(hex);
            WireReader r = new WireReader(bytes);
            block = Block.read(r);
            if (r.remaining() != 0) throw new IllegalArgumentException("trailing bytes");
        } catch (ProtocolException | RuntimeException e) {
            throw new RpcException(RpcErrorCode.RPC_DESERIALIZATION_ERROR, "Block decode failed");
        }
        if (block.transactions().isEmpty() || !block.transactions().get(0).isCoinbase()) {
            throw new RpcException(RpcErrorCode.RPC_DESERIALIZATION_ERROR, "Block does not start with a coinbase");
        }
        return block;
    }

    /** Core's GetDifficulty: the PoW limit's 0x1d00ffff target divided by this target, from the compact form. */
    static double difficulty(long bits) {
        int shift = (int) ((bits >>> 24) & 0xff);
        double diff = (double) 0x0000ffff / (double) (bits & 0x00ffffff);
        while (shift < 29) {
            diff *= 256.0;
            shift++;
        }
        while (shift > 29) {
            diff /= 256.0;
            shift--;
        }
        return diff;
    }

    static String hex64(BigInteger value) {
        String h = value.toString(16);
        return "0".repeat(Math.max(0, 64 - h.length())) + h;
    }

    private ObjectNode headerJson(ChainstateManager cm, BlockIndex index) {
        ObjectNode o = JSON.objectNode();
        o.put("hash", index.hash().toString());
        boolean inChain = cm.activeChain().contains(index);
        o.put("confirmations", inChain ? cm.activeChain().height() - index.height() + 1 : -1);
        o.put("height", index.height());
        o.put("version", index.version());
        o.put("versionHex", String.format(Locale.ROOT, "%08x", index.version()));
        o.put("merkleroot", index.merkleRoot().toString());
        o.put("time", index.time());
        o.put("mediantime", index.medianTimePast());
        o.put("nonce", index.nonce());
        o.put("bits", String.format(Locale.ROOT, "%08x", index.bits()));
        o.put("target", hex64(Pow.compactToTarget(index.bits())));
        o.put("difficulty", difficulty(index.bits()));
        o.put("chainwork", hex64(index.chainWork()));
        o.put("nTx", index.txCount());
        if (index.prev() != null) o.put("previousblockhash", index.prev().hash().toString());
        BlockIndex next = inChain ? cm.activeChain().next(index) : null;
        if (next != null) o.put("nextblockhash", next.hash().toString());
        return o;
    }

    private JsonNode getBlock(NodeChain c, Hash256 hash, int verbosity) throws RpcException {
        BlockIndex index = c.chainman().lookup(hash);
        if (index == null) throw new RpcException(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
        if (!index.haveData()) throw new RpcException(RpcErrorCode.RPC_MISC_ERROR, "Block not available (not fully downloaded)");
        Optional<Block> block = c.readBlock(NodeChain.known(index));
        if (block.isEmpty()) throw new RpcException(RpcErrorCode.RPC_MISC_ERROR, "Block not found on disk");
        if (verbosity <= 0) return JSON.textNode(HEX.formatHex(block.get().serialize()));
        ObjectNode o = headerJson(c.chainman(), index);
        o.put("strippedsize", block.get().strippedSize());
        o.put("size", block.get().totalSize());
        o.put("weight", block.get().weight());
        ArrayNode txs = JSON.arrayNode();
        for (Transaction tx : block.get().transactions()) txs.add(tx.txid().toString());
        // Core's field order puts tx after weight; the header fields come first as in Core's blockheaderToJSON.
        o.set("tx", txs);
        return o;
    }

    private JsonNode blockchainInfo(NodeChain c) {
        ChainstateManager cm = c.chainman();
        BlockIndex tip = cm.tip();
        BlockIndex best = cm.bestHeader();
        long now = node.clock().instant().getEpochSecond();
        ObjectNode o = JSON.objectNode();
        o.put("chain", node.config().chain().id());
        o.put("blocks", tip.height());
        o.put("headers", best == null ? -1 : best.height());
        o.put("bestblockhash", tip.hash().toString());
        o.put("bits", String.format(Locale.ROOT, "%08x", tip.bits()));
        o.put("target", hex64(Pow.compactToTarget(tip.bits())));
        o.put("difficulty", difficulty(tip.bits()));
        o.put("time", tip.time());
        o.put("mediantime", tip.medianTimePast());
        // Core estimates progress from the chain's transaction rate; Mooring has no such data yet and reports the
        // share of known headers whose blocks are connected.
        o.put("verificationprogress", best == null || best.height() == 0 ? 1.0 : (double) tip.height() / best.height());
        o.put("initialblockdownload", cm.isInitialBlockDownload(now));
        o.put("chainwork", hex64(tip.chainWork()));
        o.put("size_on_disk", node.chainSizeOnDisk());
        o.put("pruned", false);
        ArrayNode warnings = o.putArray("warnings");
        warnings.add(NO_SCRIPT_VALIDATION_WARNING);
        return o;
    }

    private JsonNode submitHeader(NodeChain c, BlockHeader header) throws RpcException {
        ChainstateManager cm = c.chainman();
        if (cm.lookup(header.prevBlock()) == null) {
            throw new RpcException(RpcErrorCode.RPC_VERIFY_ERROR,
                    "Must submit previous header (" + header.prevBlock() + ") first");
        }
        HeadersResult result = cm.processNewBlockHeaders(List.of(header), node.clock().instant().getEpochSecond(), true);
        if (result.error().isPresent()) {
            throw new RpcException(RpcErrorCode.RPC_VERIFY_ERROR, result.error().get().reason());
        }
        return JSON.nullNode();
    }

    /** Core's submitblock: null when accepted, else BIP22's "duplicate", "duplicate-invalid" or the reject reason. */
    private JsonNode submitBlock(NodeChain c, Block block) {
        BlockIndex existing = c.chainman().lookup(block.hash());
        if (existing != null) {
            if (existing.haveData()) return JSON.textNode("duplicate");
            if (existing.isFailed()) return JSON.textNode("duplicate-invalid");
        }
        var result = c.processNewBlock(block, true, node.clock().instant().getEpochSecond());
        if (result.rejection().isPresent()) return JSON.textNode(result.rejection().get().reason());
        if (!result.newBlock()) return JSON.textNode("inconclusive");
        return JSON.nullNode();
    }

    static String hex(Bytes bytes) {
        return HEX.formatHex(bytes.toArray());
    }

    /** Core's getchaintxstats: the window ends at the tip or a block of the active chain. */
    static ObjectNode chainTxStats(ChainstateManager chainman, Optional<Integer> nblocks, Optional<Hash256> end)
            throws RpcException {
        BlockIndex index = chainman.tip();
        if (end.isPresent()) {
            index = chainman.lookup(end.get());
            if (index == null) throw new RpcException(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
            if (!chainman.activeChain().contains(index)) {
                throw new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER, "Block is not in main chain");
            }
        }
        int count;
        if (nblocks.isEmpty()) {
            long month = 30L * 24 * 60 * 60 / chainman.params().consensus().pow().targetSpacing();
            count = (int) Math.max(0, Math.min(month, index.height() - 1));
        } else {
            count = nblocks.get();
            if (count < 0 || (count > 0 && count >= index.height())) {
                throw new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER,
                        "Invalid block count: should be between 0 and the block's height - 1");
            }
        }
        BlockIndex past = index.getAncestor(index.height() - count);
        long interval = index.medianTimePast() - past.medianTimePast();
        ObjectNode o = JSON.objectNode();
        o.put("time", index.time());
        if (index.chainTxCount() != 0) o.put("txcount", index.chainTxCount());
        o.put("window_final_block_hash", index.hash().toString());
        o.put("window_final_block_height", index.height());
        o.put("window_block_count", count);
        if (count > 0) {
            o.put("window_interval", interval);
            if (index.chainTxCount() != 0 && past.chainTxCount() != 0) {
                long txs = index.chainTxCount() - past.chainTxCount();
                o.put("window_tx_count", txs);
                if (interval > 0) o.put("txrate", (double) txs / interval);
            }
        }
        return o;
    }

    /**
     * Core's getdeploymentinfo: the block's script flags (as ConnectBlock applies them) and the buried deployments,
     * "active" meaning enforced for the block after this one, as Core reports it. Mooring's chains have no BIP9
     * deployments, so Core's regtest "testdummy" is not listed.
     */
    static ObjectNode deploymentInfo(ChainstateManager chainman, Optional<Hash256> at) throws RpcException {
        BlockIndex index = at.isEmpty() ? chainman.tip() : chainman.lookup(at.get());
        if (index == null) throw new RpcException(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
        ChainParams.Deployments d = chainman.params().consensus().deployments();
        ObjectNode o = JSON.objectNode();
        o.put("hash", index.hash().toString());
        o.put("height", index.height());
        ArrayNode flags = o.putArray("script_flags");
        io.mooring.script.ScriptFlags f = io.mooring.validation.BlockConnector.blockScriptFlags(index, d);
        java.util.List<String> names = new java.util.ArrayList<>();
        for (io.mooring.script.VerifyFlag v : io.mooring.script.VerifyFlag.values()) {
            if (f.has(v)) names.add(v.name());
        }
        java.util.Collections.sort(names); // Core lists them from its name map, alphabetically
        names.forEach(flags::add);
        ObjectNode deployments = o.putObject("deployments");
        buried(deployments, "bip34", d.bip34Height(), index);
        buried(deployments, "bip66", d.bip66Height(), index);
        buried(deployments, "bip65", d.bip65Height(), index);
        buried(deployments, "csv", d.csvHeight(), index);
        buried(deployments, "segwit", d.segwitHeight(), index);
        return o;
    }

    private static void buried(ObjectNode deployments, String name, int height, BlockIndex index) {
        if (height == Integer.MAX_VALUE) return; // Core's DeploymentEnabled: never active on this chain
        ObjectNode b = deployments.putObject(name);
        b.put("type", "buried");
        b.put("active", index.height() + 1 >= height);
        b.put("height", height);
    }

    private static long timeoutArg(JsonNode v) throws RpcException {
        long timeout = v == null || v.isNull() ? 0 : v.asLong();
        if (timeout < 0) throw new RpcException(RpcErrorCode.RPC_MISC_ERROR, "Negative timeout");
        return timeout;
    }

    private static ObjectNode tipJson(BlockIndex tip) {
        ObjectNode o = JSON.objectNode();
        o.put("hash", tip.hash().toString());
        o.put("height", tip.height());
        return o;
    }

    /**
     * Core's waitTipChanged for the waitfor* RPCs: answers once the tip satisfies the condition (built from the tip at
     * the time of the call), or with the current tip after {@code timeoutMillis} (0: no timeout).
     */
    private CompletionStage<JsonNode> waitForTip(
            java.util.function.Function<BlockIndex, java.util.function.Predicate<BlockIndex>> condition,
            long timeoutMillis) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        node.shell().onLoop(() -> {
            NodeChain chain = node.chain();
            if (!listeningForTips) {
                chain.addListener(new io.mooring.validation.ChainListener() {
                    @Override
                    public void updatedBlockTip(BlockIndex newTip, BlockIndex forkPoint, boolean initialDownload) {
                        waiters.removeIf(w -> {
                            if (!w.done().test(newTip)) return false;
                            w.result().complete(tipJson(newTip));
                            return true;
                        });
                    }
                });
                listeningForTips = true;
            }
            BlockIndex tip = chain.chainman().tip();
            java.util.function.Predicate<BlockIndex> done = condition.apply(tip);
            if (done.test(tip)) {
                result.complete(tipJson(tip));
                return;
            }
            TipWaiter w = new TipWaiter(done, result);
            waiters.add(w);
            if (timeoutMillis > 0) {
                CompletableFuture.delayedExecutor(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS).execute(
                        () -> {
                            try {
                                node.shell().onLoop(() -> {
                                    if (waiters.remove(w)) result.complete(tipJson(node.chain().chainman().tip()));
                                });
                            } catch (java.util.concurrent.RejectedExecutionException e) {
                                // The node stopped while this call waited: Core returns on shutdown too.
                                result.completeExceptionally(e);
                            }
                        });
            }
        });
        return result;
    }
}
