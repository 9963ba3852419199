package io.pbxbridge.bridge.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metric selectors of a PromQL expression: each metric name with the label matchers written in its
 * braces. A small scanner, enough for the expressions of our dashboard and rules: it skips string
 * literals, range/subquery brackets, numbers and durations, function and aggregation names (an
 * identifier followed by {@code (}), keywords, and the label lists of {@code by}, {@code without},
 * {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} — so a label named like a
 * metric ({@code pbx_id}) is never taken for one. Grafana's {@code $variables} count as text.
 */
final class PromQlSelectors {
    /** One selector: the metric and, per matched label, the matcher's value (as written, unquoted). */
    record Selector(String metric, Map<String, String> matchers) {
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan",
            "by", "without", "on", "ignoring", "group_left", "group_right", "atan2");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private final String text;
    private int at;

    private PromQlSelectors(String text) {
        this.text = text;
    }

    static List<Selector> of(String expr) {
        return new PromQlSelectors(expr).scan();
    }

    private List<Selector> scan() {
        List<Selector> out = new ArrayList<>();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"' || c == '\'' || c == '`') {
                string();
            } else if (c == '[') {
                skipPast(']');
            } else if (c == '{') { // a selector without a name ({__name__=...}): not used by our files
                throw new IllegalArgumentException("selector without a metric name at " + at + " in: " + text);
            } else if (Character.isDigit(c) || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
                while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                    at++;
                }
            } else if (c == '$') { // a Grafana variable outside a string, e.g. [$__rate_interval] (skipped above)
                at++;
                identifier();
            } else if (isIdentifierStart(c)) {
                String word = identifier();
                int next = skipSpaces(at);
                if (LABEL_LIST_KEYWORDS.contains(word)) {
                    if (next < text.length() && text.charAt(next) == '(') {
                        at = next;
                        skipPast(')');
                    }
                } else if (KEYWORDS.contains(word) || (next < text.length() && text.charAt(next) == '(')
                        || startsLabelList(next)) {
                    // a keyword, a function name, or an aggregation (`sum (…)`, `sum by (…) (…)`)
                } else {
                    Map<String, String> matchers = new LinkedHashMap<>();
                    if (next < text.length() && text.charAt(next) == '{') {
                        at = next + 1;
                        matchers(matchers);
                    }
                    out.add(new Selector(word, matchers));
                }
            } else {
                at++;
            }
        }
        return out;
    }

    /** Whether {@code by (} or {@code without (} starts at {@code from}: the word before is an aggregation. */
    private boolean startsLabelList(int from) {
        for (String keyword : List.of("by", "without")) {
            if (text.startsWith(keyword, from)) {
                int after = skipSpaces(from + keyword.length());
                if (after < text.length() && text.charAt(after) == '(') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reads {@code label op "value", ...}} up to and past the closing brace. */
    private void matchers(Map<String, String> into) {
        while (true) {
            at = skipSpaces(at);
            if (at >= text.length()) {
                throw new IllegalArgumentException("unclosed { in: " + text);
            }
            char c = text.charAt(at);
            if (c == '}') {
                at++;
                return;
            }
            if (c == ',') {
                at++;
                continue;
            }
            String label = identifier();
            if (label.isEmpty()) {
                throw new IllegalArgumentException("expected a label name at " + at + " in: " + text);
            }
            at = skipSpaces(at);
            while (at < text.length() && "=!~".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            at = skipSpaces(at);
            into.put(label, string());
        }
    }

    private String string() {
        char quote = text.charAt(at);
        StringBuilder value = new StringBuilder();
        at++;
        while (at < text.length() && text.charAt(at) != quote) {
            if (text.charAt(at) == '\\' && quote != '`') {
                at++;
            }
            value.append(text.charAt(at));
            at++;
        }
        at++;
        return value.toString();
    }

    private String identifier() {
        int start = at;
        while (at < text.length() && (isIdentifierStart(text.charAt(at)) || Character.isDigit(text.charAt(at)))) {
            at++;
        }
        return text.substring(start, at);
    }

    private void skipPast(char close) {
        while (at < text.length() && text.charAt(at) != close) {
            at++;
        }
        at++;
    }

    private int skipSpaces(int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }
}
