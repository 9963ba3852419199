package io.pbxbridge.connector.grandstream.ws;

import io.pbxbridge.schema.PbxEventType;

import java.time.Instant;

/** Receives what the WebSocket client learns, on the client's context, in arrival order. */
public interface UcmNotifyListener {
    /** One text frame carrying notifications, exactly as received. */
    void onNotifyFrame(byte[] frame, Instant receivedAt);

    /** After (re)subscribing: the current channels and accounts from the API. Frames held back meanwhile follow. */
    void onResync(UcmChannelSnapshot snapshot, Instant at);

    /** Frames that could not be held while a resync ran (buffer full). */
    void onFramesDropped(long count);

    /** The WebSocket user was refused, locked out, or the subscription failed. Reason holds no secret. */
    void onProblem(PbxEventType type, String reason, Integer retryAfterSeconds);
}
