package io.mooring.validation;

import io.mooring.script.ScriptError;
import io.mooring.script.SignatureVerifier;

import java.util.List;
import java.util.Optional;

/**
 * Runs a block's script checks (Core's {@code CCheckQueue}): {@link #sequential} here, a parallel runner for
 * {@code -par} in the node, which owns threads. The answer is the first failure found, if any; which one is
 * reported when several inputs fail may differ between runners, as in Core.
 */
public interface ScriptCheckRunner {
    /** A failed input: its check and the error. */
    record Failure(ScriptCheck check, ScriptError error) {
    }

    Optional<Failure> runAll(List<ScriptCheck> checks);

    /** Every check on the calling thread, in order, stopping at the first failure. */
    static ScriptCheckRunner sequential(SignatureVerifier verifier) {
        return checks -> {
            for (ScriptCheck c : checks) {
                ScriptError e = c.run(verifier);
                if (e != ScriptError.OK) return Optional.of(new Failure(c, e));
            }
            return Optional.empty();
        };
    }
}
