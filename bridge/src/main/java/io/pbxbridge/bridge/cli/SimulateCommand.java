package io.pbxbridge.bridge.cli;

import io.pbxbridge.connector.spi.sim.PbxSimulator;
import io.pbxbridge.connector.spi.sim.Simulators;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UnmatchedArgsBinding;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code simulate <vendor> [options]}: runs a PBX simulator standalone (for demos, lab setups and load
 * tests against a real bridge). One sub-command per simulator found on the class path
 * ({@link Simulators}); options are the simulator's own, {@code --help} after the vendor lists them.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a PBX simulator standalone until Ctrl-C.")
public final class SimulateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("simulate: name a simulator: " + Simulators.all().stream().map(PbxSimulator::vendorId)
                .collect(Collectors.joining(", ")) + " or fleet (add --help for its options)");
        return CliErrors.USAGE;
    }

    /** Adds one sub-command per simulator to {@code simulate} (picocli cannot declare them statically). */
    static void addSimulators(CommandLine simulate) {
        simulate.addSubcommand("fleet", new CommandLine(new FleetCommand()));
        for (PbxSimulator simulator : Simulators.all()) {
            Run run = new Run(simulator);
            CommandSpec spec = CommandSpec.wrapWithoutInspection(run).name(simulator.vendorId());
            spec.usageMessage().description(simulator.description());
            // Everything after the vendor, --help included, goes to the simulator.
            spec.addUnmatchedArgsBinding(UnmatchedArgsBinding.forStringArrayConsumer(new CommandLine.Model.ISetter() {
                @Override
                @SuppressWarnings("unchecked")
                public <T> T set(T value) {
                    run.args = value == null ? List.of() : List.of((String[]) value);
                    return null;
                }
            }));
            simulate.addSubcommand(simulator.vendorId(), new CommandLine(spec));
        }
    }

    private static final class Run implements Callable<Integer> {
        private final PbxSimulator simulator;
        private List<String> args = new ArrayList<>();

        Run(PbxSimulator simulator) {
            this.simulator = simulator;
        }

        @Override
        public Integer call() throws Exception {
            simulator.runStandalone(args.toArray(String[]::new));
            return CliErrors.OK;
        }
    }
}
