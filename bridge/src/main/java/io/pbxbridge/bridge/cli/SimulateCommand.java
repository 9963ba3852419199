package io.pbxbridge.bridge.cli;

import io.pbxbridge.connector.grandstream.sim.UcmSimulatorMain;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code simulate yeastar-s|grandstream-ucm [options]}: runs a PBX simulator standalone (for demos,
 * lab setups and load tests against a real bridge). Options are the simulator's own; {@code --help}
 * after the vendor lists them.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a PBX simulator standalone until Ctrl-C.",
        subcommands = {SimulateCommand.Yeastar.class, SimulateCommand.Ucm.class})
public final class SimulateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("simulate: name a simulator: yeastar-s or grandstream-ucm (add --help for its options)");
        return CliErrors.USAGE;
    }

    @Command(name = "yeastar-s", description = "Yeastar S-Series API simulator (v1.0.0, v1.1.0, v2.0.0); "
            + "--help lists its options.")
    static final class Yeastar implements Callable<Integer> {
        /** Everything after the vendor goes to the simulator, e.g. --port 8088 --api-version 1.1.0. */
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            YeastarSimulatorMain.main(args.toArray(String[]::new));
            return CliErrors.OK;
        }
    }

    @Command(name = "grandstream-ucm", description = "Grandstream UCM630X / FIBERME FCM630A API and WebSocket "
            + "simulator; --help lists its options.")
    static final class Ucm implements Callable<Integer> {
        /** Everything after the vendor goes to the simulator, e.g. --port 8089 --model FCM630A --cps 0.5. */
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            UcmSimulatorMain.main(args.toArray(String[]::new));
            return CliErrors.OK;
        }
    }
}
