/**
 * Grandstream UCM630X and FIBERME FCM630A (same HTTPS API): {@code POST /api} session with
 * challenge/login/cookie, WebSocket {@code /websockify} notifications, CDR polling via
 * {@code cdrapi}, command mapping, and a simulator of the PBX.
 */
package io.pbxbridge.connector.grandstream;
