package io.pbxbridge.bridge.command;

import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ConfigureAction;
import io.pbxbridge.schema.Endpoint;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.MonitorAction;
import io.pbxbridge.schema.MonitorMode;
import io.pbxbridge.schema.PlayPromptAction;
import io.pbxbridge.schema.QueryAction;
import io.pbxbridge.schema.QuerySubject;
import io.pbxbridge.schema.SendSmsAction;
import io.pbxbridge.schema.TransferAction;
import io.pbxbridge.schema.VendorAction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandValidatorTest {
    static {
        io.pbxbridge.schema.codec.TrustedContractClasses.install();
    }

    private final CommandValidator validator = new CommandValidator();

    private static Command.Builder base(CommandAction action) {
        return Command.newBuilder().setCommandId("c-1").setPbxId("pbx-a").setIssuedAt(Instant.parse("2026-01-01T10:00:00Z"))
                .setAction(action);
    }

    private static Endpoint ep(EndpointKind kind, String number) {
        return Endpoint.newBuilder().setKind(kind).setNumber(number).build();
    }

    @Test
    void acceptsWellFormedCommandsOfEveryShape() {
        CallTarget call = CallTarget.newBuilder().setCallId("1700000000.12").setLegRef("inbound-7").build();
        List<Command> valid = List.of(
                TestCommands.dial("d", "pbx-a", "1000", "+49 30".replace(" ", "")),
                base(CommandAction.TRANSFER).setTransfer(TransferAction.newBuilder().setCall(call)
                        .setTo(ep(EndpointKind.QUEUE, "6700")).build()).build(),
                base(CommandAction.HANGUP).setCall(CallTarget.newBuilder().setExtension("1001").build()).build(),
                base(CommandAction.REFUSE_INBOUND).setCall(call).build(),
                base(CommandAction.MONITOR).setMonitor(MonitorAction.newBuilder().setMode(MonitorMode.BARGE)
                        .setMonitorExtension("1002").setCall(call).build()).build(),
                base(CommandAction.PLAY_PROMPT).setPlayPrompt(PlayPromptAction.newBuilder()
                        .setTo(ep(EndpointKind.EXTENSION, "1000")).setPrompts(List.of("welcome msg")).build()).build(),
                base(CommandAction.SEND_SMS).setSendSms(SendSmsAction.newBuilder().setTrunk("GSM 1")
                        .setNumber("+4917012345").setMessage("Hello\nworld").build()).build(),
                base(CommandAction.QUERY).setQuery(QueryAction.newBuilder().setSubject(QuerySubject.EXTENSION)
                        .setId("1000").setFilters(Map.of("status", "Registered")).build()).build(),
                base(CommandAction.CONFIGURE).setConfigure(ConfigureAction.newBuilder().setEntity(ConfigEntity.WAKEUP_CALL)
                        .setOperation(ConfigOperation.CREATE).setFieldsJson("{\"time\":\"07:00\"}").build()).build(),
                base(CommandAction.VENDOR).setVendor(VendorAction.newBuilder().setAction("extensionlist/query").build()).build());

        for (Command c : valid) {
            assertThat(validator.validate(c)).as(c.getAction().name()).isEmpty();
        }
    }

    @Test
    void namesEveryMissingRequiredField() {
        Command c = Command.newBuilder(base(CommandAction.DIAL).build()).setCommandId(" ").setPbxId("").build();

        assertThat(validator.validate(c)).contains("command_id: required", "pbx_id: required",
                "dial: required for action DIAL");
    }

    @Test
    void requiresAnActionAndOnlyItsRecord() {
        assertThat(validator.validate(base(CommandAction.UNKNOWN).build()))
                .singleElement().asString().startsWith("action: required");

        Command both = base(CommandAction.HANGUP).setCall(CallTarget.newBuilder().setExtension("1000").build())
                .setVendor(VendorAction.newBuilder().setAction("x").build()).build();
        assertThat(validator.validate(both)).containsExactly("vendor: must be absent for action HANGUP (only call is used)");
    }

    @Test
    void rejectsBadNumbers() {
        List<String> problems = validator.validate(TestCommands.dial("c", "pbx-a", "10a0", "+49\u000030"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("dial.from.number: '10a0' is not a number"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("dial.to.number: '+49\\u000030' is not a number"));

        assertThat(validator.validate(TestCommands.dial("c", "pbx-a", "1000", "1".repeat(33))))
                .containsExactly("dial.to.number: longer than 32 characters");
        assertThat(validator.validate(TestCommands.dial("c", "pbx-a", "1000", "12 34")))
                .singleElement().asString().startsWith("dial.to.number:");
        assertThat(validator.validate(TestCommands.dial("c", "pbx-a", "*78#", "+123"))).isEmpty();
    }

    @Test
    void rejectsControlAndSeparatorCharactersInNamesAndIds() {
        Command c = base(CommandAction.HANGUP).setCommandId("c\u2028x")
                .setCall(CallTarget.newBuilder().setCallId("abc\r\n").build()).build();
        assertThat(validator.validate(c)).containsExactlyInAnyOrder(
                "command_id: contains control or separator characters ('c\\u2028x')",
                "call.call_id: contains control or separator characters ('abc\\u000D\\u000A')");

        Command prompt = base(CommandAction.PLAY_PROMPT).setPlayPrompt(PlayPromptAction.newBuilder()
                .setTo(ep(EndpointKind.EXTENSION, "1000")).setPrompts(List.of("ok", "bad\u202Ename")).build()).build();
        assertThat(validator.validate(prompt)).containsExactly(
                "play_prompt.prompts[1]: contains control or separator characters ('bad\\u202Ename')");
    }

    @Test
    void requiresExpiryAfterIssue() {
        Command c = base(CommandAction.HANGUP).setCall(CallTarget.newBuilder().setExtension("1000").build())
                .setExpiresAt(Instant.parse("2026-01-01T09:59:59Z")).build();
        assertThat(validator.validate(c)).singleElement().asString().startsWith("expires_at: must be after issued_at");
    }

    @Test
    void checksActionDetails() {
        Command emptyTarget = base(CommandAction.HOLD).setCall(CallTarget.newBuilder().build()).build();
        assertThat(validator.validate(emptyTarget)).containsExactly("call: give call_id (with leg_ref) or extension");

        Command unknownKind = base(CommandAction.DIAL).setDial(io.pbxbridge.schema.DialAction.newBuilder()
                .setFrom(ep(EndpointKind.UNKNOWN, "1000")).setTo(ep(EndpointKind.EXTERNAL, "123")).build()).build();
        assertThat(validator.validate(unknownKind)).singleElement().asString().startsWith("dial.from.kind: required");

        Command badJson = base(CommandAction.CONFIGURE).setConfigure(ConfigureAction.newBuilder()
                .setEntity(ConfigEntity.QUEUE).setOperation(ConfigOperation.UPDATE).setFieldsJson("[1,2]").build()).build();
        assertThat(validator.validate(badJson)).containsExactly("configure.fields_json: must be a JSON object");

        Command noMode = base(CommandAction.MONITOR).setMonitor(MonitorAction.newBuilder()
                .setMonitorExtension("1002").setCall(CallTarget.newBuilder().setExtension("1000").build()).build()).build();
        assertThat(validator.validate(noMode)).singleElement().asString().startsWith("monitor.mode: required");

        Command sms = base(CommandAction.SEND_SMS).setSendSms(SendSmsAction.newBuilder().setTrunk("GSM1")
                .setNumber("123").setMessage("bell\u0007").build()).build();
        assertThat(validator.validate(sms)).singleElement().asString().startsWith("send_sms.message: contains control");
    }
}
