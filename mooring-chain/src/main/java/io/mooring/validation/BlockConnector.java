package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.coins.BlockUndo;
import io.mooring.coins.Coin;
import io.mooring.coins.CoinsViewCache;
import io.mooring.coins.TxUndo;
import io.mooring.script.PrecomputedTransactionData;
import io.mooring.script.ScriptFlags;
import io.mooring.script.VerifyFlag;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies a block to the UTXO set and takes it back off: Core's {@code Chainstate::ConnectBlock} and
 * {@code DisconnectBlock} (validation.cpp) with BIP30, BIP34's BIP30 shortcut, BIP68 sequence locks, the sigop cost
 * limit, input and fee checks, the coinbase amount and every input's scripts under the block's flags
 * ({@code GetBlockScriptFlags}). Works on a {@link CoinsViewCache} the caller throws away on failure, as Core's
 * ConnectTip does.
 *
 * <p>Sans-I/O: block data, undo data and the coins are the caller's; scripts run through a {@link ScriptCheckRunner}.
 */
public final class BlockConnector {
    /** Core's {@code BIP34_IMPLIES_BIP30_LIMIT}: from here BIP30 is checked again (see Core's long comment). */
    static final int BIP34_IMPLIES_BIP30_LIMIT = 1_983_702;

    /**
     * Core's {@code script_flag_exceptions}: the one mainnet and one testnet3 block that broke BIP16 and the mainnet
     * block that broke taproot validate with these flags instead of P2SH|WITNESS|TAPROOT. Block hashes are unique to
     * their chain, so matching by hash is safe for any chain parameters.
     */
    private static final Map<Hash256, ScriptFlags> SCRIPT_FLAG_EXCEPTIONS = Map.of(
            Hash256.fromHex("00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22"), ScriptFlags.NONE,
            Hash256.fromHex("0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad"),
            ScriptFlags.of(VerifyFlag.P2SH, VerifyFlag.WITNESS),
            Hash256.fromHex("00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105"), ScriptFlags.NONE);

    /** Core's {@code IsBIP30Repeat}: the two mainnet blocks whose coinbases duplicate earlier ones. */
    private static final Map<Integer, Hash256> BIP30_REPEATS = Map.of(
            91842, Hash256.fromHex("00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec"),
            91880, Hash256.fromHex("00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721"));

    /** Core's {@code IsBIP30Unspendable}: the two blocks whose coinbases were overwritten by the repeats. */
    private static final Map<Integer, Hash256> BIP30_OVERWRITTEN = Map.of(
            91722, Hash256.fromHex("00000000000271a2dc26e7667f8419f2e15416dc6955e5a6c6cdf3f2574dd08e"),
            91812, Hash256.fromHex("00000000000af0aed4792b1acee3d966af36cf5def14935db8de83d6f9306f2f"));

    private final ChainParams params;
    private final ScriptCheckRunner scriptChecks;

    public BlockConnector(ChainParams params, ScriptCheckRunner scriptChecks) {
        this.params = Objects.requireNonNull(params, "params");
        this.scriptChecks = Objects.requireNonNull(scriptChecks, "scriptChecks");
    }

    /** The result of connecting: the undo data and fees, or why the block is invalid. */
    public record ConnectResult(Optional<ValidationError> error, BlockUndo undo, long fees) {
        static ConnectResult invalid(String reason, String debug) {
            return new ConnectResult(Optional.of(ValidationError.of(BlockValidationResult.CONSENSUS, reason, debug)),
                    new BlockUndo(List.of()), 0);
        }

        public boolean isValid() {
            return error.isEmpty();
        }
    }

    /** Core's {@code DisconnectResult}. */
    public enum DisconnectResult {
        /** All good. */
        OK,
        /** Rolled back, but the UTXO set was inconsistent with the block (still usable, Core logs it). */
        UNCLEAN,
        /** Something else went wrong: the view is in an undefined state. */
        FAILED
    }

