package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonArray;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans each PBX event out to its listeners (WebSocket sessions, login-url pushers). Events are produced
 * on the simulator's event loop, so listeners see them in production order.
 */
final class EventHub {
    /** Names a WebSocket {@code subscribe} accepts (verified on UCM6204, spec B.3). */
    static final Set<String> SUBSCRIBABLE = Set.of("ActiveCallStatus", "ExtensionStatus", "TrunkStatus", "PbxStatus",
            "PresenceStatus", "VoiceMailStatus", "ResourceUsageStatus", "InterfaceStatus", "EquipmentCapacityStatus");

    interface Listener {
        void onEvent(String eventName, JsonArray eventBody);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    void add(Listener l) {
        listeners.add(l);
    }

    void remove(Listener l) {
        listeners.remove(l);
    }

    void publish(String eventName, JsonArray eventBody) {
        for (Listener l : listeners) {
            l.onEvent(eventName, eventBody);
        }
    }
}
