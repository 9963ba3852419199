package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.DialAction;
import io.pbxbridge.schema.Endpoint;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.MonitorAction;
import io.pbxbridge.schema.MonitorMode;
import io.pbxbridge.schema.PlayPromptAction;
import io.pbxbridge.schema.TransferAction;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pbxbridge.connector.grandstream.command.CommandFields.digits;
import static io.pbxbridge.connector.grandstream.command.CommandFields.number;
import static io.pbxbridge.connector.grandstream.command.CommandFields.present;

/**
 * Maps a vendor-neutral {@link Command} onto UCM630X / FCM630A {@code /api} actions (seed 004). Pure: no
 * I/O; the only state it reads is the {@link UcmCallTracker}, and only when a command names a call
 * without its channel. Queries, configuration and the pass-through are in {@link UcmQueryMapper},
 * {@link UcmConfigureMapper} and {@link VendorPassThrough}.
 */
public final class UcmCommandMapper {
    /** {@code PJSIP/1000-0000001a} → 1000: the extension behind an extension channel. */
    private static final Pattern EXTENSION_CHANNEL = Pattern.compile("^[A-Za-z]+/(\\d+)-[0-9a-fA-F]+$");
    private static final Pattern TRUNK_CHANNEL = Pattern.compile("^(?:[A-Za-z]+/trunk_\\d+-.*|DAHDI/.*)$");

    private final ChannelResolver channels;

    public UcmCommandMapper(UcmCallTracker tracker) {
        this.channels = new ChannelResolver(tracker);
    }

    /**
     * @throws InvalidCommandException     a field is missing or malformed, or the call cannot be resolved
     * @throws UnsupportedCommandException the UCM API has no action for the command
     */
    public UcmRequest map(Command command) {
        if (command == null || command.getAction() == null) {
            throw new InvalidCommandException("action is required");
        }
        CommandAction action = command.getAction();
        return switch (action) {
            case DIAL -> dial(require(command.getDial(), "dial", action));
            case HANGUP -> onChannel("Hangup", "call", command.getCall(), action, ChannelResolver.Pick.ANY);
            case HOLD -> onChannel("hold", "call", command.getCall(), action, ChannelResolver.Pick.EXTENSION);
            case RESUME -> onChannel("unhold", "call", command.getCall(), action, ChannelResolver.Pick.EXTENSION);
            case MUTE -> onChannel("mute", "call", command.getCall(), action, ChannelResolver.Pick.EXTENSION);
            case UNMUTE -> onChannel("unmute", "call", command.getCall(), action, ChannelResolver.Pick.EXTENSION);
            case ACCEPT_INBOUND -> onChannel("acceptCall", "call", command.getCall(), action, ChannelResolver.Pick.INBOUND);
            case REFUSE_INBOUND -> onChannel("refuseCall", "call", command.getCall(), action, ChannelResolver.Pick.INBOUND);
            case MONITOR -> monitor(require(command.getMonitor(), "monitor", action));
            case TRANSFER -> transfer(require(command.getTransfer(), "transfer", action));
            case PLAY_PROMPT -> playPrompt(require(command.getPlayPrompt(), "play_prompt", action));
            case SEND_SMS -> throw new UnsupportedCommandException("SEND_SMS: the UCM630X/FCM630A API (seed 004) has no SMS"
                    + " action; send SMS through a GSM gateway or a Yeastar PBX");
            case QUERY -> UcmQueryMapper.map(require(command.getQuery(), "query", action));
            case CONFIGURE -> UcmConfigureMapper.map(require(command.getConfigure(), "configure", action));
            case VENDOR -> VendorPassThrough.map(require(command.getVendor(), "vendor", action));
            default -> throw new UnsupportedCommandException("action " + action + " is not a known command");
        };
    }

    private static <T> T require(T part, String field, CommandAction action) {
        if (part == null) {
            throw new InvalidCommandException(field + " is required for action " + action);
        }
        return part;
    }

    // ------------------------------------------------------------------ dial