    /**
     * Connects {@code block} (already through {@link BlockChecks#checkBlock}) at {@code index} to {@code view}, whose
     * best block must be the parent's. On success {@code view} holds the new state with the block as best block; on
     * failure its content is undefined (discard it).
     *
     * @param checkScripts false below an assumed-valid block (Core's {@code -assumevalid}), where scripts are skipped
     */
    public ConnectResult connectBlock(Block block, BlockIndex index, CoinsViewCache view, boolean checkScripts) {
        Hash256 expectedPrev = index.prev() == null ? Hash256.ZERO : index.prev().hash();
        if (!view.bestBlock().equals(expectedPrev)) {
            throw new IllegalStateException("view is at " + view.bestBlock() + ", block " + index.hash()
                    + " builds on " + expectedPrev);
        }
        // The genesis coinbase is not spendable and is never added (Core's special case).
        if (index.hash().equals(params.genesis().hash())) {
            view.setBestBlock(index.hash());
            return new ConnectResult(Optional.empty(), new BlockUndo(List.of()), 0);
        }

        if (enforceBip30(index)) {
            for (Transaction tx : block.transactions()) {
                Hash256 txid = tx.txid();
                for (int o = 0; o < tx.outputs().size(); o++) {
                    if (view.haveCoin(new OutPoint(txid, o))) {
                        return ConnectResult.invalid("bad-txns-BIP30", "tried to overwrite transaction");
                    }
                }
            }
        }

        ChainParams.Deployments d = params.consensus().deployments();
        int lockTimeFlags = index.height() >= d.csvHeight() ? TxVerify.LOCKTIME_VERIFY_SEQUENCE : 0;
        ScriptFlags flags = blockScriptFlags(index, d);

        List<TxUndo> undos = new ArrayList<>(block.transactions().size() - 1);
        List<ScriptCheck> checks = new ArrayList<>();
        long fees = 0;
        long sigOpsCost = 0;
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            List<TxOut> spent = List.of();
            if (!tx.isCoinbase()) {
                TxVerify.InputsResult inputs = TxVerify.checkTxInputs(tx, view, index.height());
                if (inputs.error().isPresent()) {
                    TxValidationError e = inputs.error().get();
                    return ConnectResult.invalid(e.reason(), e.debugMessage() + " in transaction " + tx.txid());
                }
                fees += inputs.fee();
                if (!TxVerify.moneyRange(fees)) {
                    return ConnectResult.invalid("bad-txns-accumulated-fee-outofrange",
                            "accumulated fee in the block out of range");
                }
                int[] prevHeights = new int[tx.inputs().size()];
                spent = new ArrayList<>(tx.inputs().size());
                for (int j = 0; j < prevHeights.length; j++) {
                    Coin c = view.getCoin(tx.inputs().get(j).prevout()).orElseThrow();
                    prevHeights[j] = c.height();
                    spent.add(c.out());
                }
                if (!TxVerify.sequenceLocks(tx, lockTimeFlags, prevHeights, index)) {
                    return ConnectResult.invalid("bad-txns-nonfinal",
                            "contains a non-BIP68-final transaction " + tx.txid());
                }
            }
            sigOpsCost += TxVerify.transactionSigOpCost(tx, view, flags);
            if (sigOpsCost > BlockChecks.MAX_BLOCK_SIGOPS_COST) {
                return ConnectResult.invalid("bad-blk-sigops", "too many sigops");
            }
            if (!tx.isCoinbase()) {
                if (checkScripts) {
                    PrecomputedTransactionData txData = new PrecomputedTransactionData(tx, spent);
                    for (int j = 0; j < spent.size(); j++) {
                        checks.add(new ScriptCheck(tx, j, spent.get(j), flags, txData));
                    }
                }
                List<Coin> spentCoins = new ArrayList<>(tx.inputs().size());
                for (TxIn in : tx.inputs()) spentCoins.add(view.spendCoin(in.prevout()).orElseThrow());
                undos.add(new TxUndo(spentCoins));
            }
            view.addCoins(tx, index.height(), false);
        }

