/**
 * Header and block validation and chain selection, with Core's vocabulary: {@link io.mooring.validation.DifficultyRules}
 * ({@code pow.cpp}), {@link io.mooring.validation.HeaderValidator} ({@code CheckBlockHeader},
 * {@code ContextualCheckBlockHeader}), {@link io.mooring.validation.BlockChecks} ({@code CheckBlock},
 * {@code CheckTransaction}, {@code ContextualCheckBlock} without scripts or the UTXO set), failures as
 * {@link io.mooring.validation.ValidationError} carrying Core's {@link io.mooring.validation.BlockValidationResult}
 * category and exact reject reason, and {@link io.mooring.validation.ChainstateManager} (the block map, best header,
 * active chain, {@code ActivateBestChain}, {@code IsInitialBlockDownload}, {@code getchaintips}, persistence through
 * {@link io.mooring.chain.BlockIndexStore}) with {@link io.mooring.validation.ChainListener} notifications.
 *
 * Connecting blocks to the UTXO set is {@link io.mooring.validation.BlockConnector} ({@code ConnectBlock},
 * {@code DisconnectBlock}) with {@link io.mooring.validation.TxVerify} ({@code tx_verify.cpp}); the chainstate
 * manager uses it once given {@link io.mooring.validation.ChainstateCoins}.
 *
 * <p>Owns: what is valid and which chain is active. Sans-I/O: the time comes in as seconds; block data, undo data, the
 * coins database and the index store are the caller's, reached through interfaces. Must not touch: peers, sockets,
 * threads, the clock or files.
 */
package io.mooring.validation;
