package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * getSystemStatus, getSystemGeneralStatus, cdrapi and queueapi. cdrapi and queueapi answer their own
 * bodies as seed 004 shows ("consistent with former cdrapi interface"): JSON {@code {"cdr_root":[…]}}
 * without a status wrapper, XML by default for queueapi, CSV by default for cdrapi.
 */
final class SystemActions {
    private static final Set<String> STAT_TYPES = Set.of("overview", "calldetail", "loginhistory", "pausedhistory");

    private final UcmSimulatorOptions options;
    private final SimConfig config;
    private final CdrStore cdrs;
    private volatile Instant bootTime = Instant.now();

    SystemActions(UcmSimulatorOptions options, SimConfig config, CdrStore cdrs) {
        this.options = options;
        this.config = config;
        this.cdrs = cdrs;
    }

    void rebooted() {
        bootTime = Instant.now();
    }

    void register(Map<String, ApiAction> a) {
        a.put("getSystemStatus", p -> {
            Duration up = Duration.between(bootTime, Instant.now());
            return ApiReply.of(new JsonObject()
                    .put("idle-time", hms(up.multipliedBy(9).dividedBy(10)))
                    .put("part-number", "9660002815A")
                    .put("serial-number", options.serialNumber())
                    .put("system-time", SimClock.format(Instant.now()) + " UTC+00:00")
                    .put("up-time", hms(up)));
        });
        a.put("getSystemGeneralStatus", p -> ApiReply.of(new JsonObject()
                .put("base-version", "1.0.20.13").put("boot-version", "1.0.20.8").put("core-version", "1.0.20.8")
                .put("lang-version", "1.0.20.13").put("product-model", options.model().productModel())
                .put("prog-version", "1.0.20.13").put("rcvr-version", "1.0.20.8")));
        a.put("cdrapi", this::cdrapi);
        a.put("queueapi", this::queueapi);
    }

    private ApiReply cdrapi(ApiParams p) {
        CdrQuery q = CdrQuery.parse(p);
        JsonArray rows = cdrs.query(q);
        String format = p.required("format");
        return switch (format) {
            case "json" -> ApiReply.raw(new JsonObject().put("cdr_root", rows).encode(), "application/json;charset=UTF-8");
            case "xml" -> ApiReply.raw(xml("root", "cdr", rows), "text/xml;charset=UTF-8");
            default -> ApiReply.raw(csv(rows), "text/csv;charset=UTF-8");
        };
    }

