package io.mooring.tools;

import io.mooring.rpc.RpcCli;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code mooring rpc [options] METHOD [ARGS...]}: the bitcoin-cli of Mooring ({@link RpcCli}). Options use Core's
 * single-dash syntax ({@code -datadir=DIR -regtest -named ...}), so picocli hands every argument over unparsed, in
 * order; {@code mooring rpc -help} prints the options.
 */
@Command(name = "rpc", description = "Send a JSON-RPC command to a Mooring node (like bitcoin-cli).")
public final class RpcCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return RpcCli.main(args.toArray(String[]::new));
    }
}
