package io.pbxbridge.connector.yeastar.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.json.PlainJson;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a Yeastar report body into a {@link ReportObject}. It uses Jackson's streaming parser
 * because the v1.0.0 format repeats keys ({@code "ext":{..},"ext":{..}}), which a tree model would
 * collapse to the last one, losing a party. Everything else is strict JSON.
 */
public final class LenientReportReader {

    /**
     * A report nests three levels at most (report → party list → party). Deeper input is not a report,
     * and walking a tree hundreds of levels deep (toJson, the mappers) would exhaust the stack.
     */
    static final int MAX_NESTING_DEPTH = 32;
    /** Deeper input goes to Jackson, whose bound (and error) applies. */
    private static final int PLAIN_DEPTH = 16;

    // Duplicate detection stays off (the default): repeated keys are the point. Raw control characters
    // inside strings (a tab typed into a display name) are accepted rather than losing the report.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    private LenientReportReader() {
    }

    public static ReportObject read(byte[] body) throws MalformedReportException {
        // Most bodies are plain JSON: read in one pass; anything else (and every error) is Jackson's.
        if (body != null && PlainJson.readObject(body, PlainReportTree.INSTANCE, PLAIN_DEPTH) instanceof ReportObject plain) {
            return plain;
        }
        return readWithJackson(body);
    }

    /** {@link #read} without the plain path: every body is Jackson's (the reference the plain path is tested against). */
    static ReportObject readWithJackson(byte[] body) throws MalformedReportException {
        if (body == null || body.length == 0) {
            throw new MalformedReportException("empty report body");
        }
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedReportException("blank report body");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedReportException("report is not a JSON object (starts with " + describe(first) + ")");
            }
            ReportObject root = readObject(parser);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new MalformedReportException("unexpected content after the report object at "
                        + location(parser));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedReportException("report is not valid JSON: " + e.getOriginalMessage()
                    + " at " + location(e), e);
        } catch (IOException e) {
            throw new MalformedReportException("report could not be read: " + e.getMessage(), e);
        }
    }

    private static ReportValue readValue(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> readArray(p);
            case VALUE_STRING -> new ReportScalar(p.getText(), true);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> new ReportScalar(p.getText(), false);
            case VALUE_NULL -> ReportScalar.NULL;
            default -> throw new JsonParseException(p, "unexpected token " + token);
        };
    }

    private static ReportObject readObject(JsonParser p) throws IOException {
        List<Map.Entry<String, ReportValue>> entries = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            ReportValue value = readValue(p, p.nextToken());
            entries.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "unterminated object");
        }
        return new ReportObject(entries);
    }

    private static ReportArray readArray(JsonParser p) throws IOException {
        List<ReportValue> items = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonParseException(p, "unterminated array");
            }
            items.add(readValue(p, t));
        }
        return new ReportArray(items);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static String location(JsonParser p) {
        return "offset " + p.currentLocation().getCharOffset();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "unknown offset"
                : "line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
    }
}
