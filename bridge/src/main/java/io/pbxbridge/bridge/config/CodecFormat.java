package io.pbxbridge.bridge.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Framing of record values on the wire (see ARCHITECTURE.md, "Wire format"). */
public enum CodecFormat {
    /** Avro single-object encoding; schemas published to the compacted schemas topic. */
    SINGLE_OBJECT("single-object"),
    /** Confluent framing ({@code 0x00} + schema id) with a Confluent-compatible schema registry. */
    CONFLUENT("confluent");

    private final String code;

    CodecFormat(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static CodecFormat fromCode(String code) {
        String c = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        for (CodecFormat f : values()) {
            if (f.code.equals(c)) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + code + "' is not one of "
                + Arrays.stream(values()).map(CodecFormat::code).collect(Collectors.joining(", ")));
    }
}
