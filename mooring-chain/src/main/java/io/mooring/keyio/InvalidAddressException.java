package io.mooring.keyio;

import java.util.List;

/**
 * Text that is not an address of the chain it was decoded for. The message is Core's {@code DecodeDestination}
 * {@code error_str} (what {@code validateaddress} reports as "error"); {@link #errorLocations()} are Core's
 * {@code error_locations}: character indexes of detected bech32 errors, possibly empty.
 */
public final class InvalidAddressException extends Exception {
    private final List<Integer> errorLocations;

    public InvalidAddressException(String message, List<Integer> errorLocations) {
        super(message);
        this.errorLocations = List.copyOf(errorLocations);
    }

    public InvalidAddressException(String message) {
        this(message, List.of());
    }

    public List<Integer> errorLocations() {
        return errorLocations;
    }
}
