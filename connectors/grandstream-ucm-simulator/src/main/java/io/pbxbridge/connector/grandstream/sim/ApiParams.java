package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, validated access to the parameters of one {@code request} object. Missing mandatory parameters
 * answer -1 (invalid parameters), malformed values -15 (invalid value), as table 75 of seed 004 defines.
 * Values arrive as strings or numbers (the seed's examples send {@code "page":"1"}); both are accepted.
 */
final class ApiParams {
    private static final Pattern NUMBER = Pattern.compile("[0-9*#+]{1,32}");
    private final JsonObject request;

    ApiParams(JsonObject request) {
        this.request = request;
    }

    JsonObject raw() {
        return request;
    }

    boolean has(String name) {
        Object v = request.getValue(name);
        return v != null && !(v instanceof String s && s.isEmpty());
    }

    /** Present key, value may be empty (e.g. callbarge {@code mode} "" = listen only). */
    boolean hasKey(String name) {
        return request.containsKey(name);
    }

    String required(String name) {
        if (!has(name)) {
            throw UcmApiException.missing(name);
        }
        return text(name);
    }

    String optional(String name) {
        return has(name) ? text(name) : null;
    }

    private String text(String name) {
        Object v = request.getValue(name);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw UcmApiException.invalid(name, "expected a string");
    }

    String requiredOneOf(String name, Set<String> allowed) {
        String v = required(name);
        if (!allowed.contains(v)) {
            throw UcmApiException.invalid(name, "expected one of " + allowed);
        }
        return v;
    }

    String optionalOneOf(String name, Set<String> allowed) {
        String v = optional(name);
        if (v != null && !allowed.contains(v)) {
            throw UcmApiException.invalid(name, "expected one of " + allowed);
        }
        return v;
    }

    /** A dialable number: digits and * # +, at most 32 characters. */
    String requiredNumber(String name) {
        String v = required(name);
        if (!NUMBER.matcher(v).matches()) {
            throw UcmApiException.invalid(name, "not a dialable number");
        }
        return v;
    }

    String requiredMatching(String name, Pattern pattern, String what) {
        String v = required(name);
        if (!pattern.matcher(v).matches()) {
            throw UcmApiException.invalid(name, what);
        }
        return v;
    }

    void optionalMatching(String name, Pattern pattern, String what) {
        String v = optional(name);
        if (v != null && !pattern.matcher(v).matches()) {
            throw UcmApiException.invalid(name, what);
        }
    }

    Integer optionalInt(String name, int min, int max) {
        String v = optional(name);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw UcmApiException.invalid(name, "must be in [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw UcmApiException.invalid(name, "not an integer");
        }
    }

    /** Optional int that may also be the literal "null" (e.g. ring_timeout). */
    void optionalIntOrNull(String name, int min, int max) {
        String v = optional(name);
        if (v != null && !"null".equals(v)) {
            optionalInt(name, min, max);
        }
    }
}
