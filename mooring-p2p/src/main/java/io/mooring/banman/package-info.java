/**
 * Core's ban manager ({@code src/banman.cpp}, {@code CSubNet} from {@code src/netaddress.cpp}/{@code netbase.cpp},
 * {@code CRollingBloomFilter} from {@code src/common/bloom.cpp}) and its file {@code banlist.json}.
 *
 * <p>{@link io.mooring.banman.SubNet} parses, matches and prints subnets as Core; {@link io.mooring.banman.BanMan}
 * holds the bans (subnet → {@link io.mooring.banman.BanEntry}) and the in-memory discouragement filter
 * ({@link io.mooring.banman.RollingBloomFilter}, 50,000 entries at 1e-6, Core's hash); {@link
 * io.mooring.banman.BanListJson} reads and writes Core's exact {@code banlist.json}.
 *
 * <p>Owns: ban and discouragement state and the banlist file format. Must not touch: sockets, threads, the clock
 * (every time is passed in), or the decision of whom to disconnect or refuse (connman and net_processing use
 * {@code isBanned}/{@code isDiscouraged}). The JSON codec uses Jackson (already in the parent's dependency
 * management and on mooring-chain's path) because the format belongs to this state, next to it, as the asmap format
 * sits next to netgroups.
 */
package io.mooring.banman;
