/**
 * Vendor-neutral commands on a Grandstream UCM630X / FIBERME FCM630A: {@link
 * io.pbxbridge.connector.grandstream.command.UcmCommandMapper} (Command → seed-004 {@code /api} actions),
 * {@link io.pbxbridge.connector.grandstream.command.UcmCallTracker} (call_id → channel),
 * {@link io.pbxbridge.connector.grandstream.command.ApplyCoalescer} (one applyChanges per burst of changes)
 * and {@link io.pbxbridge.connector.grandstream.command.UcmCommandRunner} (outcomes). See COMMANDS.md.
 */
package io.pbxbridge.connector.grandstream.command;
