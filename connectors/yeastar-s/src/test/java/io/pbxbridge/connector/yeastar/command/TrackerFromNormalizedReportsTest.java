package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.report.YeastarReportNormalizer;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.IngressChannel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static io.pbxbridge.connector.yeastar.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tracker fed by the real normalizer with vendor-documented reports (pbx-api-facts §A.3.2), so
 * the legs the mapper resolves are the ones the bridge actually publishes.
 */
class TrackerFromNormalizedReportsTest {
    private final YeastarReportNormalizer normalizer = new YeastarReportNormalizer(
            new PbxConfig(PBX, "yeastar-s", URI.create("http://127.0.0.1:1"), "api", null, "2.0.0", null, null, null,
                    null, null, PbxOptions.none()),
            new BridgeInfo("test", "i-1"));

    private void feed(CallTracker tracker, String report) throws Exception {
        tracker.observe(normalizer.normalize(new RawReport(PBX, report.getBytes(StandardCharsets.UTF_8), NOW,
                IngressChannel.HTTP_REPORT)));
    }

    @Test
    void v11InviteLetsARefuseNameTheCallOnly() throws Exception {
        CallTracker tracker = new CallTracker();
        feed(tracker, "{\"action\":\"Invite\",\"callid\":\"1547389566.275\",\"call\":[{\"inbound\":{\"from\":\"1929383883\","
                + "\"to\":\"1005\",\"trunk\":\"SPS-6-36\",\"inboundid\":\"1547389566.275\"}}],\"sn\":\"369362089179\"}");

        YeastarRequest request = new YeastarCommandMapper(YeastarApiVersion.V1_1_0, tracker)
                .map(onCall(CommandAction.REFUSE_INBOUND, target("1547389566.275", null, null)));

        assertThat(request.endpoint()).isEqualTo("inbound/refuse");
        assertThat(request.body()).isEqualTo(new JsonObject().put("inboundid", "1547389566.275"));
    }

    @Test
    void v10RingWithAnOutboundLegResolvesTheOutboundIdNotTheCallId() throws Exception {
        CallTracker tracker = new CallTracker();
        feed(tracker, "{\"action\":\"RING\",\"callid\":\"1495771030.365\",\"outbound\":{\"from\":\"1002\",\"to\":\"42003\","
                + "\"trunk\":\"sip-142\",\"outboundid\":\"1495771030.366\"},\"ext\":{\"extid\":\"1002\"}}");

        YeastarCommandMapper mapper = new YeastarCommandMapper(YeastarApiVersion.V1_0_0, tracker);
        YeastarRequest hangup = mapper.map(onCall(CommandAction.HANGUP, target("1495771030.365", null, null)));
        YeastarRequest hold = mapper.map(onCall(CommandAction.HOLD, target("1495771030.365", null, null)));

        assertThat(hangup.endpoint()).isEqualTo("outbound/hangup");
        assertThat(hangup.body()).isEqualTo(new JsonObject().put("outboundid", "1495771030.366"));
        assertThat(hold.body()).isEqualTo(new JsonObject().put("extid", "1002"));
    }

    @Test
    void v2CallStatusGivesChannelsAndByeForgetsTheCall() throws Exception {
        CallTracker tracker = new CallTracker();
        feed(tracker, "{\"event\":\"CallStatus\",\"callid\":\"1571897930.5\",\"members\":[{\"ext\":{\"number\":\"1000\","
                + "\"channelid\":\"PJSIP/1000-00000011\",\"memberstatus\":\"ANSWER\"}},{\"inbound\":{\"from\":\"2000\","
                + "\"to\":\"1000\",\"trunkname\":\"siptrunk\",\"channelid\":\"PJSIP/trunk-siptrunk-endpoint-00000010\","
                + "\"memberstatus\":\"ANSWERED\"}}],\"sn\":\"369451090405\"}");
        YeastarCommandMapper mapper = new YeastarCommandMapper(YeastarApiVersion.V2_0_0, tracker);

        assertThat(mapper.map(onCall(CommandAction.HOLD, target("1571897930.5", null, "1000"))).body())
                .isEqualTo(new JsonObject().put("channelid", "PJSIP/1000-00000011"));
        assertThat(mapper.map(onCall(CommandAction.HANGUP, target("1571897930.5", null, null))).body())
                .isEqualTo(new JsonObject().put("channelid", "PJSIP/trunk-siptrunk-endpoint-00000010"));

        feed(tracker, "{\"event\":\"CallStatus\",\"callid\":\"1571897930.5\",\"members\":[{\"ext\":{\"number\":\"1000\","
                + "\"channelid\":\"PJSIP/1000-00000011\",\"memberstatus\":\"BYE\"}},{\"inbound\":{\"from\":\"2000\","
                + "\"to\":\"1000\",\"trunkname\":\"siptrunk\",\"channelid\":\"PJSIP/trunk-siptrunk-endpoint-00000010\","
                + "\"memberstatus\":\"BYE\"}}],\"sn\":\"369451090405\"}");

        assertThat(tracker.knows("1571897930.5")).isFalse();
        assertThatThrownBy(() -> mapper.map(onCall(CommandAction.HOLD, target("1571897930.5", null, "1000"))))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessage("call 1571897930.5 has no leg of extension 1000 known to this bridge; pass leg_ref (the member channelid)");
    }
}