    private UcmRequest dial(DialAction dial) {
        Endpoint from = endpoint("dial.from", dial.getFrom());
        Endpoint to = endpoint("dial.to", dial.getTo());
        String a = number("dial.from.number", from.getNumber());
        String b = number("dial.to.number", to.getNumber());
        if (dial.getAutoAnswer()) {
            throw new UnsupportedCommandException("dial.auto_answer: the UCM dial actions have no auto-answer parameter;"
                    + " send auto_answer false (the first party's phone rings)");
        }
        if (present(dial.getViaExtension())) {
            throw new UnsupportedCommandException("dial.via_extension: the UCM dial actions take no permission extension;"
                    + " leave it null");
        }
        EndpointKind fk = from.getKind();
        EndpointKind tk = to.getKind();
        boolean fromExt = fk == EndpointKind.EXTENSION;
        boolean fromOut = fk == EndpointKind.EXTERNAL;
        if (fromExt && tk == EndpointKind.EXTENSION) {
            return UcmRequest.of("dialExtension", new JsonObject().put("caller", a).put("callee", b));
        }
        if (fromExt && tk == EndpointKind.EXTERNAL) {
            return UcmRequest.of("dialOutbound", new JsonObject().put("caller", a).put("outbound", b));
        }
        if (fromOut && tk == EndpointKind.EXTERNAL) {
            return UcmRequest.of("dialOutboundTwo", new JsonObject().put("outcaller", a).put("outcallee", b));
        }
        if (fromExt && tk == EndpointKind.IVR) {
            return UcmRequest.of("dialIVR", new JsonObject().put("caller", a).put("ivrnumber", digits("dial.to.number", b)));
        }
        if (fromOut && tk == EndpointKind.IVR) {
            return UcmRequest.of("dialIVROutbound", new JsonObject().put("outcaller", a).put("ivrnumber", digits("dial.to.number", b)));
        }
        if ((fromExt || fromOut) && tk == EndpointKind.QUEUE) {
            return UcmRequest.of("dialQueue", new JsonObject().put("outcaller", a).put("queue", digits("dial.to.number", b)));
        }
        if ((fromExt || fromOut) && tk == EndpointKind.RING_GROUP) {
            return UcmRequest.of("dialRinggroup", new JsonObject().put("outcaller", a).put("ringgroup", digits("dial.to.number", b)));
        }
        throw new UnsupportedCommandException("dial from " + fk + " to " + tk + " has no UCM action (supported:"
                + " extension→extension dialExtension, extension→external dialOutbound, external→external dialOutboundTwo,"
                + " extension/external→IVR dialIVR/dialIVROutbound, →queue dialQueue, →ring group dialRinggroup)");
    }

    // ------------------------------------------------------------- call control

    private UcmRequest onChannel(String ucmAction, String field, CallTarget target, CommandAction action,
                                 ChannelResolver.Pick pick) {
        require(target, field, action);
        return UcmRequest.of(ucmAction, new JsonObject().put("channel", channels.channel(field, target, pick)));
    }

    private UcmRequest monitor(MonitorAction monitor) {
        String supervisor = digits("monitor.monitor_extension", monitor.getMonitorExtension());
        MonitorMode mode = monitor.getMode() == null ? MonitorMode.UNKNOWN : monitor.getMode();
        // Seed table 29: mode empty = listen only, W = whisper to the monitored extension, B = barge in.
        String ucmMode = switch (mode) {
            case LISTEN -> "";
            case WHISPER -> "W";
            case BARGE -> "B";
            default -> throw new InvalidCommandException("monitor.mode must be LISTEN, WHISPER or BARGE");
        };
        CallTarget call = require(monitor.getCall(), "monitor.call", CommandAction.MONITOR);
        String channel = channels.channel("monitor.call", call, ChannelResolver.Pick.EXTENSION);
        String monitored = monitoredExtension(call, channel);
        if (monitored.equals(supervisor)) {
            throw new InvalidCommandException("monitor.monitor_extension " + supervisor + " cannot monitor its own call");
        }
        return UcmRequest.of("callbarge", new JsonObject().put("channel", channel).put("exten", supervisor)
                .put("mode", ucmMode).put("barge-exten", monitored));
    }

    /** barge-exten names the monitored extension (the seed's optional @0/@1 permission suffix is left to the PBX default). */
    private String monitoredExtension(CallTarget call, String channel) {
        if (present(call.getExtension())) {
            return digits("monitor.call.extension", call.getExtension());
        }
        Optional<String> tracked = channels.leg(call.getCallId(), channel).filter(UcmCallTracker.Leg::extension)
                .map(UcmCallTracker.Leg::number);
        if (tracked.isPresent() && tracked.get() != null) {
            return tracked.get();
        }
        Matcher m = EXTENSION_CHANNEL.matcher(channel);
        if (m.matches()) {
            return m.group(1);
        }
        throw new InvalidCommandException("monitor.call: cannot tell which extension channel " + channel
                + " belongs to; pass monitor.call.extension");
    }

