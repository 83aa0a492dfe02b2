package io.mooring.chain;

/**
 * A chain-parameter file is malformed or inconsistent. {@link #keyPath()} names the offending key in dotted form
 * ({@code genesis.block}, {@code consensus.pow.limit}, {@code fixedSeeds[3]}; empty for the document itself) and
 * {@link #problem()} says what is wrong with it.
 */
public final class ChainParamsException extends Exception {
    private final String keyPath;
    private final String problem;

    public ChainParamsException(String keyPath, String problem) {
        this(keyPath, problem, null);
    }

    public ChainParamsException(String keyPath, String problem, Throwable cause) {
        super((keyPath.isEmpty() ? "chain parameters" : keyPath) + ": " + problem, cause);
        this.keyPath = keyPath;
        this.problem = problem;
    }

    public String keyPath() {
        return keyPath;
    }

    public String problem() {
        return problem;
    }
}
