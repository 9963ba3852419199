package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.CommandStatus;

/**
 * What a PBX made of a command.
 *
 * @param status          normalized status
 * @param vendorErrorCode the vendor's code when it refused (Yeastar errno, UCM status)
 * @param reason          readable reason, never containing a secret
 * @param callId          the call the command created, if any
 * @param responseJson    the PBX's response body as JSON
 */
public record CommandOutcome(CommandStatus status, String vendorErrorCode, String reason, String callId,
                             String responseJson) {

    public static CommandOutcome succeeded(String callId, String responseJson) {
        return new CommandOutcome(CommandStatus.SUCCEEDED, null, null, callId, responseJson);
    }

    public static CommandOutcome failed(CommandStatus status, String vendorErrorCode, String reason) {
        return new CommandOutcome(status, vendorErrorCode, reason, null, null);
    }
}
