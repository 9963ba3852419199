package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.DialAction;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.MonitorMode;
import io.pbxbridge.schema.PlayPromptAction;
import io.pbxbridge.schema.QuerySubject;
import io.pbxbridge.schema.TransferAction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pbxbridge.connector.grandstream.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Malformed, unresolvable and unsupported commands are refused with a reason that says what to fix. */
class UcmCommandMapperRejectionTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("dial without dial", base(CommandAction.DIAL).build(), "dial is required"),
                Arguments.of("number with a space", dial(EndpointKind.EXTENSION, "10 00", EndpointKind.EXTENSION, "1001"), "control or separator"),
                Arguments.of("number with a newline", dial(EndpointKind.EXTENSION, "1000\n", EndpointKind.EXTENSION, "1001"), "U+000A"),
                Arguments.of("number with letters", dial(EndpointKind.EXTENSION, "1000", EndpointKind.EXTERNAL, "0301abc"), "not a number"),
                Arguments.of("number too long", dial(EndpointKind.EXTENSION, "1000", EndpointKind.EXTERNAL, "1".repeat(33)), "longer than 32"),
                Arguments.of("endpoint kind unknown", dial(EndpointKind.UNKNOWN, "1000", EndpointKind.EXTENSION, "1001"), "dial.from.kind"),
                Arguments.of("queue number not digits", dial(EndpointKind.EXTENSION, "1000", EndpointKind.QUEUE, "+6500"), "digits only"),
                Arguments.of("channel with a control char", call(CommandAction.HANGUP, null, "PJSIP/1000-0001\u0007", null), "U+0007"),
                Arguments.of("channel with a quote", call(CommandAction.HANGUP, null, "PJSIP/1000\"-01", null), "not a channel name"),
                Arguments.of("call without anything", call(CommandAction.HANGUP, null, null, null), "needs leg_ref"),
                Arguments.of("unknown call", call(CommandAction.HOLD, "1764150000.99", null, null), "is not known to this bridge"),
                Arguments.of("extension not in the call", call(CommandAction.MUTE, INTERNAL_CALL, null, "1009"), "no channel of extension 1009"),
                Arguments.of("two extension legs, none named", call(CommandAction.HOLD, INTERNAL_CALL, null, null), "pass call.extension or call.leg_ref"),
                Arguments.of("accept without an inbound leg", call(CommandAction.ACCEPT_INBOUND, INTERNAL_CALL, null, null), "INBOUND_REQUEST"),
                Arguments.of("accept by extension only", call(CommandAction.ACCEPT_INBOUND, null, null, "1001"), "needs leg_ref"),
                Arguments.of("extension in no call", call(CommandAction.HOLD, null, null, "1008"), "in no call known"),
                Arguments.of("monitor mode unknown", monitor(MonitorMode.UNKNOWN, "1009", target(null, INTERNAL_A, null)), "LISTEN, WHISPER or BARGE"),
                Arguments.of("monitor own call", monitor(MonitorMode.LISTEN, "1003", target(null, INTERNAL_A, null)), "its own call"),
                Arguments.of("prompt with two names", prompt("1000", "a", "b"), "exactly one prompt"),
                Arguments.of("prompt with a path", prompt("1000", "../etc/passwd"), "must not contain"),
                Arguments.of("prompt type unknown", prompt("1000", "tts:hello"), "ivr, name_voice or moh"),
                Arguments.of("query unknown subject", query(QuerySubject.UNKNOWN, null, Map.of()), "query.subject"),
                Arguments.of("query filter not a parameter", query(QuerySubject.EXTENSIONS, null, Map.of("cookie", "x")), "not a parameter of listAccount"),
                Arguments.of("query inbound routes without trunk", query(QuerySubject.INBOUND_ROUTES, null, Map.of()), "trunk"),
                Arguments.of("query get without id", query(QuerySubject.QUEUE, null, Map.of()), "query.id is required"),
                Arguments.of("cdr format", query(QuerySubject.CDRS, null, Map.of("format", "pdf")), "json, csv or xml"),
                Arguments.of("fields_json not an object", configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6500", "[1]"), "not a JSON object"),
                Arguments.of("fields_json bad key", configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6500", "{\"a b\":1}"), "not a parameter name"),
                Arguments.of("fields_json with cookie", configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6500", "{\"cookie\":\"x\"}"), "action or cookie"),
                Arguments.of("update without id", configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, null, "{}"), "configure.id is required"),
                Arguments.of("id and fields disagree", configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6500", "{\"queue\":\"6501\"}"), "differs"),
                Arguments.of("create with id", configure(ConfigEntity.QUEUE, ConfigOperation.CREATE, "6500", "{\"x\":1}"), "must be null for CREATE"),
                Arguments.of("create without fields", configure(ConfigEntity.QUEUE, ConfigOperation.CREATE, null, null), "fields_json is required"),
                Arguments.of("operation unknown", configure(ConfigEntity.QUEUE, ConfigOperation.UNKNOWN, null, null), "configure.operation"),
                Arguments.of("vendor login", vendor("login", null), "managed by the bridge's session"),
                Arguments.of("vendor challenge", vendor("challenge", null), "managed by the bridge's session"),
                Arguments.of("vendor logout", vendor("Logout", null), "managed by the bridge's session"),
                Arguments.of("vendor applyChanges", vendor("applyChanges", null), "coalesced"),
                Arguments.of("vendor action with a slash", vendor("../api", null), "action name"),
                Arguments.of("vendor params not an object", vendor("listAccount", "[1]"), "not a JSON object"),
                Arguments.of("vendor params with cookie", vendor("listAccount", "{\"cookie\":\"sid1\"}"), "action or cookie"),
                Arguments.of("recapi path traversal", vendor("recapi", "{\"filename\":\"../../etc/shadow\"}"), "must not contain"),
                // Issue 10 item 7: the same rules in any letter case, and ids as long as documented.
                Arguments.of("vendor applychanges", vendor("applychanges", null), "coalesced"),
                Arguments.of("vendor APPLYCHANGES", vendor("APPLYCHANGES", null), "coalesced"),
                Arguments.of("vendor ApplyChanges", vendor("ApplyChanges", null), "coalesced"),
                Arguments.of("vendor LOGIN", vendor("LOGIN", null), "managed by the bridge's session"),
                Arguments.of("vendor params with Action", vendor("listAccount", "{\"Action\":\"applyChanges\"}"), "action or cookie"),
                Arguments.of("vendor params with ACTION", vendor("listAccount", "{\"ACTION\":\"logout\"}"), "action or cookie"),
                Arguments.of("vendor params with Cookie", vendor("listAccount", "{\"Cookie\":\"sid1\"}"), "action or cookie"),
                Arguments.of("vendor params with cOOKIE", vendor("listAccount", "{\"cOOKIE\":\"sid1\"}"), "action or cookie"),
                Arguments.of("fields_json with Action", configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6500", "{\"Action\":\"x\"}"), "action or cookie"),
                Arguments.of("fields_json with COOKIE", configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6500", "{\"COOKIE\":\"x\"}"), "action or cookie"),
                Arguments.of("RECAPI path traversal", vendor("RECAPI", "{\"filename\":\"../../etc/shadow\"}"), "must not contain"),
                Arguments.of("configure extension id of 40 digits", configure(ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1".repeat(40), "{\"fullname\":\"A\"}"), "longer than 32"),
                Arguments.of("configure extension id not digits", configure(ConfigEntity.EXTENSION, ConfigOperation.GET, "1000;x", null), "not a number"),
                Arguments.of("configure queue id of 40 digits", configure(ConfigEntity.QUEUE, ConfigOperation.DELETE, "6".repeat(40), null), "longer than 32"),
                Arguments.of("query extension id of 40 digits", query(QuerySubject.EXTENSION, "1".repeat(40), Map.of()), "longer than 32"),
                Arguments.of("channel of one space", call(CommandAction.HANGUP, null, " ", null), "needs leg_ref"),
                Arguments.of("channel with a leading space", call(CommandAction.HANGUP, null, " PJSIP/1000-0001", null), "control or separator"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidCommandsSayWhatToFix(String name, Command command, String reason) {
        assertThatThrownBy(() -> new UcmCommandMapper(Fixtures.tracker()).map(command))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining(reason);
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of("SMS", sms(), "no SMS"),
                Arguments.of("dial external→extension", dial(EndpointKind.EXTERNAL, "0301", EndpointKind.EXTENSION, "1000"), "has no UCM action"),
                Arguments.of("dial from a queue", dial(EndpointKind.QUEUE, "6500", EndpointKind.EXTERNAL, "0301"), "has no UCM action"),
                Arguments.of("dial auto answer", base(CommandAction.DIAL).setDial(DialAction.newBuilder()
                        .setFrom(ep(EndpointKind.EXTENSION, "1000")).setTo(ep(EndpointKind.EXTENSION, "1001")).setAutoAnswer(true)
                        .build()).build(), "auto-answer"),
                Arguments.of("attended transfer", base(CommandAction.TRANSFER).setTransfer(TransferAction.newBuilder()
                        .setCall(target(null, INTERNAL_A, null)).setTo(ep(EndpointKind.EXTENSION, "1005")).setAttended(true)
                        .build()).build(), "blind transfers"),
                Arguments.of("prompt to external", base(CommandAction.PLAY_PROMPT).setPlayPrompt(PlayPromptAction.newBuilder()
                        .setTo(ep(EndpointKind.EXTERNAL, "0301")).setPrompts(List.of("a")).build()).build(), "extension only"),
                Arguments.of("prompt repeat", base(CommandAction.PLAY_PROMPT).setPlayPrompt(PlayPromptAction.newBuilder()
                        .setTo(ep(EndpointKind.EXTENSION, "1000")).setPrompts(List.of("a")).setRepeat(2).build()).build(), "repeat"),
                Arguments.of("query ring groups", query(QuerySubject.RING_GROUPS, null, Map.of()), "VENDOR"),
                Arguments.of("query inbound calls", query(QuerySubject.INBOUND_CALLS, null, Map.of()), "ACTIVE_CALLS"),
                Arguments.of("create SIP account", configure(ConfigEntity.EXTENSION, ConfigOperation.CREATE, null, "{\"extension\":\"1100\"}"), "UPDATE, GET, LIST"),
                Arguments.of("delete user", configure(ConfigEntity.USER, ConfigOperation.DELETE, "1083", null), "no such action"),
                Arguments.of("ring group config", configure(ConfigEntity.RING_GROUP, ConfigOperation.LIST, null, null), "documents no actions"),
                Arguments.of("wake-up call config", configure(ConfigEntity.WAKEUP_CALL, ConfigOperation.LIST, null, null), "documents no actions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void unsupportedCommandsSayWhy(String name, Command command, String reason) {
        assertThatThrownBy(() -> new UcmCommandMapper(Fixtures.tracker()).map(command))
                .isInstanceOf(UnsupportedCommandException.class).hasMessageContaining(reason);
    }
}
