/**
 * A fleet that changes while the bridge runs: the configuration file is read again on SIGHUP and when it
 * changes ({@link io.pbxbridge.bridge.reload.ConfigWatcher}), validated like at start, and only the PBXes whose
 * entries changed are started, stopped or restarted ({@link io.pbxbridge.bridge.reload.FleetReload}).
 */
package io.pbxbridge.bridge.reload;
