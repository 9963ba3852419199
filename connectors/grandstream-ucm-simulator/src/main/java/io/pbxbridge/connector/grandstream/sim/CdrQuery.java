package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonArray;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filters of {@code cdrapi} (seed 004, table 70): {@code caller}/{@code callee}/{@code answeredby}
 * number patterns (comma lists; "5302-5304" ranges; '@' any digits, '_' one character), {@code startTime}/
 * {@code endTime} (date, date-time or with a zone) applied to the call start or, with
 * {@code timeFilterType=End} (the seed spells it "tineFilterType"; both accepted), to its end,
 * {@code minDur}/{@code maxDur}, {@code callerName}, {@code offset} and {@code numRecords} (0..1000).
 */
record CdrQuery(List<Pattern> caller, List<Pattern> callee, List<Pattern> answeredBy, Instant from, Instant to,
                boolean byEnd, Integer minDur, Integer maxDur, String callerName, int offset, int numRecords) {

    private static final Set<String> FORMATS = Set.of("csv", "xml", "json");

    static CdrQuery parse(ApiParams p) {
        String format = p.required("format");
        if (!FORMATS.contains(format)) {
            throw UcmApiException.invalid("format", "csv, xml or json");
        }
        Integer num = p.optionalInt("numRecords", 0, 1000);
        Integer offset = p.optionalInt("offset", 0, Integer.MAX_VALUE);
        String filterType = p.optional("timeFilterType") != null ? p.optional("timeFilterType") : p.optional("tineFilterType");
        if (filterType != null && !filterType.equalsIgnoreCase("start") && !filterType.equalsIgnoreCase("end")) {
            throw UcmApiException.invalid("timeFilterType", "Start or End");
        }
        return new CdrQuery(patterns(p, "caller"), patterns(p, "callee"), patterns(p, "answeredby"),
                time(p, "startTime", false), time(p, "endTime", true), "end".equalsIgnoreCase(filterType),
                p.optionalInt("minDur", 0, Integer.MAX_VALUE), p.optionalInt("maxDur", 0, Integer.MAX_VALUE),
                p.optional("callerName"), offset == null ? 0 : offset, num == null ? 1000 : num);
    }

    boolean matches(CdrStore.Cdr c) {
        var j = c.json();
        if (!any(caller, j.getString("src")) || !any(callee, j.getString("dst")) || !any(answeredBy, j.getString("dstanswer"))) {
            return false;
        }
        Instant t = byEnd ? c.end() : c.start();
        Instant tSec = t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if ((from != null && tSec.isBefore(from)) || (to != null && tSec.isAfter(to))) {
            return false;
        }
        int dur = Integer.parseInt(j.getString("duration"));
        if ((minDur != null && dur < minDur) || (maxDur != null && dur > maxDur)) {
            return false;
        }
        return callerName == null || callerName.equals(j.getString("caller_name"));
    }

    private static boolean any(List<Pattern> patterns, String value) {
        if (patterns.isEmpty()) {
            return true;
        }
        String v = value == null ? "" : value;
        return patterns.stream().anyMatch(p -> p.matcher(v).matches());
    }

    private static List<Pattern> patterns(ApiParams p, String name) {
        if (!p.has(name)) {
            return List.of();
        }
        List<String> raw = new ArrayList<>();
        Object v = p.raw().getValue(name);
        if (v instanceof JsonArray a) {
            a.forEach(x -> raw.add(String.valueOf(x)));
        } else {
            raw.add(p.required(name));
        }
        List<Pattern> out = new ArrayList<>();
        for (String list : raw) {
            for (String item : list.split(",")) {
                String s = item.trim();
                if (!s.isEmpty()) {
                    out.add(pattern(s));
                }
            }
        }
        return out;
    }

    private static Pattern pattern(String s) {
        if (s.equals("0-0")) {
            return Pattern.compile("|.*\\D.*");   // "0-0 matches all non-numeric string and null string"
        }
        if (s.contains("@") || s.contains("_")) {
            StringBuilder re = new StringBuilder();
            for (char ch : s.toCharArray()) {
                re.append(ch == '@' ? "\\d*" : ch == '_' ? "." : Pattern.quote(String.valueOf(ch)));
            }
            return Pattern.compile(re.toString());
        }
        if (s.matches("\\d+-\\d+")) {
            String[] r = s.split("-");
            long lo = Long.parseLong(r[0]);
            long hi = Long.parseLong(r[1]);
            return new RangePattern(lo, hi).pattern();
        }
        return Pattern.compile(Pattern.quote(s));
    }

    /** A numeric range as a pattern: small ranges enumerate, the seed's examples are small. */
    private record RangePattern(long lo, long hi) {
        Pattern pattern() {
            if (hi < lo || hi - lo > 10_000) {
                throw UcmApiException.invalid("caller", "range too large or reversed");
            }
            StringBuilder re = new StringBuilder();
            for (long n = lo; n <= hi; n++) {
                re.append(re.isEmpty() ? "" : "|").append(n);
            }
            return Pattern.compile(re.toString());
        }
    }

    private static Instant time(ApiParams p, String name, boolean endOfRange) {
        String s = p.optional(name);
        if (s == null) {
            return null;
        }
        String v = s.trim().replace("%2B", "+").replace(' ', 'T');
        try {
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate d = LocalDate.parse(v);
                return endOfRange ? d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1)
                        : d.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (v.matches(".*([+-]\\d{2}:\\d{2}|Z)$")) {
                return OffsetDateTime.parse(v.matches(".*T\\d{2}:\\d{2}([+-].*|Z)$") ? v.replaceFirst("(T\\d{2}:\\d{2})", "$1:00") : v).toInstant();
            }
            String full = v.matches(".*T\\d{2}:\\d{2}$") ? v + ":00" : v;
            return LocalDateTime.parse(full).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw UcmApiException.invalid(name, "expected YYYY-MM-DD[THH:MM[:SS[.SSS]]][zone]");
        }
    }
}
