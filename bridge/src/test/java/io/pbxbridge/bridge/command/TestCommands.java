package io.pbxbridge.bridge.command;

import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.DialAction;
import io.pbxbridge.schema.Endpoint;
import io.pbxbridge.schema.EndpointKind;

import java.time.Duration;
import java.time.Instant;

/** Builds commands for tests. */
final class TestCommands {
    static {
        io.pbxbridge.schema.codec.TrustedContractClasses.install();
    }

    private TestCommands() {
    }

    static Command dial(String commandId, String pbxId, String from, String to) {
        return Command.newBuilder()
                .setCommandId(commandId)
                .setPbxId(pbxId)
                .setIssuedAt(Instant.now())
                .setExpiresAt(Instant.now().plus(Duration.ofMinutes(5)))
                .setAction(CommandAction.DIAL)
                .setDial(DialAction.newBuilder()
                        .setFrom(Endpoint.newBuilder().setKind(EndpointKind.EXTENSION).setNumber(from).build())
                        .setTo(Endpoint.newBuilder().setKind(EndpointKind.EXTERNAL).setNumber(to).build())
                        .build())
                .build();
    }

    static Command dial(String commandId, String pbxId) {
        return dial(commandId, pbxId, "1000", "+4930123456");
    }

    static Command hangup(String commandId, String pbxId, String extension) {
        return Command.newBuilder()
                .setCommandId(commandId)
                .setPbxId(pbxId)
                .setIssuedAt(Instant.now())
                .setAction(CommandAction.HANGUP)
                .setCall(CallTarget.newBuilder().setExtension(extension).build())
                .build();
    }

    static Command expiringIn(Command c, Duration d) {
        return Command.newBuilder(c).setExpiresAt(Instant.now().plus(d)).build();
    }

    static Command withoutExpiry(Command c) {
        return Command.newBuilder(c).setExpiresAt(null).build();
    }
}
