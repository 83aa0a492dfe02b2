package io.mooring.node;

/** Core's {@code ArgsManager::Flags} that change parsing or display. */
public enum OptionFlag {
    /** {@code -noname} is an error: "Negating of -name is meaningless and therefore forbidden". */
    DISALLOW_NEGATION,
    /** {@code -name} without a value is an error: "Can not set -name with no value...". */
    DISALLOW_ELISION,
    /** Listed only by {@code -help-debug}. */
    DEBUG_ONLY,
    /** Values are shown as {@code ****} in the "Command-line arg:" lines of debug.log. */
    SENSITIVE,
    /**
     * Outside {@code main}, a value in the config file's default section is ignored (startup fails with Core's
     * "Config setting for -name only applied on ... network when in [...] section." if nothing else sets it).
     */
    NETWORK_ONLY
}