    private ApiReply queueapi(ApiParams p) {
        String format = p.optionalOneOf("format", Set.of("csv", "xml", "json"));
        String startText = p.required("startTime");
        LocalDate start = date("startTime", startText);
        String endText = p.optional("endTime");
        LocalDate end = endText == null ? LocalDate.now(ZoneOffset.UTC) : date("endTime", endText);
        p.optionalOneOf("statisticsType", STAT_TYPES);
        String queue = p.optional("queue");
        if (queue != null && !queue.equals("*")) {
            config.queues.get(queue);
        }
        String agent = p.optional("agent");
        Instant from = start.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = end.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Map<String, long[]> perQueue = new LinkedHashMap<>();   // total, answered, talk
        Map<String, long[]> perAgent = new LinkedHashMap<>();
        for (CdrStore.Cdr c : cdrs.all()) {
            JsonObject j = c.json();
            if (!"QUEUE".equals(j.getString("action_type")) || c.start().isBefore(from) || !c.start().isBefore(to)) {
                continue;
            }
            String qn = j.getString("dst");
            if (queue != null && !queue.equals("*") && !queue.equals(qn)) {
                continue;
            }
            boolean answered = "ANSWERED".equals(j.getString("disposition"));
            long talk = Long.parseLong(j.getString("billsec"));
            long[] qs = perQueue.computeIfAbsent(qn, k -> new long[3]);
            qs[0]++;
            if (answered) {
                qs[1]++;
                qs[2] += talk;
                String ag = j.getString("dstanswer");
                if (agent == null || agent.equals("*") || agent.equals(ag)) {
                    long[] as = perAgent.computeIfAbsent(ag, k -> new long[3]);
                    as[0]++;
                    as[1]++;
                    as[2] += talk;
                }
            }
        }
        long total = perQueue.values().stream().mapToLong(v -> v[0]).sum();
        long answered = perQueue.values().stream().mapToLong(v -> v[1]).sum();
        long talk = perQueue.values().stream().mapToLong(v -> v[2]).sum();
        JsonObject totals = new JsonObject().put("queuechairman", "admin").put("total_calls", total)
                .put("abandoned_rate", rate(total - answered, total)).put("avg_wait", 0)
                .put("avg_talk", answered == 0 ? 0 : talk / answered).put("vq_total_calls", 0);
        JsonArray queues = new JsonArray();
        perQueue.forEach((k, v) -> queues.add(new JsonObject().put("queuechairman", "admin").put("queue", k)
                .put("total_calls", v[0]).put("answered_calls", v[1]).put("abandoned_rate", rate(v[0] - v[1], v[0]))
                .put("avg_talk", v[1] == 0 ? 0 : v[2] / v[1])));
        JsonArray agents = new JsonArray();
        perAgent.forEach((k, v) -> agents.add(new JsonObject().put("queuechairman", "admin").put("agent", k)
                .put("total_calls", v[0]).put("answered_calls", v[1]).put("answered_rate", rate(v[1], v[0]))
                .put("avg_talk", v[1] == 0 ? 0 : v[2] / v[1])));
        if ("json".equals(format)) {
            return ApiReply.raw(new JsonObject().put("root_statistics", new JsonObject().put("total", totals)
                    .put("queue", queues).put("agent", agents)).encode(), "application/json;charset=UTF-8");
        }
        if ("csv".equals(format)) {
            return ApiReply.raw(csv(queues), "text/csv;charset=UTF-8");
        }
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<root_statistics>\n");
        element(x, "total", totals);
        queues.forEach(q -> element(x, "queue", (JsonObject) q));
        agents.forEach(g -> element(x, "agent", (JsonObject) g));
        return ApiReply.raw(x.append("</root_statistics>\n").toString(), "text/xml;charset=UTF-8");
    }

    private static LocalDate date(String name, String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw UcmApiException.invalid(name, "expected YYYY-MM-DD");
        }
    }

    private static double rate(long part, long total) {
        return total == 0 ? 0.0 : Math.round(part * 1000.0 / total) / 10.0;
    }

    private static String hms(Duration d) {
        long s = d.toSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private static String csv(JsonArray rows) {
        if (rows.isEmpty()) {
            return "";
        }
        List<String> cols = List.copyOf(rows.getJsonObject(0).fieldNames());
        StringBuilder sb = new StringBuilder(String.join(",", cols)).append('\n');
        for (Object o : rows) {
            JsonObject r = (JsonObject) o;
            StringBuilder line = new StringBuilder();
            for (String c : cols) {
                String v = String.valueOf(r.getValue(c, ""));
                line.append(line.isEmpty() ? "" : ",").append('"').append(v.replace("\"", "\"\"")).append('"');
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static String xml(String root, String item, JsonArray rows) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<").append(root).append(">\n");
        rows.forEach(r -> element(x, item, (JsonObject) r));
        return x.append("</").append(root).append(">\n").toString();
    }

    private static void element(StringBuilder x, String name, JsonObject fields) {
        x.append('<').append(name).append(">\n");
        fields.forEach(e -> x.append("  <").append(e.getKey()).append('>')
                .append(escape(String.valueOf(e.getValue() == null ? "" : e.getValue())))
                .append("</").append(e.getKey()).append(">\n"));
        x.append("</").append(name).append(">\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
