package io.pbxbridge.connector.grandstream.session;

import io.pbxbridge.connector.grandstream.api.UcmApi;
import io.pbxbridge.connector.grandstream.command.UcmCommandOptions;
import io.pbxbridge.connector.grandstream.command.UcmCommandRunner;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.schema.Command;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * Executes commands through the session: the command package maps them onto {@code /api} actions
 * (see COMMANDS.md) and reports one outcome each.
 */
final class UcmCommandExecutor {
    private final UcmCommandRunner runner;

    UcmCommandExecutor(Vertx vertx, PbxConfig pbx, UcmApi api) {
        this.runner = new UcmCommandRunner(vertx, api, UcmCommandOptions.of(pbx), pbx.id());
    }

    Future<CommandOutcome> execute(Command command) {
        return runner.execute(command);
    }

    void liveChannels(io.pbxbridge.connector.grandstream.command.LiveChannels live) {
        runner.tracker().liveChannels(live);
    }

    void observe(List<NormalizedRecord> records) {
        runner.observe(records);
    }
}
