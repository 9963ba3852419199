package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.DialAction;
import io.pbxbridge.schema.Endpoint;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.MonitorAction;
import io.pbxbridge.schema.PlayPromptAction;
import io.pbxbridge.schema.SendSmsAction;
import io.pbxbridge.schema.TransferAction;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static io.pbxbridge.connector.yeastar.command.CommandFields.number;
import static io.pbxbridge.connector.yeastar.command.CommandFields.present;

/**
 * Maps a vendor-neutral {@link Command} onto the Yeastar S-Series endpoint and JSON body for the
 * configured API version. Pure: no I/O; the only state it reads is the {@link CallTracker}, and only
 * when a command names a call without the vendor handle.
 *
 * <p>v1.0.0 and v1.1.0 share the v1 endpoints, which address legs by extension number, inboundid or
 * outboundid. v2.0.0 addresses legs by member {@code channelid} through {@code call/*}.
 * Queries and configuration are in {@link YeastarQueryMapper} and {@link YeastarConfigureMapper}.
 */
public final class YeastarCommandMapper {
    static final int MAX_SMS_LENGTH = 2000;

    private final YeastarApiVersion version;
    private final LegResolver legs;
    private final YeastarQueryMapper queries;
    private final YeastarConfigureMapper configuration;

    public YeastarCommandMapper(YeastarApiVersion version, CallTracker tracker) {
        this.version = version;
        this.legs = new LegResolver(tracker);
        this.queries = new YeastarQueryMapper(version);
        this.configuration = new YeastarConfigureMapper(version);
    }

    public YeastarApiVersion version() {
        return version;
    }

    /**
     * @throws InvalidCommandException     a field is missing or malformed, or the call cannot be resolved
     * @throws UnsupportedCommandException this API version has no endpoint for the command
     */
    public YeastarRequest map(Command command) {
        if (command == null || command.getAction() == null) {
            throw new InvalidCommandException("action is required");
        }
        CommandAction action = command.getAction();
        return switch (action) {
            case DIAL -> dial(require(command.getDial(), "dial", action));
            case HANGUP -> hangup(require(command.getCall(), "call", action));
            case HOLD -> extensionControl("call", command.getCall(), action, "hold", "call/hold");
            case RESUME -> extensionControl("call", command.getCall(), action, "unhold", "call/unhold");
            case MUTE -> extensionControl("call", command.getCall(), action, "mute", "call/mute");
            case UNMUTE -> extensionControl("call", command.getCall(), action, "unmute", "call/unmute");
            case MONITOR -> monitor(require(command.getMonitor(), "monitor", action));
            case ACCEPT_INBOUND -> inboundControl(require(command.getCall(), "call", action), "accept");
            case REFUSE_INBOUND -> inboundControl(require(command.getCall(), "call", action), "refuse");
            case TRANSFER -> transfer(require(command.getTransfer(), "transfer", action));
            case PLAY_PROMPT -> playPrompt(require(command.getPlayPrompt(), "play_prompt", action));
            case SEND_SMS -> sendSms(require(command.getSendSms(), "send_sms", action));
            case QUERY -> queries.map(require(command.getQuery(), "query", action));
            case CONFIGURE -> configuration.map(require(command.getConfigure(), "configure", action));
            case VENDOR -> VendorPassThrough.map(require(command.getVendor(), "vendor", action));
            default -> throw new UnsupportedCommandException("action " + action + " is not a known command");
        };
    }

    private boolean v2() {
        return version == YeastarApiVersion.V2_0_0;
    }

    private static <T> T require(T part, String field, CommandAction action) {
        if (part == null) {
            throw new InvalidCommandException(field + " is required for action " + action);
        }
        return part;
    }

    // ------------------------------------------------------------------ dial

