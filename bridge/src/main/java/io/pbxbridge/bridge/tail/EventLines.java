package io.pbxbridge.bridge.tail;

import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.TrunkStatus;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/** One readable line per bridge record: time, PBX, type, call and parties (for the demo and {@code tail --text}). */
public final class EventLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private EventLines() {
    }

    public static String format(SpecificRecord record) {
        if (record instanceof CallEvent e) {
            return line(e.getHeader().getReceivedAt(), e.getHeader().getPbxId(), "call " + slug(e.getType()),
                    "call=" + e.getCallId() + "  " + parties(e) + optional("reason", e.getReason())
                            + optional("digits", e.getDigits()));
        }
        if (record instanceof CallRecord r) {
            return line(r.getHeader().getReceivedAt(), r.getHeader().getPbxId(), "cdr",
                    "call=" + r.getCallId() + "  " + r.getCaller() + " -> " + r.getCallee() + "  " + slug(r.getDirection())
                            + " " + slug(r.getDisposition()) + "  talk=" + r.getTalkSeconds() + "s");
        }
        if (record instanceof ExtensionStatus s) {
            return line(s.getHeader().getReceivedAt(), s.getHeader().getPbxId(), "extension",
                    s.getExtension() + " " + slug(s.getStatus()) + " (" + s.getStatusRaw() + ")");
        }
        if (record instanceof TrunkStatus s) {
            return line(s.getHeader().getReceivedAt(), s.getHeader().getPbxId(), "trunk",
                    s.getTrunk() + " " + slug(s.getStatus()) + " (" + s.getStatusRaw() + ")");
        }
        if (record instanceof PbxEvent e) {
            return line(e.getHeader().getReceivedAt(), e.getHeader().getPbxId(), "system " + slug(e.getType()),
                    e.getReason() == null ? e.getTypeRaw() : e.getReason());
        }
        if (record instanceof CommandResult r) {
            return line(r.getCompletedAt(), r.getPbxId(), "result " + slug(r.getStatus()),
                    "command=" + r.getCommandId() + optional("call", r.getCallId()) + optional("reason", r.getReason())
                            + "  " + r.getLatencyMs() + " ms");
        }
        if (record instanceof DeadLetter d) {
            return line(d.getReceivedAt(), d.getPbxId(), "dead-letter", d.getReason());
        }
        return record.getSchema().getName() + " " + record;
    }

    private static String parties(CallEvent e) {
        return e.getParties().stream().map(EventLines::party).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String party(Party p) {
        StringBuilder b = new StringBuilder(slug(p.getRole())).append(' ').append(slug(p.getKind()));
        if (p.getNumber() != null) {
            b.append(' ').append(p.getNumber());
        }
        if (p.getTrunk() != null) {
            b.append(" via ").append(p.getTrunk());
        }
        return b.toString();
    }

    /** {@code HH:mm:ss  pbx(14) type(26) detail}; built by hand, as String.format cost the status page's tail most of its time. */
    private static String line(Instant at, String pbx, String type, String detail) {
        StringBuilder b = new StringBuilder(128);
        b.append(at == null ? "--:--:--" : TIME.format(at)).append("  ");
        padded(b, String.valueOf(pbx), 14).append(' ');
        padded(b, type, 26).append(' ');
        return b.append(detail).toString();
    }

    private static StringBuilder padded(StringBuilder b, String text, int width) {
        b.append(text);
        for (int i = text.length(); i < width; i++) {
            b.append(' ');
        }
        return b;
    }

    private static String optional(String name, Object value) {
        return value == null ? "" : "  " + name + "=" + value;
    }

    private static String slug(Enum<?> e) {
        return e == null ? "?" : e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
