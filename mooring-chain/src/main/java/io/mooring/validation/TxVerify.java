package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.coins.Coin;
import io.mooring.coins.CoinsView;
import io.mooring.script.Script;
import io.mooring.script.ScriptFlags;
import io.mooring.script.SigOps;
import io.mooring.script.VerifyFlag;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The transaction rules that need the UTXO set or the chain, as Core's {@code consensus/tx_verify.cpp}: input
 * checks and fee ({@code CheckTxInputs}), BIP68 relative lock times ({@code CalculateSequenceLocks},
 * {@code EvaluateSequenceLocks}) and the sigop cost of a transaction ({@code GetTransactionSigOpCost}).
 */
public final class TxVerify {
    /** Core's {@code COINBASE_MATURITY}: a coinbase output is spendable 100 blocks later. */
    public static final int COINBASE_MATURITY = 100;
    /** Core's {@code LOCKTIME_VERIFY_SEQUENCE}: enforce BIP68 (from the CSV deployment). */
    public static final int LOCKTIME_VERIFY_SEQUENCE = 1;

    static final long SEQUENCE_LOCKTIME_DISABLE_FLAG = 1L << 31;
    static final long SEQUENCE_LOCKTIME_TYPE_FLAG = 1L << 22;
    static final long SEQUENCE_LOCKTIME_MASK = 0x0000ffffL;
    /** BIP68: time-based relative locks count in units of 512 seconds. */
    static final int SEQUENCE_LOCKTIME_GRANULARITY = 9;

    private TxVerify() {
    }

    /** Core's {@code MoneyRange}. */
    public static boolean moneyRange(long value) {
        return value >= 0 && value <= BlockChecks.MAX_MONEY;
    }

    /** The fee of a transaction whose inputs passed, or why they did not. */
    public record InputsResult(long fee, Optional<TxValidationError> error) {
        static InputsResult failed(TxValidationResult result, String reason, String debug) {
            return new InputsResult(0, Optional.of(new TxValidationError(result, reason, debug)));
        }
    }

    /**
     * Core's {@code Consensus::CheckTxInputs}: every input unspent in {@code view}, coinbases mature at
     * {@code spendHeight}, values in range and covering the outputs.
     */
    public static InputsResult checkTxInputs(Transaction tx, CoinsView view, int spendHeight) {
        long valueIn = 0;
        Coin[] coins = new Coin[tx.inputs().size()];
        for (int i = 0; i < coins.length; i++) {
            Optional<Coin> c = view.getCoin(tx.inputs().get(i).prevout());
            if (c.isEmpty()) {
                return InputsResult.failed(TxValidationResult.MISSING_INPUTS, "bad-txns-inputs-missingorspent",
                        "CheckTxInputs: inputs missing/spent");
            }
            coins[i] = c.get();
        }
        for (Coin coin : coins) {
            if (coin.coinbase() && spendHeight - coin.height() < COINBASE_MATURITY) {
                return InputsResult.failed(TxValidationResult.PREMATURE_SPEND, "bad-txns-premature-spend-of-coinbase",
                        "tried to spend coinbase at depth " + (spendHeight - coin.height()));
            }
            long v = coin.out().value();
            valueIn += v;
            if (!moneyRange(v) || !moneyRange(valueIn)) {
                return InputsResult.failed(TxValidationResult.CONSENSUS, "bad-txns-inputvalues-outofrange", "");
            }
        }
        long valueOut = 0;
        for (TxOut o : tx.outputs()) valueOut += o.value(); // CheckTransaction bounded each and the sum
        if (valueIn < valueOut) {
            return InputsResult.failed(TxValidationResult.CONSENSUS, "bad-txns-in-belowout",
                    "value in (" + formatMoney(valueIn) + ") < value out (" + formatMoney(valueOut) + ")");
        }
        long fee = valueIn - valueOut;
        if (!moneyRange(fee)) return InputsResult.failed(TxValidationResult.CONSENSUS, "bad-txns-fee-outofrange", "");
        return new InputsResult(fee, Optional.empty());
    }