    private YeastarRequest dial(DialAction dial) {
        Endpoint from = endpoint("dial.from", dial.getFrom());
        Endpoint to = endpoint("dial.to", dial.getTo());
        String fromNumber = number("dial.from.number", from.getNumber());
        String toNumber = number("dial.to.number", to.getNumber());
        String autoAnswer = yesNo(dial.getAutoAnswer());
        if (v2()) {
            JsonObject body = new JsonObject().put("caller", fromNumber).put("callee", toNumber).put("autoanswer", autoAnswer);
            if (present(dial.getViaExtension())) {
                body.put("dialpermission", number("dial.via_extension", dial.getViaExtension()));
            } else if (from.getKind() != EndpointKind.EXTENSION) {
                throw new InvalidCommandException("dial.via_extension is required when dial.from is not an extension"
                        + " (its permissions are used: call/dial dialpermission)");
            }
            return YeastarRequest.of("call/dial", body);
        }
        EndpointKind fk = from.getKind();
        EndpointKind tk = to.getKind();
        if (fk == EndpointKind.EXTENSION && tk == EndpointKind.EXTENSION) {
            return YeastarRequest.of("extension/dial_extension", new JsonObject()
                    .put("caller", fromNumber).put("callee", toNumber).put("autoanswer", autoAnswer));
        }
        if (fk == EndpointKind.EXTENSION && tk == EndpointKind.EXTERNAL) {
            return YeastarRequest.of("extension/dial_outbound", new JsonObject()
                    .put("extid", fromNumber).put("outto", toNumber).put("autoanswer", autoAnswer));
        }
        if (fk == EndpointKind.IVR && tk == EndpointKind.EXTENSION) {
            return YeastarRequest.of("ivr/dial_extension", new JsonObject()
                    .put("ivrid", fromNumber).put("extid", toNumber).put("autoanswer", autoAnswer));
        }
        if (tk == EndpointKind.EXTERNAL) {
            String fromExt = number("dial.via_extension", required(dial.getViaExtension(),
                    "dial.via_extension is required when dial.from is " + fk + " (that extension's outbound permission is used)"));
            return switch (fk) {
                case EXTERNAL -> YeastarRequest.of("outbound/dial_outbound", new JsonObject()
                        .put("caller", fromNumber).put("outto", toNumber).put("fromext", fromExt));
                case IVR -> YeastarRequest.of("ivr/dial_outbound", new JsonObject()
                        .put("ivrid", fromNumber).put("outto", toNumber).put("fromext", fromExt));
                case QUEUE -> YeastarRequest.of("queue/dial_outbound", new JsonObject()
                        .put("queueid", fromNumber).put("outto", toNumber).put("fromext", fromExt));
                case RING_GROUP -> YeastarRequest.of("ringgroup/dial_outbound", new JsonObject()
                        .put("ringgroupid", fromNumber).put("outto", toNumber).put("fromext", fromExt));
                default -> throw unsupportedDial(fk, tk);
            };
        }
        throw unsupportedDial(fk, tk);
    }

    private UnsupportedCommandException unsupportedDial(EndpointKind from, EndpointKind to) {
        return new UnsupportedCommandException("dial from " + from + " to " + to + " has no endpoint in Yeastar API v"
                + version.wire() + " (v1 supports extension→extension, extension→external, external→external call-back,"
                + " IVR→extension and IVR/queue/ring group→external)");
    }

    // ------------------------------------------------------------- call control

    private YeastarRequest hangup(CallTarget target) {
        if (v2()) {
            return YeastarRequest.of("call/hangup", channelBody(legs.channel("call", target, LegResolver.Pick.ANY_TRUNK_FIRST)));
        }
        boolean namesExtension = present(target.getExtension())
                || present(target.getLegRef()) && !target.getLegRef().contains(".");
        if (namesExtension) {
            return YeastarRequest.of("extension/hangup", new JsonObject().put("extid", legs.extension("call", target)));
        }
        if (!present(target.getLegRef()) && present(target.getCallId())) {
            // A call id alone: end it from its external side when it has one, else through an extension.
            Optional<TrackedLeg> trunk = legs.knownTrunkLeg("call", target.getCallId());
            if (trunk.isPresent()) {
                return trunkHangup(trunk.get());
            }
            return YeastarRequest.of("extension/hangup", new JsonObject()
                    .put("extid", legs.anyExtension("call", target.getCallId())));
        }
        return trunkHangup(legs.trunkLeg("call", target, false));
    }

    private static YeastarRequest trunkHangup(TrackedLeg leg) {
        return leg.kind() == TrackedLeg.Kind.INBOUND
                ? YeastarRequest.of("inbound/hangup", new JsonObject().put("inboundid", leg.legRef()))
                : YeastarRequest.of("outbound/hangup", new JsonObject().put("outboundid", leg.legRef()));
    }

    private YeastarRequest extensionControl(String field, CallTarget target, CommandAction action, String v1Verb, String v2Endpoint) {
        require(target, field, action);
        if (v2()) {
            return YeastarRequest.of(v2Endpoint, channelBody(legs.channel(field, target, LegResolver.Pick.EXTENSION)));
        }
        return YeastarRequest.of("extension/" + v1Verb, new JsonObject().put("extid", legs.extension(field, target)));
    }

