/**
 * Parallel script verification (Core's {@code checkqueue.h} {@code CCheckQueue} behind {@code -par}): a fixed pool of
 * worker threads that {@link io.mooring.checkqueue.ScriptCheckQueue} hands a block's script checks to.
 *
 * <p>Owns: its threads. Must not touch: chain state or coins (a check carries everything it needs), peers, files.
 */
package io.mooring.checkqueue;
