package io.pbxbridge.bridge.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ConfigureAction;
import io.pbxbridge.schema.DialAction;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a decoded command before anything touches a PBX. Returns readable problems, each starting
 * with the field path (e.g. {@code dial.to.number: ...}); an empty list means valid.
 *
 * <p>Rules: command_id, pbx_id, issued_at and action are required; the action record matching
 * {@code action} must be present and no other; numbers are 1-32 characters of digits, {@code +},
 * {@code *} and {@code #}; names (ids, trunks, prompts, call and leg refs) must not contain control,
 * format or line/paragraph separator characters (spaces are allowed: PBX objects have names like
 * "Sales IVR"); {@code expires_at} must be after {@code issued_at}; JSON parameters must be objects.
 * Values are echoed in problems with control characters escaped, so a result never carries them.
 */
public final class CommandValidator {
    public static final int MAX_NUMBER_LENGTH = io.pbxbridge.connector.spi.command.CommandFieldRules.MAX_NUMBER_LENGTH;
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_NAME_LENGTH = 256;
    public static final int MAX_SMS_LENGTH = 1600;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record field each action uses (HANGUP, HOLD ... use {@code call}). */
    private static final Map<CommandAction, String> ACTION_FIELD = new LinkedHashMap<>();

    static {
        ACTION_FIELD.put(CommandAction.DIAL, "dial");
        ACTION_FIELD.put(CommandAction.TRANSFER, "transfer");
        for (CommandAction a : List.of(CommandAction.HANGUP, CommandAction.HOLD, CommandAction.RESUME,
                CommandAction.MUTE, CommandAction.UNMUTE, CommandAction.ACCEPT_INBOUND, CommandAction.REFUSE_INBOUND)) {
            ACTION_FIELD.put(a, "call");
        }
        ACTION_FIELD.put(CommandAction.MONITOR, "monitor");
        ACTION_FIELD.put(CommandAction.PLAY_PROMPT, "play_prompt");
        ACTION_FIELD.put(CommandAction.SEND_SMS, "send_sms");
        ACTION_FIELD.put(CommandAction.QUERY, "query");
        ACTION_FIELD.put(CommandAction.CONFIGURE, "configure");
        ACTION_FIELD.put(CommandAction.VENDOR, "vendor");
    }

    public List<String> validate(Command command) {
        List<String> problems = new ArrayList<>();
        if (command == null) {
            problems.add("command: missing");
            return problems;
        }
        id(problems, "command_id", str(command.getCommandId()));
        id(problems, "pbx_id", str(command.getPbxId()));
        if (command.getIssuedAt() == null) {
            problems.add("issued_at: required");
        } else if (command.getExpiresAt() != null && !command.getExpiresAt().isAfter(command.getIssuedAt())) {
            problems.add("expires_at: must be after issued_at (" + command.getIssuedAt() + "), was "
                    + command.getExpiresAt());
        }
        CommandAction action = command.getAction();
        if (action == null || action == CommandAction.UNKNOWN) {
            problems.add("action: required (one of " + ACTION_FIELD.keySet() + ")");
            return problems;
        }
        String expected = ACTION_FIELD.get(action);
        Map<String, Object> present = actionRecords(command);
        if (present.get(expected) == null) {
            problems.add(expected + ": required for action " + action);
        }
        present.forEach((field, value) -> {
            if (value != null && !field.equals(expected)) {
                problems.add(field + ": must be absent for action " + action + " (only " + expected + " is used)");
            }
        });
        Object record = present.get(expected);
        if (record != null) {
            if (record instanceof DialAction d) {
                dial(problems, d);
            } else if (record instanceof TransferAction t) {
                transfer(problems, t);
            } else if (record instanceof CallTarget c) {
                callTarget(problems, "call", c);
            } else if (record instanceof MonitorAction m) {
                monitor(problems, m);
            } else if (record instanceof PlayPromptAction pp) {
                playPrompt(problems, pp);
            } else if (record instanceof SendSmsAction s) {
                sms(problems, s);
            } else if (record instanceof QueryAction q) {
                query(problems, q);
            } else if (record instanceof ConfigureAction c) {
                configure(problems, c);
            } else if (record instanceof VendorAction v) {
                vendor(problems, v);
            }
        }
        return problems;
    }

    private static Map<String, Object> actionRecords(Command c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dial", c.getDial());
        m.put("transfer", c.getTransfer());
        m.put("call", c.getCall());
        m.put("monitor", c.getMonitor());
        m.put("play_prompt", c.getPlayPrompt());
        m.put("send_sms", c.getSendSms());
        m.put("query", c.getQuery());
        m.put("configure", c.getConfigure());
        m.put("vendor", c.getVendor());
        return m;
    }

    private void dial(List<String> p, DialAction d) {
        endpoint(p, "dial.from", d.getFrom());
        endpoint(p, "dial.to", d.getTo());
        optionalNumber(p, "dial.via_extension", str(d.getViaExtension()));
    }

    private void transfer(List<String> p, TransferAction t) {
        callTarget(p, "transfer.call", t.getCall());
        endpoint(p, "transfer.to", t.getTo());
        optionalNumber(p, "transfer.via_extension", str(t.getViaExtension()));
    }

    private void monitor(List<String> p, MonitorAction m) {
        if (m.getMode() == null || m.getMode() == MonitorMode.UNKNOWN) {
            p.add("monitor.mode: required (LISTEN, WHISPER or BARGE)");
        }
        number(p, "monitor.monitor_extension", str(m.getMonitorExtension()));
        callTarget(p, "monitor.call", m.getCall());
    }

    private void playPrompt(List<String> p, PlayPromptAction a) {
        endpoint(p, "play_prompt.to", a.getTo());
        optionalNumber(p, "play_prompt.via_extension", str(a.getViaExtension()));
        if (a.getPrompts() == null || a.getPrompts().isEmpty()) {
            p.add("play_prompt.prompts: at least one prompt required");
        } else {
            for (int i = 0; i < a.getPrompts().size(); i++) {
                name(p, "play_prompt.prompts[" + i + "]", str(a.getPrompts().get(i)), true);
            }
        }
        if (a.getRepeat() != null && a.getRepeat() < 0) {
            p.add("play_prompt.repeat: must be >= 0, was " + a.getRepeat());
        }
    }

    private void sms(List<String> p, SendSmsAction s) {
        name(p, "send_sms.trunk", str(s.getTrunk()), true);
        number(p, "send_sms.number", str(s.getNumber()));
        String message = str(s.getMessage());
        if (message == null || message.isEmpty()) {
            p.add("send_sms.message: required");
        } else if (message.length() > MAX_SMS_LENGTH) {
            p.add("send_sms.message: longer than " + MAX_SMS_LENGTH + " characters");
        } else if (message.codePoints().anyMatch(cp -> cp != '\n' && cp != '\r' && cp != '\t' && forbidden(cp))) {
            p.add("send_sms.message: contains control characters other than line breaks and tabs");
        }
    }

    private void query(List<String> p, QueryAction q) {
        if (q.getSubject() == null || q.getSubject() == QuerySubject.UNKNOWN) {
            p.add("query.subject: required");
        }
        name(p, "query.id", str(q.getId()), false);
        if (q.getFilters() != null) {
            q.getFilters().forEach((k, v) -> {
                name(p, "query.filters key", str(k), true);
                name(p, "query.filters[" + safe(str(k)) + "]", str(v), false);
            });
        }
    }

    private void configure(List<String> p, ConfigureAction c) {
        if (c.getEntity() == null || c.getEntity() == io.pbxbridge.schema.ConfigEntity.UNKNOWN) {
            p.add("configure.entity: required");
        }
        ConfigOperation op = c.getOperation();
        if (op == null || op == ConfigOperation.UNKNOWN) {
            p.add("configure.operation: required");
        }
        name(p, "configure.id", str(c.getId()), false);
        if ((op == ConfigOperation.CREATE || op == ConfigOperation.UPDATE) && c.getFieldsJson() == null) {
            p.add("configure.fields_json: required for " + op);
        }
        jsonObject(p, "configure.fields_json", str(c.getFieldsJson()));
    }

    private void vendor(List<String> p, VendorAction v) {
        name(p, "vendor.action", str(v.getAction()), true);
        jsonObject(p, "vendor.parameters_json", str(v.getParametersJson()));
    }

    private void endpoint(List<String> p, String field, Endpoint e) {
        if (e == null) {
            p.add(field + ": required");
            return;
        }
        if (e.getKind() == null || e.getKind() == EndpointKind.UNKNOWN) {
            p.add(field + ".kind: required (EXTENSION, EXTERNAL, IVR, QUEUE or RING_GROUP)");
        }
        number(p, field + ".number", str(e.getNumber()));
    }

    private void callTarget(List<String> p, String field, CallTarget t) {
        if (t == null) {
            p.add(field + ": required");
            return;
        }
        if (t.getCallId() == null && t.getLegRef() == null && t.getExtension() == null) {
            p.add(field + ": give call_id (with leg_ref) or extension");
        }
        name(p, field + ".call_id", str(t.getCallId()), false);
        name(p, field + ".leg_ref", str(t.getLegRef()), false);
        optionalNumber(p, field + ".extension", str(t.getExtension()));
    }

    private void id(List<String> p, String field, String value) {
        if (value == null || value.isBlank()) {
            p.add(field + ": required");
        } else if (value.length() > MAX_ID_LENGTH) {
            p.add(field + ": longer than " + MAX_ID_LENGTH + " characters");
        } else if (value.codePoints().anyMatch(CommandValidator::forbidden)) {
            p.add(field + ": contains control or separator characters ('" + safe(value) + "')");
        }
    }

    private void optionalNumber(List<String> p, String field, String value) {
        if (value != null) {
            number(p, field, value);
        }
    }

    private void number(List<String> p, String field, String value) {
        if (value == null || value.isEmpty()) {
            p.add(field + ": required");
        } else if (value.length() > MAX_NUMBER_LENGTH) {
            p.add(field + ": longer than " + MAX_NUMBER_LENGTH + " characters");
        } else if (!value.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '+' || c == '*' || c == '#')) {
            p.add(field + ": '" + safe(value) + "' is not a number (digits, '+', '*' and '#' only)");
        }
    }

    private void name(List<String> p, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                p.add(field + ": required");
            }
        } else if (value.length() > MAX_NAME_LENGTH) {
            p.add(field + ": longer than " + MAX_NAME_LENGTH + " characters");
        } else if (value.codePoints().anyMatch(CommandValidator::forbidden)) {
            p.add(field + ": contains control or separator characters ('" + safe(value) + "')");
        }
    }

    private void jsonObject(List<String> p, String field, String json) {
        if (json == null) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                p.add(field + ": must be a JSON object");
            }
        } catch (JsonProcessingException e) {
            p.add(field + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** Control (Cc), format (Cf, e.g. bidi overrides) and line/paragraph separators (Zl, Zp). */
    static boolean forbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** The value with forbidden characters escaped as \\uXXXX and cut to 40 characters. */
    static String safe(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        value.codePoints().limit(40).forEach(cp -> {
            if (forbidden(cp)) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return value.length() > 40 ? sb + "..." : sb.toString();
    }

    private static String str(CharSequence s) {
        return s == null ? null : s.toString();
    }
}
