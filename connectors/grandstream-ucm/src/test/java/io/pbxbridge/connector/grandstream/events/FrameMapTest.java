package io.pbxbridge.connector.grandstream.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link FrameMap} behaves as the LinkedHashMap Vert.x builds, through every Map operation a reader may use. */
class FrameMapTest {
    private static final List<String> KEYS = List.of("action", "channel", "state", "linkedid", "uniqueid", "callernum",
            "connectednum", "service", "alloc_time", "chantype", "inbound_trunk_name", "outbound_trunk_name",
            "callername", "connectedname", "callid", "channel1", "channel2", "extension", "status", "Aa", "BB");

    @Test
    void randomOperationsAgreeWithALinkedHashMap() {
        Random random = new Random(15);
        for (int run = 0; run < 200; run++) {
            FrameMap map = new FrameMap(1 + random.nextInt(8));
            Map<String, Object> reference = new LinkedHashMap<>();
            for (int op = 0; op < 60; op++) {
                // "Aa" and "BB" share a hash code: lookups must not stop at the hash
                String key = new String(KEYS.get(random.nextInt(KEYS.size()))); // not the interned instance
                Object value = random.nextInt(4) == 0 ? null : "v" + random.nextInt(5);
                switch (random.nextInt(5)) {
                    case 0, 1 -> assertThat(map.put(key, value)).isEqualTo(reference.put(key, value));
                    case 2 -> assertThat(map.remove(key)).isEqualTo(reference.remove(key));
                    case 3 -> {
                        boolean added = map.addNew(key, value);
                        assertThat(added).isEqualTo(!reference.containsKey(key));
                        if (added) {
                            reference.put(key, value); // (not putIfAbsent: that replaces a null value)
                        }
                    }
                    default -> {
                        assertThat(map.get(key)).isEqualTo(reference.get(key));
                        assertThat(map.containsKey(key)).isEqualTo(reference.containsKey(key));
                    }
                }
                assertSame(map, reference);
            }
        }
    }

    @Test
    void entriesWriteThroughAndRemoveInOrder() {
        FrameMap map = new FrameMap(2);
        Map<String, Object> reference = new LinkedHashMap<>();
        for (String key : KEYS) {
            map.put(key, key.length());
            reference.put(key, key.length());
        }
        Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator();
        Iterator<Map.Entry<String, Object>> ref = reference.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Object> e = it.next();
            Map.Entry<String, Object> r = ref.next();
            assertThat(e).isEqualTo(r);
            assertThat(e.hashCode()).isEqualTo(r.hashCode());
            if ((Integer) e.getValue() % 2 == 0) {
                it.remove();
                ref.remove();
            } else {
                assertThat(e.setValue("x")).isEqualTo(r.setValue("x"));
            }
        }
        assertSame(map, reference);
        assertThat(map.get(null)).isNull();
        assertThat(map.containsKey(42)).isFalse();
        map.clear();
        assertThat(map).isEmpty();
        assertThatThrownBy(() -> map.entrySet().iterator().next()).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void changingTheMapWhileIteratingIsRefused() {
        FrameMap map = new FrameMap(4);
        map.put("a", 1);
        map.put("b", 2);
        Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator();
        it.next();
        map.put("c", 3);
        assertThatThrownBy(it::next).isInstanceOf(java.util.ConcurrentModificationException.class);
    }

    private static void assertSame(FrameMap map, Map<String, Object> reference) {
        assertThat(map).isEqualTo(reference);
        assertThat(reference).isEqualTo(map);
        assertThat(map.hashCode()).isEqualTo(reference.hashCode());
        assertThat(map.size()).isEqualTo(reference.size());
        assertThat(new ArrayList<>(map.keySet())).isEqualTo(new ArrayList<>(reference.keySet()));
        assertThat(new ArrayList<>(map.values())).isEqualTo(new ArrayList<>(reference.values()));
        assertThat(map.toString()).isEqualTo(reference.toString());
    }
}
