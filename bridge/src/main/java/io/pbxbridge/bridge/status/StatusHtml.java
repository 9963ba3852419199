package io.pbxbridge.bridge.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link StatusSnapshot} as the status page. Every value is HTML-escaped; the page loads only
 * its own {@code status.css} and {@code status.js} (no CDN, no fonts), and reads without JavaScript too.
 * The script refreshes the sections by fetching this same page, so the markup lives only here.
 */
final class StatusHtml {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final StringBuilder out = new StringBuilder(16 * 1024);
    private final Instant now;

    private StatusHtml(Instant now) {
        this.now = now;
    }

    static String render(StatusSnapshot s) {
        return new StatusHtml(s.at()).page(s).toString();
    }

    private StatusHtml page(StatusSnapshot s) {
        out.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>pbx-bridge ").append(esc(s.instanceId())).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"status.css\"><script src=\"status.js\" defer></script>")
                .append("</head><body>\n<header><h1>pbx-bridge</h1><span class=\"meta\" id=\"meta\">instance <b>")
                .append(esc(s.instanceId())).append("</b> · version ").append(esc(s.version()))
                .append(" · rendered ").append(time(s.at())).append(" (").append(esc(s.timeZone())).append(")</span>")
                .append("<span id=\"conn\" class=\"conn\"></span></header>\n<main>\n");
        fleet(s);
        live(s);
        problems(s);
        out.append("</main>\n</body></html>\n");
        return this;
    }

    private void fleet(StatusSnapshot s) {
        StatusSnapshot.FleetPage p = s.page();
        out.append("<section id=\"fleet-section\"><h2>Fleet <small>PBXes this instance owns</small></h2>");
        summary(s);
        out.append("<form id=\"fleet-form\" method=\"get\" action=\"./\">")
                .append("<input id=\"fleet-filter\" name=\"q\" type=\"search\" placeholder=\"filter PBXes (id, vendor, model, state)\"")
                .append(" aria-label=\"filter PBXes\" value=\"").append(esc(p.query())).append("\">")
                .append("<select id=\"fleet-state\" name=\"state\" aria-label=\"session state\"><option value=\"\">any state</option>");
        for (String st : List.of("UP", "STARTING", "DOWN", "AUTH_FAILED", "LOCKED_OUT")) {
            out.append("<option").append(st.equalsIgnoreCase(p.state()) ? " selected" : "").append('>').append(st)
                    .append("</option>");
        }
        out.append("</select> <button type=\"submit\">Filter</button></form>\n");
        out.append("<table id=\"fleet\"><thead><tr><th>PBX</th><th>vendor</th><th>model</th><th>session</th>")
                .append("<th>since</th><th>last report</th>")
                .append("<th title=\"records on Kafka for this PBX in the last 60 s, whichever instance received them\">reports/min</th>")
                .append("<th title=\"command results for this PBX in the last 60 s\">commands/min</th>")
                .append("<th>last error</th></tr></thead>\n<tbody id=\"fleet-rows\">");
        if (s.fleet().isEmpty()) {
            out.append("<tr class=\"empty\"><td colspan=\"9\">").append(s.summary().owned() == 0
                    ? "this instance owns no PBX right now" : "no PBX matches the filter").append("</td></tr>");
        }
        for (StatusSnapshot.FleetRow r : s.fleet()) {
            out.append("<tr data-pbx=\"").append(esc(r.id())).append("\"><td class=\"id\">").append(esc(r.id()))
                    .append("</td><td>").append(esc(r.vendor())).append("</td><td>").append(dash(r.model()))
                    .append("</td><td><span class=\"state state-").append(esc(r.state().toLowerCase(Locale.ROOT)))
                    .append("\"").append(title(r.stateReason())).append(">").append(esc(r.state())).append("</span>");
            if (r.stateReason() != null && !"UP".equals(r.state())) {
                out.append(" <span class=\"reason\">").append(esc(r.stateReason())).append("</span>");
            }
            out.append("</td><td>").append(ago(r.stateSince())).append("</td><td>").append(ago(r.lastReportAt()))
                    .append("</td><td class=\"num\">").append(r.reportsPerMinute()).append("</td><td class=\"num\">")
                    .append(r.commandsPerMinute()).append("</td><td class=\"error\">");
            if (r.lastError() != null) {
                out.append(esc(r.lastError())).append(" <span class=\"when\">").append(ago(r.lastErrorAt())).append("</span>");
            } else {
                out.append("—");
            }
            out.append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
        pager(p);
        group(s);
        out.append("</section>\n");
    }

    /** The whole fleet in one line: how many owned here, by session state, and how many elsewhere. */
    private void summary(StatusSnapshot s) {
        StatusSnapshot.FleetSummary f = s.summary();
        out.append("<p class=\"note\" id=\"fleet-summary\">").append(f.owned()).append(" PBX")
                .append(f.owned() == 1 ? "" : "es").append(" owned here");
        if (!f.states().isEmpty()) {
            out.append(": ");
            String sep = "";
            for (var e : f.states().entrySet()) {
                out.append(sep).append("<span class=\"state state-").append(esc(e.getKey().toLowerCase(Locale.ROOT)))
                        .append("\">").append(esc(e.getKey())).append("</span> ").append(e.getValue());
                sep = " · ";
            }
        }
        if (f.elsewhere() > 0) {
            out.append("; ").append(f.elsewhere()).append(" configured here are owned by other instances");
        }
        out.append("</p>");
    }

    /** Page links, keeping the filter: the table never holds more than one page of a big fleet. */
    private void pager(StatusSnapshot.FleetPage p) {
        out.append("<p class=\"note\" id=\"fleet-pages\">");
        if (p.pages() > 1 || !p.query().isEmpty() || !p.state().isEmpty()) {
            out.append(p.matching()).append(" matching · page ").append(p.number()).append(" of ").append(p.pages());
            if (p.number() > 1) {
                out.append(" · <a id=\"page-prev\" href=\"").append(esc(pageLink(p, p.number() - 1))).append("\">previous</a>");
            }
            if (p.number() < p.pages()) {
                out.append(" · <a id=\"page-next\" href=\"").append(esc(pageLink(p, p.number() + 1))).append("\">next</a>");
            }
        }
        out.append("</p>\n");
    }

    private static String pageLink(StatusSnapshot.FleetPage p, int page) {
        StringBuilder link = new StringBuilder("?page=").append(page);
        if (!p.query().isEmpty()) {
            link.append("&q=").append(java.net.URLEncoder.encode(p.query(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (!p.state().isEmpty()) {
            link.append("&state=").append(java.net.URLEncoder.encode(p.state(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return link.toString();
    }

    private void group(StatusSnapshot s) {
        GroupView.Group g = s.group();
        out.append("<div id=\"group\"><h3>Instances of command group <code>").append(esc(g.groupId()))
                .append("</code></h3><p class=\"note\">From Kafka's assignment of the commands topic")
                .append(g.at() == null ? "" : " at " + time(g.at())).append("; PBXes named as this instance's ")
                .append("configuration knows them.</p>");
        if (g.error() != null) {
            out.append("<p class=\"error\">assignment unknown: ").append(esc(g.error())).append("</p>");
        } else {
            out.append("<table class=\"group\"><thead><tr><th>instance</th><th>host</th><th>partitions</th>")
                    .append("<th>PBXes</th></tr></thead><tbody>");
            for (GroupView.Member m : g.members()) {
                out.append("<tr").append(m.self() ? " class=\"self\"" : "").append("><td>").append(esc(m.instance()))
                        .append(m.self() ? " <small>(this one)</small>" : "").append("</td><td>").append(esc(m.host()))
                        .append("</td><td>").append(esc(join(m.partitions()))).append("</td><td>")
                        .append(m.pbxes().isEmpty() ? "—" : esc(String.join(", ", m.pbxes())))
                        .append(m.pbxCount() > m.pbxes().size() ? " … (" + m.pbxCount() + " in all)" : "")
                        .append("</td></tr>");
            }
            if (g.members().isEmpty()) {
                out.append("<tr class=\"empty\"><td colspan=\"4\">no members (group ").append(esc(g.state()))
                        .append(")</td></tr>");
            }
            out.append("</tbody></table>");
        }
        if (!s.ownedElsewhere().isEmpty()) {
            out.append("<p class=\"note\">Configured here but not owned by this instance: ")
                    .append(esc(String.join(", ", s.ownedElsewhere())));
            if (s.summary().elsewhere() > s.ownedElsewhere().size()) {
                out.append(" … (").append(s.summary().elsewhere()).append(" in all)");
            }
            out.append("</p>");
        }
        out.append("</div>\n");
    }

    private void live(StatusSnapshot s) {
        out.append("<section id=\"live-section\"><h2>Live traffic <small>newest records of the PBXes above, ")
                .append("as Kafka acknowledged them</small></h2><div class=\"controls\">")
                .append("<button id=\"pause\" type=\"button\">Pause</button>")
                .append("<select id=\"live-pbx\" aria-label=\"PBX\" title=\"the PBXes of the fleet page shown\">")
                .append("<option value=\"\">all PBXes</option>");
        for (StatusSnapshot.FleetRow r : s.fleet()) {
            out.append("<option>").append(esc(r.id())).append("</option>");
        }
        out.append("</select><select id=\"live-type\" aria-label=\"type\"><option value=\"\">all types</option>");
        for (String t : StatusFeed.TYPES) {
            out.append("<option>").append(esc(t)).append("</option>");
        }
        out.append("</select><span id=\"live-status\" class=\"note\"></span></div>\n<div id=\"live\" class=\"live\">");
        for (StatusFeed.LiveLine l : s.live()) {
            out.append("<div class=\"line t-").append(esc(l.type())).append(l.failure() ? " failure" : "")
                    .append("\" data-seq=\"").append(l.seq()).append("\" data-pbx=\"").append(esc(l.pbx()))
                    .append("\" data-type=\"").append(esc(l.type())).append("\">").append(esc(l.text())).append("</div>");
        }
        out.append("</div>\n<p class=\"note\" id=\"streams\">event streams open ").append(s.streams().open())
                .append(" of ").append(s.streams().max()).append(" · lines dropped for slow browsers ")
                .append(s.streams().droppedLines()).append("</p></section>\n");
    }

    private void problems(StatusSnapshot s) {
        out.append("<section id=\"problems\"><h2>Problems</h2><h3>Dead letters <small>(pbx.dlq, newest first)")
                .append("</small></h3><table id=\"dead-letters\"><thead><tr><th>time</th><th>PBX</th><th>source</th>")
                .append("<th>where</th><th>reason</th></tr></thead><tbody>");
        for (StatusFeed.DeadLetterEntry d : s.deadLetters()) {
            out.append("<tr><td>").append(time(d.at())).append("</td><td>").append(dash(d.pbx())).append("</td><td>")
                    .append(esc(d.source())).append("</td><td>").append(dash(d.where())).append("</td><td>")
                    .append(esc(d.reason())).append("</td></tr>");
        }
        if (s.deadLetters().isEmpty()) {
            out.append("<tr class=\"empty\"><td colspan=\"5\">none since this instance started</td></tr>");
        }
        out.append("</tbody></table>\n<h3>Failed commands <small>(pbx.command-results, newest first)</small></h3>")
                .append("<table id=\"failed-commands\"><thead><tr><th>time</th><th>PBX</th><th>command</th>")
                .append("<th>status</th><th>reason</th><th>latency</th><th>executed by</th></tr></thead><tbody>");
        for (StatusFeed.FailedCommand c : s.failedCommands()) {
            out.append("<tr><td>").append(time(c.at())).append("</td><td>").append(dash(c.pbx())).append("</td><td>")
                    .append(esc(c.commandId())).append(c.replayed() ? " <small>(replayed)</small>" : "")
                    .append("</td><td class=\"status\">").append(esc(c.status())).append("</td><td>")
                    .append(dash(c.reason()));
            if (c.vendorErrorCode() != null) {
                out.append(" <span class=\"when\">vendor code ").append(esc(c.vendorErrorCode())).append("</span>");
            }
            out.append("</td><td class=\"num\">").append(c.latencyMs()).append(" ms</td><td>")
                    .append(dash(c.executedBy())).append("</td></tr>");
        }
        if (s.failedCommands().isEmpty()) {
            out.append("<tr class=\"empty\"><td colspan=\"7\">none since this instance started</td></tr>");
        }
        out.append("</tbody></table></section>\n");
    }

    private String time(Instant at) {
        return at == null ? "—" : "<time datetime=\"" + at + "\">" + TIME.format(at) + "</time>";
    }

    /** "12 s ago", with the clock time as tooltip. */
    private String ago(Instant at) {
        if (at == null) {
            return "—";
        }
        long s = Math.max(0, Duration.between(at, now).getSeconds());
        String text = s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s < 172_800 ? s / 3600 + " h ago"
                : s / 86_400 + " d ago";
        return "<time datetime=\"" + at + "\" title=\"" + TIME.format(at) + "\">" + text + "</time>";
    }

    private static String title(String text) {
        return text == null ? "" : " title=\"" + esc(text) + "\"";
    }

    private static String dash(String text) {
        return text == null || text.isEmpty() ? "—" : esc(text);
    }

    private static String join(List<Integer> numbers) {
        return numbers.isEmpty() ? "—" : String.join(", ", numbers.stream().map(String::valueOf).toList());
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
