package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the parties of a report in document order, whatever the format: top-level (possibly
 * repeated) {@code ext/inbound/outbound} objects (v1.0.0, and some v1.1.0 reports such as
 * CallFailed), {@code call[]} elements (v1.1.0) and {@code members[]} elements (v2). An
 * {@code extid} array ({@code ["106","101"]}, OpenVox) is one party per element.
 *
 * <p>Fields of a party object that {@link Party} has no place for go to the report's attributes as
 * {@code party.<index>.<field>}. Roles are left UNKNOWN here; {@link PartyRoles} assigns them.
 */
final class PartyReader {
    static final Set<String> PARTY_KEYS = Set.of("ext", "inbound", "outbound");
    private static final Set<String> LIST_KEYS = Set.of("call", "members");

    private static final Set<String> EXT_FIELDS = Set.of("extid", "number", "channelid", "memberstatus", "callpath");
    private static final Set<String> TRUNK_FIELDS = Set.of("from", "to", "trunk", "trunkname", "inboundid",
            "outboundid", "channelid", "memberstatus", "callpath");

    private PartyReader() {
    }

    static List<Party> read(ReportContext ctx) {
        List<Party> parties = new ArrayList<>();
        for (Map.Entry<String, ReportValue> e : ctx.root.entries()) {
            String key = e.getKey();
            if (PARTY_KEYS.contains(key)) {
                ctx.use(key);
                addParty(ctx, key, e.getValue(), parties);
            } else if (LIST_KEYS.contains(key) && e.getValue() instanceof ReportArray list) {
                ctx.use(key);
                int pos = 0;
                for (ReportValue item : list.items()) {
                    readListItem(ctx, key + "." + pos++, item, parties);
                }
            }
        }
        return parties;
    }

    private static void readListItem(ReportContext ctx, String where, ReportValue item, List<Party> parties) {
        if (!(item instanceof ReportObject obj)) {
            ReportContext.flatten(where, item, ctx::putAttribute);
            return;
        }
        for (Map.Entry<String, ReportValue> e : obj.entries()) {
            if (PARTY_KEYS.contains(e.getKey())) {
                addParty(ctx, e.getKey(), e.getValue(), parties);
            } else {
                ReportContext.flatten(where + "." + e.getKey(), e.getValue(), ctx::putAttribute);
            }
        }
    }

    private static void addParty(ReportContext ctx, String kindRaw, ReportValue value, List<Party> parties) {
        if (!(value instanceof ReportObject obj)) {
            // "ext":"1000" — not seen in docs, but the meaning is unambiguous.
            if (value.text() != null && !value.text().isBlank()) {
                Party p = base(kindRaw);
                p.setNumber(value.text());
                p.setLegRef(kindRaw.equals("ext") ? value.text() : null);
                parties.add(p);
            }
            return;
        }
        if (kindRaw.equals("ext")) {
            List<String> numbers = extNumbers(obj);
            for (String number : numbers) {
                Party p = base(kindRaw);
                p.setNumber(number);
                // v2 commands address a leg by channelid; v1 commands address an extension leg by its extid.
                String channel = obj.nonBlank("channelid");
                p.setLegRef(channel != null ? channel : number);
                common(obj, p);
                copyExtras(ctx, obj, EXT_FIELDS, parties.size());
                parties.add(p);
            }
            return;
        }
        Party p = base(kindRaw);
        p.setFromNumber(obj.nonBlank("from"));
        p.setToNumber(obj.nonBlank("to"));
        p.setTrunk(obj.nonBlankOf("trunk", "trunkname"));
        // The external number is the far end: the caller for inbound, the dialled number for outbound.
        p.setNumber(kindRaw.equals("inbound") ? obj.nonBlank("from") : obj.nonBlank("to"));
        p.setLegRef(obj.nonBlankOf(kindRaw.equals("inbound") ? "inboundid" : "outboundid", "channelid"));
        common(obj, p);
        copyExtras(ctx, obj, TRUNK_FIELDS, parties.size());
        parties.add(p);
    }

    private static List<String> extNumbers(ReportObject obj) {
        List<String> numbers = new ArrayList<>();
        ReportValue id = obj.first("extid").or(() -> obj.first("number")).orElse(ReportScalar.NULL);
        if (id instanceof ReportArray arr) {
            for (ReportValue v : arr.items()) {
                if (v.text() != null && !v.text().isBlank()) {
                    numbers.add(v.text());
                }
            }
        } else if (id.text() != null && !id.text().isBlank()) {
            numbers.add(id.text());
        }
        if (numbers.isEmpty()) {
            numbers.add(null); // a party without a number is still a party (its channel may be known)
        }
        return numbers;
    }

    private static void common(ReportObject obj, Party p) {
        String status = obj.nonBlank("memberstatus");
        if (status != null) {
            p.setState(YeastarCodes.MemberStatusCode.map(status));
            p.setStateRaw(status);
        }
        p.setCallPath(obj.nonBlank("callpath"));
    }

    /**
     * A party with its role, kind and kind_raw; every other field is optional (null). Built without the
     * Avro builder, whose defaults cost more than the rest of the party: a field added to {@link Party}
     * without a default of null must be set here (the fixtures' encoding fails until it is).
     */
    static Party base(String kindRaw) {
        Party p = new Party();
        p.setRole(PartyRole.UNKNOWN);
        p.setKind(kindRaw.equals("ext") ? PartyKind.EXTENSION : PartyKind.EXTERNAL);
        p.setKindRaw(kindRaw);
        return p;
    }

    private static void copyExtras(ReportContext ctx, ReportObject obj, Set<String> known, int index) {
        for (Map.Entry<String, ReportValue> e : obj.entries()) {
            if (!known.contains(e.getKey())) {
                ReportContext.flatten("party." + index + "." + e.getKey(), e.getValue(), ctx::putAttribute);
            }
        }
    }
}
