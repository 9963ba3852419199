package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.grandstream.testing.DocFrames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ActiveCallItem}'s one pass reads every field as a lookup by key ({@link UcmLeg#text}) reads it, from a
 * frame's plain model ({@link FrameMap}) and from Vert.x's alike: values blank, absent, null, not strings, in any
 * key order, bridge keys present without a value.
 */
class ActiveCallItemTest {
    /** What the tracker reads of an item, by key. */
    private static final Map<String, Function<ActiveCallItem, String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("action", i -> i.action);
        FIELDS.put("channel", i -> i.channel);
        FIELDS.put("channel1", i -> i.channel1);
        FIELDS.put("channel2", i -> i.channel2);
        FIELDS.put("linkedid", i -> i.linkedid);
        FIELDS.put("uniqueid", i -> i.uniqueid);
        FIELDS.put("state", i -> i.state);
        FIELDS.put("chantype", i -> i.chantype);
        FIELDS.put("callernum", i -> i.callernum);
        FIELDS.put("callername", i -> i.callername);
        FIELDS.put("connectednum", i -> i.connectednum);
        FIELDS.put("connectedname", i -> i.connectedname);
        FIELDS.put("inbound_trunk_name", i -> i.inboundTrunk);
        FIELDS.put("outbound_trunk_name", i -> i.outboundTrunk);
        FIELDS.put("service", i -> i.service);
        FIELDS.put("alloc_time", i -> i.allocTime);
        FIELDS.put("bridge_time", i -> i.bridgeTime);
        FIELDS.put("uniqueid1", i -> i.uniqueid1);
        FIELDS.put("uniqueid2", i -> i.uniqueid2);
        FIELDS.put("callerid1", i -> i.callerid1);
        FIELDS.put("callerid2", i -> i.callerid2);
        FIELDS.put("name1", i -> i.name1);
        FIELDS.put("name2", i -> i.name2);
    }

    private static List<JsonObject> items() {
        List<JsonObject> items = new ArrayList<>();
        items.add(DocFrames.leg("add", DocFrames.IN_TRUNK, "1.1", "1.1", "Ring", "0612345678", "s",
                "2019-11-25 09:43:12", "SIPTrunk1", ""));
        items.add(DocFrames.bridge("add", DocFrames.CALLER_1001, DocFrames.CALLEE_1000, "1001", "1000", "1.4", "1.5",
                "2019-11-25 09:43:19"));
        items.add(DocFrames.delete(DocFrames.CALLEE_1000).put("cause", "16").put("hangupcause", "17"));
        items.add(new JsonObject().put("hangupcause", "17").put("channel", "   ").put("action", "DELETE"));
        items.add(new JsonObject().put("cause_txt", "Normal").put("cause", "16").put("channel", "PJSIP/1-1"));
        // not strings: numbers, booleans, a nested object and list read as their JSON text
        items.add(new JsonObject().put("channel", 42).put("state", true).put("linkedid", 1.5)
                .put("callernum", new JsonObject().put("a", 1)).put("callername", new JsonArray().add("x").add(2))
                .put("uniqueid", -7L));
        // a bridge by its keys alone, whatever their values
        items.add(new JsonObject().put("channel", "PJSIP/1-1").put("channel1", (Object) null));
        items.add(new JsonObject().put("channel2", "").put("channel", "PJSIP/1-1"));
        items.add(new JsonObject().put("state", "").put("connectednum", " \t").put("service", "Zoë 中文"));
        items.add(new JsonObject());
        return items;
    }

    @Test
    void everyFieldReadsAsALookupReadsItOnBothPaths() throws Exception {
        for (JsonObject item : items()) {
            String frame = DocFrames.frame(item);
            JsonObject plain = only(UcmFrame.object(frame.getBytes(StandardCharsets.UTF_8)));
            JsonObject vertx = only(UcmFrame.objectWithVertx(frame));
            assertThat(plain.getMap()).isInstanceOf(FrameMap.class);
            for (JsonObject read : List.of(item, plain, vertx)) {
                ActiveCallItem call = ActiveCallItem.of(read);
                FIELDS.forEach((key, field) -> assertThat(field.apply(call)).as(key + " of " + read)
                        .isEqualTo(UcmLeg.text(read, key)));
                assertThat(call.bridge).as(read.encode())
                        .isEqualTo(read.containsKey("channel1") || read.containsKey("channel2"));
                assertThat(call.cause()).as(read.encode()).isEqualTo(firstText(read, "cause_txt", "cause", "hangupcause"));
            }
        }
    }

    @Test
    void anItemNamesWhatItIsAbout() {
        assertThat(ActiveCallItem.of(new JsonObject().put("channel", "PJSIP/1-1")).missing()).isNull();
        assertThat(ActiveCallItem.of(new JsonObject().put("channel", " ")).missing()).isEqualTo("names no channel");
        assertThat(ActiveCallItem.of(new JsonObject().put("channel1", "a").put("channel", "b")).missing())
                .isEqualTo("is a bridge without both channel1 and channel2");
        assertThat(ActiveCallItem.of(new JsonObject().put("channel1", "a").put("channel2", "b")).missing()).isNull();
    }

    private static JsonObject only(JsonObject frame) {
        return frame.getJsonArray("message").getJsonObject(0).getJsonArray("eventbody").getJsonObject(0);
    }

    private static String firstText(JsonObject item, String... keys) {
        for (String key : keys) {
            if (UcmLeg.text(item, key) != null) {
                return UcmLeg.text(item, key);
            }
        }
        return null;
    }
}