    private YeastarRequest inboundControl(CallTarget target, String verb) {
        if (v2()) {
            return YeastarRequest.of("call/" + verb + "_inbound", channelBody(legs.channel("call", target, LegResolver.Pick.INBOUND)));
        }
        TrackedLeg leg = legs.trunkLeg("call", target, true);
        return YeastarRequest.of("inbound/" + verb, new JsonObject().put("inboundid", leg.legRef()));
    }

    private YeastarRequest monitor(MonitorAction monitor) {
        if (v2()) {
            throw new UnsupportedCommandException("monitor (listen/whisper/barge) has no documented endpoint in Yeastar"
                    + " API v2.0.0; use a vendor command with the endpoint your firmware documents");
        }
        String supervisor = number("monitor.monitor_extension", monitor.getMonitorExtension());
        String monitored = legs.extension("monitor.call", monitor.getCall());
        return switch (monitor.getMode() == null ? io.pbxbridge.schema.MonitorMode.UNKNOWN : monitor.getMode()) {
            case LISTEN -> YeastarRequest.of("extension/listen", new JsonObject()
                    .put("listener", supervisor).put("listenedext", monitored));
            case WHISPER -> YeastarRequest.of("extension/whisper", new JsonObject()
                    .put("whisperer", supervisor).put("whisperedext", monitored));
            case BARGE -> YeastarRequest.of("extension/barge", new JsonObject()
                    .put("bargein", supervisor).put("bargedext", monitored));
            default -> throw new InvalidCommandException("monitor.mode must be LISTEN, WHISPER or BARGE");
        };
    }

    // ------------------------------------------------------------------ transfer

    private YeastarRequest transfer(TransferAction transfer) {
        Endpoint to = endpoint("transfer.to", transfer.getTo());
        String target = number("transfer.to.number", to.getNumber());
        if (v2()) {
            String channel = legs.channel("transfer.call", transfer.getCall(), LegResolver.Pick.TRUNK_FIRST);
            if (transfer.getAttended()) {
                return YeastarRequest.of("call/attended_transfer", new JsonObject()
                        .put("channelid", channel).put("tonumber", target));
            }
            JsonObject body = new JsonObject().put("channelid", channel).put("number", target);
            if (present(transfer.getViaExtension())) {
                body.put("dialpermission", number("transfer.via_extension", transfer.getViaExtension()));
            }
            return YeastarRequest.of("call/transfer", body);
        }
        if (transfer.getAttended()) {
            throw new UnsupportedCommandException("attended transfer needs Yeastar API v2.0.0 (call/attended_transfer);"
                    + " v" + version.wire() + " only has blind transfers");
        }
        TrackedLeg leg = legs.trunkLeg("transfer.call", transfer.getCall(), false);
        boolean inbound = leg.kind() == TrackedLeg.Kind.INBOUND;
        String prefix = inbound ? "inbound/" : "outbound/";
        JsonObject body = new JsonObject().put(inbound ? "inboundid" : "outboundid", leg.legRef());
        EndpointKind kind = to.getKind();
        switch (kind) {
            case EXTENSION -> body.put("extid", target);
            case IVR -> body.put("ivrid", target);
            case QUEUE -> body.put("queueid", target);
            case RING_GROUP -> body.put("ringgroupid", target);
            case EXTERNAL -> body.put("outto", target).put("fromext", number("transfer.via_extension",
                    required(transfer.getViaExtension(), "transfer.via_extension is required to transfer to an"
                            + " external number (that extension's outbound permission is used)")));
            default -> throw new InvalidCommandException("transfer.to.kind must be EXTENSION, EXTERNAL, IVR, QUEUE or RING_GROUP");
        }
        if (!inbound && (kind == EndpointKind.QUEUE || kind == EndpointKind.RING_GROUP)) {
            throw new UnsupportedCommandException("Yeastar API v" + version.wire() + " cannot transfer an outbound call to a "
                    + kind + " (only to an extension, an IVR or an external number)");
        }
        String suffix = switch (kind) {
            case EXTENSION -> "transfer_extension";
            case IVR -> "transfer_ivr";
            case QUEUE -> "transfer_queue";
            case RING_GROUP -> "transfer_ringgroup";
            default -> "transfer_outbound";
        };
        return YeastarRequest.of(prefix + suffix, body);
    }

    // ------------------------------------------------------------ prompts and SMS

