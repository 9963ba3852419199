package io.pbxbridge.connector.yeastar.session;

import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.command.CallTracker;
import io.pbxbridge.connector.yeastar.command.YeastarCommandMapper;
import io.pbxbridge.connector.yeastar.command.YeastarCommandRunner;
import io.pbxbridge.schema.Command;
import io.vertx.core.Future;

/**
 * Executes a command through a session: {@link YeastarCommandMapper} picks the endpoint and body,
 * {@link YeastarCommandRunner} calls the PBX through {@link YeastarSession#call} and maps the reply.
 */
final class YeastarCommandExecutor {
    private final YeastarCommandRunner runner;

    YeastarCommandExecutor(YeastarSession session, YeastarApiVersion version, CallTracker tracker) {
        this.runner = new YeastarCommandRunner(new YeastarCommandMapper(version, tracker), session::call);
    }

    Future<CommandOutcome> execute(Command command) {
        return runner.execute(command);
    }
}
