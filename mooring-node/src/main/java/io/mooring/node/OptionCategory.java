package io.mooring.node;

/** Help groups, in the order Core's {@code OptionsCategory} prints them; {@link #HIDDEN} options are not listed. */
public enum OptionCategory {
    OPTIONS("Options:"),
    CONNECTION("Connection options:"),
    DEBUG_TEST("Debugging/Testing options:"),
    CHAINPARAMS("Chain selection options:"),
    RPC("RPC server options:"),
    HIDDEN("");

    private final String heading;

    OptionCategory(String heading) {
        this.heading = heading;
    }

    public String heading() {
        return heading;
    }
}
