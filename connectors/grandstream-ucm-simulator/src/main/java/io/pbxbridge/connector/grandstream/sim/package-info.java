/**
 * A simulator of the Grandstream UCM630X / FIBERME FCM630A HTTPS API ({@code POST /api}, seed 004) and its
 * event WebSocket ({@code /websockify}, spec B.3), for tests, the demo and load tests. Entry points:
 * {@link io.pbxbridge.connector.grandstream.sim.UcmSimulator} and
 * {@link io.pbxbridge.connector.grandstream.sim.UcmSimulatorMain}.
 */
package io.pbxbridge.connector.grandstream.sim;