    /** Core's {@code FormatMoney}: BTC with at least 2 and at most 8 decimals. */
    static String formatMoney(long sats) {
        BigDecimal btc = BigDecimal.valueOf(sats).movePointLeft(8).stripTrailingZeros();
        if (btc.scale() < 2) btc = btc.setScale(2);
        return btc.toPlainString();
    }

    /** A transaction's BIP68 lock: the last height and median time past at which it is still locked (-1: none). */
    public record SequenceLock(int minHeight, long minTime) {
    }

    /**
     * Core's {@code CalculateSequenceLocks}: the relative locks of {@code tx}'s inputs, given the heights of the
     * blocks that created the spent coins, for inclusion in a block whose parent is {@code prev}. BIP68 applies to
     * version 2 and later (compared unsigned, as Core's {@code uint32_t} version) under
     * {@link #LOCKTIME_VERIFY_SEQUENCE}.
     */
    public static SequenceLock calculateSequenceLocks(Transaction tx, int flags, int[] prevHeights, BlockIndex block) {
        int minHeight = -1;
        long minTime = -1;
        boolean enforce = Integer.compareUnsigned(tx.version(), 2) >= 0 && (flags & LOCKTIME_VERIFY_SEQUENCE) != 0;
        if (!enforce) return new SequenceLock(minHeight, minTime);
        for (int i = 0; i < tx.inputs().size(); i++) {
            long sequence = tx.inputs().get(i).sequence();
            if ((sequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) != 0) {
                prevHeights[i] = 0; // as Core: a disabled input does not constrain
                continue;
            }
            int coinHeight = prevHeights[i];
            long value = sequence & SEQUENCE_LOCKTIME_MASK;
            if ((sequence & SEQUENCE_LOCKTIME_TYPE_FLAG) != 0) {
                // Time locks count from the median time past of the block before the one that created the coin.
                long coinTime = block.getAncestor(Math.max(coinHeight - 1, 0)).medianTimePast();
                minTime = Math.max(minTime, coinTime + (value << SEQUENCE_LOCKTIME_GRANULARITY) - 1);
            } else {
                minHeight = Math.max(minHeight, coinHeight + (int) value - 1);
            }
        }
        return new SequenceLock(minHeight, minTime);
    }

    /** Core's {@code EvaluateSequenceLocks}: whether the lock has passed for {@code block} (which has a parent). */
    public static boolean evaluateSequenceLocks(BlockIndex block, SequenceLock lock) {
        long blockTime = block.prev().medianTimePast();
        return lock.minHeight() < block.height() && lock.minTime() < blockTime;
    }

    /** Core's {@code SequenceLocks}: calculate and evaluate in one step. */
    public static boolean sequenceLocks(Transaction tx, int flags, int[] prevHeights, BlockIndex block) {
        return evaluateSequenceLocks(block, calculateSequenceLocks(tx, flags, prevHeights, block));
    }

    /**
     * Core's {@code GetTransactionSigOpCost}: legacy sigops × 4, plus P2SH redeem-script sigops × 4 under P2SH, plus
     * witness sigops. The inputs' coins must be in {@code view} (checked before).
     */
    public static long transactionSigOpCost(Transaction tx, CoinsView view, ScriptFlags flags) {
        long cost = BlockChecks.legacySigOpCount(tx) * BlockChecks.WITNESS_SCALE_FACTOR;
        if (tx.isCoinbase()) return cost;
        boolean p2sh = flags.has(VerifyFlag.P2SH);
        for (TxIn in : tx.inputs()) {
            Script spk = Script.of(view.getCoin(in.prevout()).orElseThrow().out().scriptPubKey());
            Script scriptSig = Script.of(in.scriptSig());
            if (p2sh && spk.isPayToScriptHash()) {
                cost += (long) SigOps.p2shCount(spk, scriptSig) * BlockChecks.WITNESS_SCALE_FACTOR;
            }
            cost += SigOps.witnessCount(scriptSig, spk, in.witness(), flags);
        }
        return cost;
    }
}
