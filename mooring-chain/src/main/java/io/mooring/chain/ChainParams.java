package io.mooring.chain;

import io.mooring.wire.Bytes;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that defines a chain for the P2P layer: network identity (magic, port, seeds), genesis block, proof-of-work
 * and consensus parameters, headers-presync tuning and address encodings. Built-in networks come from
 * {@link ChainParamsLoader#builtIn(String)}; custom chains are loaded from a JSON or TOML file in the same schema
 * (docs/chain-params.md). Immutable, with value equality.
 *
 * <p>The constructor checks structural invariants (non-null, ranges, genesis header/hash consistency) with
 * {@link IllegalArgumentException}; {@link ChainParamsLoader} checks the same and more with key-path error messages.
 *
 * @param id               Core's chain name: main, test, testnet4, signet, regtest, or a custom chain's name
 * @param dataDirName      the data-directory subfolder Core uses ("" for main, "testnet3", ...)
 * @param magic            the four message-start bytes read big-endian (mainnet 0xF9BEB4D9)
 * @param defaultPort      the default P2P port
 * @param genesis          the genesis block
 * @param consensus        proof-of-work and consensus parameters
 * @param headersPresync   headers-presync (anti-DoS header sync) parameters
 * @param addressEncoding  bech32 HRP and base58 prefixes
 * @param dnsSeeds         DNS seed host names, as in Core (with the trailing dot)
 * @param fixedSeeds       fixed seeds (Core's chainparamsseeds.h), written in the file in text form {@code host:port}
 *                         ({@code [v6]:port}, {@code x.onion:port}, {@code x.b32.i2p:0})
 * @param signetChallenge  the signet block challenge script; present only for signet chains
 */
public record ChainParams(
        String id,
        String dataDirName,
        int magic,
        int defaultPort,
        Genesis genesis,
        Consensus consensus,
        HeadersPresync headersPresync,
        AddressEncoding addressEncoding,
        List<String> dnsSeeds,
        List<NetEndpoint> fixedSeeds,
        Optional<Bytes> signetChallenge) {

    public ChainParams {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataDirName, "dataDirName");
        Objects.requireNonNull(genesis, "genesis");
        Objects.requireNonNull(consensus, "consensus");
        Objects.requireNonNull(headersPresync, "headersPresync");
        Objects.requireNonNull(addressEncoding, "addressEncoding");
        Objects.requireNonNull(signetChallenge, "signetChallenge");
        if (id.isEmpty()) throw new IllegalArgumentException("id is empty");
        if (defaultPort < 1 || defaultPort > 65535) {
            throw new IllegalArgumentException("defaultPort must be in [1, 65535], got " + defaultPort);
        }
        dnsSeeds = List.copyOf(dnsSeeds);
        fixedSeeds = List.copyOf(fixedSeeds);
    }

    /** The four message-start bytes, in wire order. */
    public Bytes messageStart() {
        return Bytes.wrap(new byte[] {(byte) (magic >>> 24), (byte) (magic >>> 16), (byte) (magic >>> 8), (byte) magic});
    }

    public BlockHeader genesisHeader() {
        return genesis.header();
    }

    public Hash256 genesisHash() {
        return genesis.hash();
    }

    /** The raw serialised genesis block. */
    public Bytes genesisBlock() {
        return genesis.block();
    }

    /** Shorthand for {@code consensus().pow().limit()}. */
    public BigInteger powLimit() {
        return consensus.pow().limit();
    }

    /** Shorthand for {@code consensus().pow().limitCompact()}. */
    public long powLimitCompact() {
        return consensus.pow().limitCompact();
    }

    public BigInteger minimumChainWork() {
        return consensus.minimumChainWork();
    }

    /** The default assume-valid block; {@link Hash256#ZERO} means none (validate every script). */
    public Hash256 assumeValid() {
        return consensus.assumeValid();
    }

    public String bech32Hrp() {
        return addressEncoding.bech32Hrp();
    }

    public boolean isSignet() {
        return signetChallenge.isPresent();
    }

    /**
     * The genesis block: its header (the first 80 bytes of {@code block}), the header's hash and the raw block.
     */
    public record Genesis(BlockHeader header, Hash256 hash, Bytes block) {
        public Genesis {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(block, "block");
            if (block.length() <= BlockHeader.SIZE) {
                throw new IllegalArgumentException("a genesis block is more than its 80-byte header");
            }
            if (!header.equals(headerOf(block))) {
                throw new IllegalArgumentException("the genesis header is not the first 80 bytes of the genesis block");
            }
            if (!header.hash().equals(hash)) {
                throw new IllegalArgumentException("the genesis header hashes to " + header.hash() + ", not " + hash);
            }
        }

        /** Builds the genesis from the raw block; the header and hash are derived from it. */
        public static Genesis of(Bytes block) {
            BlockHeader header = headerOf(block);
            return new Genesis(header, header.hash(), block);
        }

        static BlockHeader headerOf(Bytes block) {
            if (block.length() < BlockHeader.SIZE) {
                throw new IllegalArgumentException("a block starts with an 80-byte header, got " + block.length() + " bytes");
            }
            try {
                return BlockHeader.read(new WireReader(block.toArray(), 0, BlockHeader.SIZE));
            } catch (ProtocolException e) {
                throw new IllegalStateException("80 bytes always hold a header", e);
            }
        }
    }

    /**
     * Consensus parameters the P2P layer needs.
     *
     * @param pow                    proof-of-work rules
     * @param deployments            buried deployment heights
     * @param subsidyHalvingInterval blocks between subsidy halvings (210000; regtest 150)
     * @param minimumChainWork       Core's nMinimumChainWork: headers chains with less work are not synced
     * @param assumeValid            Core's defaultAssumeValid; {@link Hash256#ZERO} for none
     */
    public record Consensus(PowRules pow, Deployments deployments, int subsidyHalvingInterval,
                            BigInteger minimumChainWork, Hash256 assumeValid) {
        public Consensus {
            Objects.requireNonNull(pow, "pow");
            Objects.requireNonNull(deployments, "deployments");
            Objects.requireNonNull(minimumChainWork, "minimumChainWork");
            Objects.requireNonNull(assumeValid, "assumeValid");
            if (subsidyHalvingInterval < 1) throw new IllegalArgumentException("subsidyHalvingInterval must be >= 1");
            if (minimumChainWork.signum() < 0 || minimumChainWork.bitLength() > 256) {
                throw new IllegalArgumentException("minimumChainWork must be in [0, 2^256)");
            }
        }
    }

    /**
     * Proof-of-work rules (Core's {@code powLimit}, {@code nPowTargetSpacing}, {@code nPowTargetTimespan},
     * {@code fPowAllowMinDifficultyBlocks}, {@code fPowNoRetargeting}, {@code enforce_BIP94}).
     *
     * @param limit                    the easiest allowed target
     * @param targetSpacing            seconds between blocks (600)
     * @param targetTimespan           seconds per retarget period (two weeks; regtest one day)
     * @param allowMinDifficultyBlocks testnet's 20-minute rule
     * @param noRetargeting            the target never changes (regtest)
     * @param enforceBip94             BIP94's retarget-from-first-block and timewarp rules (testnet4)
     */
    public record PowRules(BigInteger limit, long targetSpacing, long targetTimespan, boolean allowMinDifficultyBlocks,
                           boolean noRetargeting, boolean enforceBip94) {
        public PowRules {
            Objects.requireNonNull(limit, "limit");
            if (limit.signum() <= 0 || limit.bitLength() > 256) {
                throw new IllegalArgumentException("the PoW limit must be in [1, 2^256)");
            }
            if (targetSpacing < 1) throw new IllegalArgumentException("targetSpacing must be >= 1");
            if (targetTimespan < targetSpacing) {
                throw new IllegalArgumentException("targetTimespan must be at least targetSpacing");
            }
        }

        /** The PoW limit in compact form (mainnet 0x1d00ffff). */
        public long limitCompact() {
            return Pow.targetToCompact(limit);
        }

        /** Blocks per retarget period: Core's {@code DifficultyAdjustmentInterval()} (2016). */
        public long difficultyAdjustmentInterval() {
            return targetTimespan / targetSpacing;
        }
    }

    /**
     * Heights at which soft forks are buried (always active from that height).
     *
     * @param bip34Hash the block at {@code bip34Height} where Core names one; {@link Hash256#ZERO} otherwise
     */
    public record Deployments(int bip34Height, Hash256 bip34Hash, int bip65Height, int bip66Height, int csvHeight,
                              int segwitHeight) {
        public Deployments {
            Objects.requireNonNull(bip34Hash, "bip34Hash");
            if ((bip34Height | bip65Height | bip66Height | csvHeight | segwitHeight) < 0) {
                throw new IllegalArgumentException("deployment heights are >= 0");
            }
        }
    }

    /**
     * Headers presync parameters (Core's {@code HeadersSyncParams}): a commitment bit is stored every
     * {@code commitmentPeriod} headers, and {@code redownloadBufferSize} headers are buffered before acceptance.
     */
    public record HeadersPresync(int commitmentPeriod, int redownloadBufferSize) {
        public HeadersPresync {
            if (commitmentPeriod < 1) throw new IllegalArgumentException("commitmentPeriod must be >= 1");
            if (redownloadBufferSize < 0) throw new IllegalArgumentException("redownloadBufferSize must be >= 0");
        }
    }

    /**
     * Address encodings: the bech32 human-readable part and Core's {@code base58Prefixes} (byte strings, as Core
     * keeps them, so chains with multi-byte version prefixes fit).
     */
    public record AddressEncoding(String bech32Hrp, Bytes pubkeyAddressPrefix, Bytes scriptAddressPrefix,
                                  Bytes secretKeyPrefix, Bytes extPublicKeyPrefix, Bytes extSecretKeyPrefix) {
        public AddressEncoding {
            Objects.requireNonNull(bech32Hrp, "bech32Hrp");
            Objects.requireNonNull(pubkeyAddressPrefix, "pubkeyAddressPrefix");
            Objects.requireNonNull(scriptAddressPrefix, "scriptAddressPrefix");
            Objects.requireNonNull(secretKeyPrefix, "secretKeyPrefix");
            Objects.requireNonNull(extPublicKeyPrefix, "extPublicKeyPrefix");
            Objects.requireNonNull(extSecretKeyPrefix, "extSecretKeyPrefix");
        }
    }
}
