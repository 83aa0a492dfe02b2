package io.mooring.headers;

/**
 * Core's {@code PermittedDifficultyTransition}: whether {@code newBits} may follow {@code oldBits} at {@code height}
 * under the chain's retarget rules (at most a factor of 4 at a retarget boundary, unchanged elsewhere, anything on
 * chains that allow minimum-difficulty blocks). The chain layer provides it; presync uses it to refuse chains that
 * compress their work into few blocks.
 */
@FunctionalInterface
public interface DifficultyTransitionCheck {
    boolean permitted(long height, long oldBits, long newBits);
}