    private YeastarRequest playPrompt(PlayPromptAction prompt) {
        Endpoint to = endpoint("play_prompt.to", prompt.getTo());
        String target = number("play_prompt.to.number", to.getNumber());
        String prompts = prompts(prompt.getPrompts());
        String autoAnswer = yesNo(prompt.getAutoAnswer());
        if (v2()) {
            JsonObject body = new JsonObject().put("number", target).put("prompt", prompts);
            if (prompt.getRepeat() != null) {
                body.put("count", String.valueOf(range("play_prompt.repeat", prompt.getRepeat(), 1, 100)));
            }
            body.put("autoanswer", autoAnswer);
            if (prompt.getVolume() != null) {
                body.put("volume", String.valueOf(range("play_prompt.volume", prompt.getVolume(), -20, 20)));
            }
            if (present(prompt.getViaExtension())) {
                body.put("dialpermission", number("play_prompt.via_extension", prompt.getViaExtension()));
            }
            return YeastarRequest.of("call/playprompt", body);
        }
        if (prompt.getRepeat() != null || prompt.getVolume() != null) {
            throw new UnsupportedCommandException("play_prompt.repeat and play_prompt.volume need Yeastar API v2.0.0"
                    + " (call/playprompt count/volume)");
        }
        return switch (to.getKind()) {
            case EXTENSION -> YeastarRequest.of("extension/playprompt", new JsonObject()
                    .put("extid", target).put("prompt", prompts).put("autoanswer", autoAnswer));
            case EXTERNAL -> YeastarRequest.of("outbound/playprompt", new JsonObject()
                    .put("outto", target).put("prompt", prompts).put("fromext", number("play_prompt.via_extension",
                            required(prompt.getViaExtension(), "play_prompt.via_extension is required to play a prompt"
                                    + " to an external number (that extension's outbound permission is used)"))));
            default -> throw new UnsupportedCommandException("Yeastar API v" + version.wire()
                    + " plays prompts to an extension or an external number only, not to " + to.getKind());
        };
    }

    private static String prompts(List<String> prompts) {
        if (prompts == null || prompts.isEmpty()) {
            throw new InvalidCommandException("play_prompt.prompts needs at least one prompt name");
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < prompts.size(); i++) {
            String name = CommandFields.name("play_prompt.prompts[" + i + "]", prompts.get(i));
            if (name.contains("+") || name.contains(",")) {
                throw new InvalidCommandException("play_prompt.prompts[" + i + "]: '" + name
                        + "' must not contain + or , (Yeastar joins prompts with +)");
            }
            joined.append(i == 0 ? "" : "+").append(name);
        }
        return joined.toString();
    }

    private YeastarRequest sendSms(SendSmsAction sms) {
        String trunk = CommandFields.name("send_sms.trunk", sms.getTrunk());
        String phone = number("send_sms.number", sms.getNumber());
        String message = sms.getMessage();
        if (message == null || message.isEmpty()) {
            throw new InvalidCommandException("send_sms.message is required");
        }
        if (message.codePointCount(0, message.length()) > MAX_SMS_LENGTH) {
            throw new InvalidCommandException("send_sms.message is longer than " + MAX_SMS_LENGTH + " characters");
        }
        if (message.codePoints().anyMatch(cp -> cp > 0xFFFF)) {
            throw new InvalidCommandException("send_sms.message contains an emoji or other character outside the"
                    + " Basic Multilingual Plane, which Yeastar cannot send");
        }
        // Yeastar wants the text URL-encoded (UTF-8); %20 rather than + so any URL decoder restores spaces.
        String encoded = URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20");
        return YeastarRequest.of("sms/send", new JsonObject()
                .put("trunk", trunk).put("phonenumber", phone).put("message", encoded));
    }

    // ------------------------------------------------------------------ helpers

    private static Endpoint endpoint(String field, Endpoint endpoint) {
        if (endpoint == null) {
            throw new InvalidCommandException(field + " is required");
        }
        if (endpoint.getKind() == null || endpoint.getKind() == EndpointKind.UNKNOWN) {
            throw new InvalidCommandException(field + ".kind must be EXTENSION, EXTERNAL, IVR, QUEUE or RING_GROUP");
        }
        return endpoint;
    }

    private static String required(String value, String message) {
        if (!present(value)) {
            throw new InvalidCommandException(message);
        }
        return value;
    }

    private static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidCommandException(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    private static String yesNo(boolean flag) {
        return flag ? "yes" : "no";
    }

    private static JsonObject channelBody(String channel) {
        return new JsonObject().put("channelid", channel);
    }
}
