package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.MonitorMode;
import io.pbxbridge.schema.QuerySubject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.pbxbridge.connector.yeastar.api.YeastarApiVersion.V1_1_0;
import static io.pbxbridge.connector.yeastar.api.YeastarApiVersion.V2_0_0;
import static io.pbxbridge.connector.yeastar.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Commands that must be refused, and the message that tells the client what to fix. */
class YeastarCommandMapperRejectionTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(V1_1_0, Fixtures.base(CommandAction.DIAL).build(), "dial is required for action DIAL"),
                Arguments.of(V1_1_0, dial(ext("1000"), ext("10 02"), null, false),
                        "dial.to.number: contains a control or separator character (U+0020)"),
                Arguments.of(V1_1_0, dial(ext("1000\n"), ext("1002"), null, false),
                        "dial.from.number: contains a control or separator character (U+000A)"),
                Arguments.of(V1_1_0, dial(ext("1000"), external("0800-FLOWERS"), null, false),
                        "dial.to.number: '0800-FLOWERS' is not a number (digits, +, * and # only)"),
                Arguments.of(V1_1_0, dial(ext("1000"), external("1".repeat(33)), null, false), "is longer than 32 characters"),
                Arguments.of(V1_1_0, dial(ext(""), ext("1002"), null, false), "dial.from.number is required"),
                Arguments.of(V1_1_0, dial(external("1002"), external("41000"), null, false),
                        "dial.via_extension is required when dial.from is EXTERNAL"),
                Arguments.of(V2_0_0, dial(queue("6700"), external("41000"), null, false),
                        "dial.via_extension is required when dial.from is not an extension"),
                Arguments.of(V1_1_0, transfer(target(null, null, null), ext("1003"), null, false),
                        "transfer.call: needs leg_ref or call_id of an inbound/outbound call"),
                Arguments.of(V1_1_0, transfer(target("1550.12", null, null), ext("1003"), null, false),
                        "call 1550.12 has no inbound or outbound leg known to this bridge; pass leg_ref"),
                Arguments.of(V1_1_0, transfer(target(V1_INBOUND_CALL, "1005", null), ext("1003"), null, false),
                        "transfer.call: leg_ref 1005 is the extension leg (1005); needs the leg_ref of an inbound/outbound call"),
                Arguments.of(V1_1_0, transfer(target(V1_INBOUND_CALL, null, null), external("22003"), null, false),
                        "transfer.via_extension is required to transfer to an external number"),
                Arguments.of(V1_1_0, transfer(target(null, "1499999999.1", null), ext("1003"), null, false),
                        "leg_ref 1499999999.1 is not a leg known to this bridge"),
                Arguments.of(V1_1_0, onCall(CommandAction.ACCEPT_INBOUND, target("1550.12", null, null)),
                        "call 1550.12 has no inbound leg known to this bridge; pass leg_ref (the inboundid from the Invite event)"),
                Arguments.of(V1_1_0, onCall(CommandAction.REFUSE_INBOUND, target(V1_OUTBOUND_CALL, V1_OUTBOUND_ID, null)),
                        "is the outbound leg (42003); needs the leg_ref of an inbound call"),
                Arguments.of(V2_0_0, onCall(CommandAction.REFUSE_INBOUND, target("1550.12", null, null)),
                        "call 1550.12 has no inbound leg known to this bridge; pass leg_ref (the channelid from the Invite event)"),
                Arguments.of(V1_1_0, onCall(CommandAction.HOLD, target(V1_INTERNAL_CALL, null, null)),
                        "call 1495706238.328 has 2 extension legs (1000, 1002); pass call.extension to say which"),
                Arguments.of(V1_1_0, onCall(CommandAction.MUTE, target(V1_INBOUND_CALL, V1_INBOUND_ID, null)),
                        "is the inbound leg (3834847222); this action needs an extension"),
                Arguments.of(V1_1_0, Fixtures.base(CommandAction.HOLD).build(), "call is required for action HOLD"),
                Arguments.of(V1_1_0, onCall(CommandAction.HANGUP, target("1550.12", null, null)),
                        "call 1550.12 has no leg known to this bridge; pass call.leg_ref (inboundid/outboundid) or call.extension"),
                Arguments.of(V2_0_0, onCall(CommandAction.HANGUP, target(null, null, null)),
                        "call: needs leg_ref (channelid), or call_id (+ extension) of a live call"),
                Arguments.of(V2_0_0, onCall(CommandAction.HOLD, target(null, null, "1999")),
                        "extension 1999 is in no call known to this bridge; pass leg_ref (the member channelid)"),
                Arguments.of(V2_0_0, onCall(CommandAction.HOLD, target(V2_INBOUND_CALL, null, "1999")),
                        "call 1571896991.2 has no leg of extension 1999 known to this bridge"),
                Arguments.of(V2_0_0, onCall(CommandAction.HANGUP, target(null, "PJSIP/1000-01\r\nX: y", null)),
                        "call.leg_ref: contains a control or separator character"),
                Arguments.of(V1_1_0, monitor(MonitorMode.UNKNOWN, "1005", target(null, null, "1002")),
                        "monitor.mode must be LISTEN, WHISPER or BARGE"),
                Arguments.of(V1_1_0, monitor(MonitorMode.LISTEN, "1005", target(V1_INTERNAL_CALL, null, null)),
                        "has 2 extension legs (1000, 1002); pass monitor.call.extension"),
                Arguments.of(V1_1_0, prompt(ext("1000"), List.of(), null, false, null, null),
                        "play_prompt.prompts needs at least one prompt name"),
                Arguments.of(V1_1_0, prompt(ext("1000"), List.of("a+b"), null, false, null, null),
                        "play_prompt.prompts[0]: 'a+b' must not contain + or ,"),
                Arguments.of(V1_1_0, prompt(external("41000"), List.of("hello"), null, false, null, null),
                        "play_prompt.via_extension is required to play a prompt to an external number"),
                Arguments.of(V2_0_0, prompt(ext("1000"), List.of("hello"), null, false, 0, null),
                        "play_prompt.repeat must be between 1 and 100, was 0"),
                Arguments.of(V1_1_0, sms("GSM-trunk", "18396210850", ""), "send_sms.message is required"),
                Arguments.of(V1_1_0, sms("GSM-trunk", "18396210850", "Danke \uD83D\uDE00"), "send_sms.message contains an emoji"),
                Arguments.of(V1_1_0, sms("GSM-trunk", "18396210850", "x".repeat(2001)), "send_sms.message is longer than 2000 characters"),
                Arguments.of(V1_1_0, sms("GSM trunk", "18396210850", "hi"), "send_sms.trunk: contains a control or separator character"),
                Arguments.of(V1_1_0, query(QuerySubject.EXTENSION, null), "query.id (the extension number(s)) is required for subject EXTENSION"),
                Arguments.of(V1_1_0, query(QuerySubject.EXTENSION, "1000;1001"), "query.id: '1000;1001' is not a number"),
                Arguments.of(V1_1_0, query(QuerySubject.ACTIVE_CALLS, "1"), "ACTIVE_CALLS lists every call"),
                Arguments.of(V1_1_0, configure(ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1002", "{username:"),
                        "configure.fields_json is not a JSON object"),
                Arguments.of(V1_1_0, configure(ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1002", "{\"extid\":\"1003\",\"username\":\"Amy\"}"),
                        "configure.fields_json.extid (1003) contradicts configure.id (1002)"),
                Arguments.of(V1_1_0, configure(ConfigEntity.IVR, ConfigOperation.UPDATE, null, "{\"ivrname\":\"Main\"}"),
                        "configure.id is required"),
                Arguments.of(V1_1_0, configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6701", null),
                        "configure.fields_json must name at least one field to update"),
                Arguments.of(V1_1_0, configure(ConfigEntity.WAKEUP_CALL, ConfigOperation.CREATE, "1000", "{\"time\":\"07:00\"}"),
                        "configure.fields_json needs a non-empty \"wakeup\" array"),
                Arguments.of(V1_1_0, vendor("../etc/passwd", null), "vendor.action must be an API path like extension/query"),
                Arguments.of(V1_1_0, vendor("logout", null), "vendor.action logout is reserved for the bridge's own session"),
                Arguments.of(V1_1_0, vendor("extension/query", "[1,2]"), "vendor.parameters_json is not a JSON object"),
                Arguments.of(V1_1_0, vendor(" ", null), "vendor.action (the API path, e.g. extensionlist/query) is required"),
                // Session endpoints in any letter case or with a leading slash; ids no longer than documented.
                Arguments.of(V1_1_0, vendor("LOGIN", null), "reserved for the bridge's own session"),
                Arguments.of(V1_1_0, vendor("/Token/Refresh", null), "reserved for the bridge's own session"),
                Arguments.of(V2_0_0, vendor("HeartBeat", null), "reserved for the bridge's own session"),
                Arguments.of(V1_1_0, configure(ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1".repeat(40), "{\"username\":\"Amy\"}"),
                        "longer than 32"));
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of(V2_0_0, monitor(MonitorMode.LISTEN, "1005", target(null, null, "1002")),
                        "monitor (listen/whisper/barge) has no documented endpoint in Yeastar API v2.0.0"),
                Arguments.of(V1_1_0, transfer(target(V1_INBOUND_CALL, null, null), ext("1003"), null, true),
                        "attended transfer needs Yeastar API v2.0.0"),
                Arguments.of(V1_1_0, transfer(target(V1_OUTBOUND_CALL, null, null), queue("6700"), null, false),
                        "cannot transfer an outbound call to a QUEUE"),
                Arguments.of(V1_1_0, dial(ext("1000"), queue("6700"), null, false),
                        "dial from EXTENSION to QUEUE has no endpoint in Yeastar API v1.1.0"),
                Arguments.of(V1_1_0, dial(queue("6700"), ext("1000"), null, false),
                        "dial from QUEUE to EXTENSION has no endpoint"),
                Arguments.of(V1_1_0, prompt(ext("1000"), List.of("hello"), null, false, 2, null),
                        "play_prompt.repeat and play_prompt.volume need Yeastar API v2.0.0"),
                Arguments.of(V1_1_0, prompt(ivr("6500"), List.of("hello"), null, false, null, null),
                        "plays prompts to an extension or an external number only, not to IVR"),
                Arguments.of(V2_0_0, query(QuerySubject.INBOUND_CALLS, null), "query INBOUND_CALLS has no endpoint in Yeastar API v2.0.0"),
                Arguments.of(V1_1_0, query(QuerySubject.CDRS, null), "query subject CDRS is not supported"),
                Arguments.of(V1_1_0, query(QuerySubject.TRUNK, "SIP-142"), "query subject TRUNK is not supported"),
                Arguments.of(V1_1_0, configure(ConfigEntity.TRUNK, ConfigOperation.UPDATE, "1", "{}"), "configure TRUNK is not supported"),
                Arguments.of(V1_1_0, configure(ConfigEntity.EXTENSION, ConfigOperation.CREATE, "1002", "{\"username\":\"Amy\"}"),
                        "configure EXTENSION supports UPDATE only, not CREATE"),
                Arguments.of(V1_1_0, Fixtures.base(CommandAction.UNKNOWN).build(), "action UNKNOWN is not a known command"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("invalid")
    void invalidCommandsSayWhatIsWrong(YeastarApiVersion version, Command command, String message) {
        YeastarCommandMapper mapper = new YeastarCommandMapper(version, YeastarCommandMapperTest.trackerFor(version));
        assertThatThrownBy(() -> mapper.map(command)).isInstanceOf(InvalidCommandException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("unsupported")
    void commandsWithoutAnEndpointAreUnsupported(YeastarApiVersion version, Command command, String message) {
        YeastarCommandMapper mapper = new YeastarCommandMapper(version, YeastarCommandMapperTest.trackerFor(version));
        assertThatThrownBy(() -> mapper.map(command)).isInstanceOf(UnsupportedCommandException.class).hasMessageContaining(message);
    }
}