    // ------------------------------------------------------------------ transfer

    private UcmRequest transfer(TransferAction transfer) {
        if (transfer.getAttended()) {
            throw new UnsupportedCommandException("transfer.attended: the UCM API has only blind transfers"
                    + " (callTransfer, transferNumberInbound, transferNumberOutbound)");
        }
        if (present(transfer.getViaExtension())) {
            throw new UnsupportedCommandException("transfer.via_extension: the UCM transfer actions take no permission"
                    + " extension; leave it null");
        }
        Endpoint to = endpoint("transfer.to", transfer.getTo());
        String target = number("transfer.to.number", to.getNumber());
        CallTarget call = require(transfer.getCall(), "transfer.call", CommandAction.TRANSFER);
        if (to.getKind() != EndpointKind.EXTERNAL) {
            // callTransfer: the channel that initiates the transfer leaves; its peer goes to the destination.
            String channel = channels.channel("transfer.call", call, ChannelResolver.Pick.EXTENSION);
            return UcmRequest.of("callTransfer", new JsonObject().put("channel", channel).put("extension", target));
        }
        Optional<UcmCallTracker.Leg> inboundLeg = channels.inboundLeg(call.getCallId());
        if (present(call.getLegRef())) {
            String ref = CommandFields.channel("transfer.call.leg_ref", call.getLegRef());
            boolean refIsInbound = channels.leg(call.getCallId(), ref).map(UcmCallTracker.Leg::inbound)
                    .orElseGet(() -> TRUNK_CHANNEL.matcher(ref).matches());
            if (refIsInbound) {
                return transferInbound(ref, target);
            }
            // An extension's leg_ref in an inbound call: the external caller is the one to move.
            return inboundLeg.map(l -> transferInbound(l.channel(), target)).orElseGet(() -> transferOutbound(ref, target));
        }
        if (inboundLeg.isPresent()) {
            return transferInbound(inboundLeg.get().channel(), target);
        }
        return transferOutbound(channels.channel("transfer.call", call, ChannelResolver.Pick.EXTENSION), target);
    }

    private static UcmRequest transferInbound(String trunkChannel, String target) {
        return UcmRequest.of("transferNumberInbound", new JsonObject().put("channel", trunkChannel).put("callee", target));
    }

    private static UcmRequest transferOutbound(String extensionChannel, String target) {
        return UcmRequest.of("transferNumberOutbound", new JsonObject().put("channel", extensionChannel).put("outbound", target));
    }

    // ------------------------------------------------------------------ prompts

    private static final List<String> PROMPT_TYPES = List.of("ivr", "name_voice", "moh");

    private UcmRequest playPrompt(PlayPromptAction prompt) {
        Endpoint to = endpoint("play_prompt.to", prompt.getTo());
        if (to.getKind() != EndpointKind.EXTENSION) {
            throw new UnsupportedCommandException("playPromptByOrg plays a prompt to an extension only, not to " + to.getKind());
        }
        if (prompt.getRepeat() != null || prompt.getVolume() != null || prompt.getAutoAnswer()
                || present(prompt.getViaExtension())) {
            throw new UnsupportedCommandException("play_prompt.repeat, volume, auto_answer and via_extension have no"
                    + " playPromptByOrg parameter; leave them unset");
        }
        List<String> prompts = prompt.getPrompts();
        if (prompts == null || prompts.size() != 1) {
            throw new InvalidCommandException("play_prompt.prompts must name exactly one prompt: \"file\" (type ivr),"
                    + " \"ivr:file\", \"name_voice:file\" or \"moh:file\"");
        }
        String spec = prompts.get(0) == null ? "" : prompts.get(0);
        String type = "ivr";
        String file = spec;
        int colon = spec.indexOf(':');
        if (colon > 0) {
            type = spec.substring(0, colon);
            file = spec.substring(colon + 1);
            if (!PROMPT_TYPES.contains(type)) {
                throw new InvalidCommandException("play_prompt.prompts[0]: type '" + type + "' must be ivr, name_voice or moh");
            }
        }
        return UcmRequest.of("playPromptByOrg", new JsonObject()
                .put("channel", digits("play_prompt.to.number", to.getNumber()))
                .put("type", type)
                .put("variable", CommandFields.name("play_prompt.prompts[0]", file)));
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
}
