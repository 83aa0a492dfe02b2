package io.mooring.node;

/**
 * Bad operator input (command line, config file, datadir, lock): startup stops and the message is shown to the
 * operator. The message is Core's text where Core has one, without Core's {@code "Error: "} prefix, which the
 * launcher adds when it prints the message on stderr.
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
