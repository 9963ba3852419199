package io.pbxbridge.bridge.command;

import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a command stops being worth executing. Its {@code expires_at} when the sender gave one; otherwise
 * its issue time plus a default per kind of action: short for everything that acts on calls or answers a
 * waiting caller ({@code callControl}: a call placed or transferred a minute late does harm), longer for
 * {@code CONFIGURE} ({@code configuration}: a change applied late is still the change asked for). Past the
 * deadline the command is answered {@code EXPIRED} and never reaches the PBX.
 *
 * @param callControl   default for every action but {@code CONFIGURE} ({@code commands.call_control_deadline})
 * @param configuration default for {@code CONFIGURE} ({@code commands.configuration_deadline})
 */
public record CommandDeadlines(Duration callControl, Duration configuration) {
    public CommandDeadlines {
        Objects.requireNonNull(callControl, "callControl");
        Objects.requireNonNull(configuration, "configuration");
        if (callControl.isNegative() || callControl.isZero() || configuration.isNegative() || configuration.isZero()) {
            throw new IllegalArgumentException("command deadlines must be positive");
        }
    }

    /** The effective deadline of {@code command}, issued at {@code times.issued()}. */
    public Instant of(Command command, CommandTimes times) {
        return command.getExpiresAt() != null ? command.getExpiresAt() : times.issued().plus(defaultFor(command.getAction()));
    }

    public Duration defaultFor(CommandAction action) {
        return action == CommandAction.CONFIGURE ? configuration : callControl;
    }

    /** Where the deadline comes from, for the reason of an EXPIRED result. */
    public String describe(Command command, CommandTimes times) {
        if (command.getExpiresAt() != null) {
            return "expires_at " + command.getExpiresAt();
        }
        return "deadline " + of(command, times) + " (issued " + times.issued() + " + the default "
                + defaultFor(command.getAction()).toSeconds() + " s for " + command.getAction()
                + "; set expires_at to choose)";
    }
}