        long reward = fees + blockSubsidy(index.height(), params.consensus().subsidyHalvingInterval());
        long coinbaseOut = 0;
        for (TxOut o : txs.get(0).outputs()) coinbaseOut += o.value();
        if (coinbaseOut > reward) {
            return ConnectResult.invalid("bad-cb-amount",
                    "coinbase pays too much (actual=" + coinbaseOut + " vs limit=" + reward + ")");
        }
        // Core's check queue: scripts are judged last, after every other rule of the block.
        Optional<ScriptCheckRunner.Failure> failure = scriptChecks.runAll(checks);
        if (failure.isPresent()) {
            ScriptCheck c = failure.get().check();
            TxIn in = c.tx().inputs().get(c.inputIndex());
            return ConnectResult.invalid("block-script-verify-flag-failed (" + failure.get().error().message() + ")",
                    "input " + c.inputIndex() + " of " + c.tx().txid() + " (wtxid " + c.tx().wtxid() + "), spending "
                            + in.prevout().txid() + ":" + in.prevout().index());
        }
        view.setBestBlock(index.hash());
        return new ConnectResult(Optional.empty(), new BlockUndo(undos), fees);
    }

    /** BIP30 is checked below BIP34 (or off the BIP34 chain) and again from BIP34_IMPLIES_BIP30_LIMIT. */
    private boolean enforceBip30(BlockIndex index) {
        boolean enforce = !isAt(BIP30_REPEATS, index);
        ChainParams.Deployments d = params.consensus().deployments();
        BlockIndex bip34Block = index.prev().getAncestor(d.bip34Height());
        enforce = enforce && (bip34Block == null || !bip34Block.hash().equals(d.bip34Hash()));
        return enforce || index.height() >= BIP34_IMPLIES_BIP30_LIMIT;
    }

    private static boolean isAt(Map<Integer, Hash256> blocks, BlockIndex index) {
        Hash256 h = blocks.get(index.height());
        return h != null && h.equals(index.hash());
    }

    /**
     * Core's {@code DisconnectBlock}: spends the block's outputs and restores the coins its inputs spent from
     * {@code undo}, leaving {@code view} at the parent.
     */
    public DisconnectResult disconnectBlock(Block block, BlockIndex index, BlockUndo undo, CoinsViewCache view) {
        List<Transaction> txs = block.transactions();
        if (undo.txUndos().size() + 1 != txs.size()) return DisconnectResult.FAILED;
        // The coinbases of the two blocks BIP30 repeats were overwritten: their outputs are not there to spend.
        boolean bip30Overwritten = isAt(BIP30_OVERWRITTEN, index);
        boolean clean = true;
        for (int i = txs.size() - 1; i >= 0; i--) {
            Transaction tx = txs.get(i);
            Hash256 txid = tx.txid();
            boolean exception = tx.isCoinbase() && bip30Overwritten;
            for (int o = 0; o < tx.outputs().size(); o++) {
                TxOut out = tx.outputs().get(o);
                if (CoinsViewCache.isUnspendable(out)) continue;
                Optional<Coin> coin = view.spendCoin(new OutPoint(txid, o));
                boolean matches = coin.isPresent() && coin.get().out().equals(out)
                        && coin.get().height() == index.height() && coin.get().coinbase() == tx.isCoinbase();
                if (!matches && !exception) clean = false;
            }
            if (i > 0) {
                TxUndo txUndo = undo.txUndos().get(i - 1);
                if (txUndo.spent().size() != tx.inputs().size()) return DisconnectResult.FAILED;
                for (int j = tx.inputs().size() - 1; j >= 0; j--) {
                    DisconnectResult r = applyTxInUndo(txUndo.spent().get(j), view, tx.inputs().get(j).prevout());
                    if (r == DisconnectResult.FAILED) return r;
                    clean = clean && r != DisconnectResult.UNCLEAN;
                }
            }
        }
        view.setBestBlock(index.prev().hash());
        return clean ? DisconnectResult.OK : DisconnectResult.UNCLEAN;
    }

    /**
     * Core's {@code ApplyTxInUndo}. Undo records without a height (written before Core 0.15, never by Mooring) are
     * refused rather than guessed from sibling outputs.
     */
    private static DisconnectResult applyTxInUndo(Coin undo, CoinsViewCache view, OutPoint out) {
        boolean clean = !view.haveCoin(out);
        if (undo.height() == 0) return DisconnectResult.FAILED;
        view.addCoin(out, undo, !clean);
        return clean ? DisconnectResult.OK : DisconnectResult.UNCLEAN;
    }

    /**
     * Core's {@code GetBlockScriptFlags}: P2SH, WITNESS and TAPROOT always (except the exception blocks), DERSIG
     * from BIP66, CHECKLOCKTIMEVERIFY from BIP65, CHECKSEQUENCEVERIFY from CSV and NULLDUMMY from segwit.
     */
    public static ScriptFlags blockScriptFlags(BlockIndex index, ChainParams.Deployments d) {
        ScriptFlags flags = SCRIPT_FLAG_EXCEPTIONS.getOrDefault(index.hash(),
                ScriptFlags.of(VerifyFlag.P2SH, VerifyFlag.WITNESS, VerifyFlag.TAPROOT));
        if (index.height() >= d.bip66Height()) flags = flags.with(VerifyFlag.DERSIG);
        if (index.height() >= d.bip65Height()) flags = flags.with(VerifyFlag.CHECKLOCKTIMEVERIFY);
        if (index.height() >= d.csvHeight()) flags = flags.with(VerifyFlag.CHECKSEQUENCEVERIFY);
        if (index.height() >= d.segwitHeight()) flags = flags.with(VerifyFlag.NULLDUMMY);
        return flags;
    }

    /** Core's {@code GetBlockSubsidy}: 50 coins halved every {@code halvingInterval} blocks, 0 after 64 halvings. */
    public static long blockSubsidy(int height, int halvingInterval) {
        int halvings = height / halvingInterval;
        if (halvings >= 64) return 0;
        return (50 * BlockChecks.COIN) >> halvings;
    }
}
