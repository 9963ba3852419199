package io.pbxbridge.connector.spi.settings;

import io.pbxbridge.connector.spi.Durations;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How the text of a setting becomes a typed value. {@link #parse} throws {@link IllegalArgumentException}
 * with a message an operator understands ({@code 'eighty' is not a valid whole number}); the caller adds
 * the key.
 *
 * @param <T> the value's type
 */
public interface ValueType<T> {
    T parse(String text);

    /** How a value is written in the configuration reference, e.g. {@code 30s}. */
    default String format(T value) {
        return String.valueOf(value);
    }

    /** What a value of this type is, for "expected ..." messages: {@code whole number}. */
    default String describe() {
        return "single text value";
    }

    /** This type with one more rule: values failing {@code valid} are refused with {@code problem}. */
    default ValueType<T> and(Predicate<T> valid, Function<T, String> problem) {
        ValueType<T> base = this;
        return new ValueType<>() {
            @Override
            public T parse(String text) {
                T value = base.parse(text);
                if (!valid.test(value)) {
                    throw new IllegalArgumentException(problem.apply(value));
                }
                return value;
            }

            @Override
            public String format(T value) {
                return base.format(value);
            }

            @Override
            public String describe() {
                return base.describe();
            }
        };
    }

    /** A type from a parser and the inverse formatter (e.g. an enum with wire codes). */
    static <T> ValueType<T> of(Function<String, T> parser, Function<T, String> formatter) {
        return new ValueType<>() {
            @Override
            public T parse(String text) {
                return parser.apply(text);
            }

            @Override
            public String format(T value) {
                return formatter.apply(value);
            }
        };
    }

    /** Any text, trimmed. */
    static ValueType<String> text() {
        return String::trim;
    }

    /** Text that is not blank. */
    static ValueType<String> nonBlank() {
        return text().and(v -> !v.isEmpty(), v -> "must not be empty");
    }

    /** A whole number from {@code min} to {@code max}. */
    static ValueType<Integer> integer(int min, int max) {
        return new ValueType<>() {
            @Override
            public Integer parse(String text) {
                int value;
                try {
                    value = Integer.parseInt(text.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a valid whole number");
                }
                if (value < min || value > max) {
                    throw new IllegalArgumentException(max == Integer.MAX_VALUE
                            ? "must be at least " + min + ", got " + value
                            : "must be between " + min + " and " + max + ", got " + value);
                }
                return value;
            }

            @Override
            public String describe() {
                return "whole number";
            }
        };
    }

    /** {@code true} or {@code false} (any case). */
    static ValueType<Boolean> bool() {
        return new ValueType<>() {
            @Override
            public Boolean parse(String text) {
                return switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("'" + text + "' is not a valid boolean (true or false)");
                };
            }

            @Override
            public String describe() {
                return "boolean (true or false)";
            }
        };
    }

    /** A positive duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT5M}. */
    static ValueType<Duration> duration() {
        return durationFrom(Duration.ofMillis(1), "must be positive");
    }

    /** A duration of zero or more. */
    static ValueType<Duration> durationOrZero() {
        return durationFrom(Duration.ZERO, "must not be negative");
    }

    private static ValueType<Duration> durationFrom(Duration min, String tooSmall) {
        return new ValueType<>() {
            @Override
            public Duration parse(String text) {
                Duration d = Durations.parse(text);
                if (d.compareTo(min) < 0) {
                    throw new IllegalArgumentException(tooSmall);
                }
                return d;
            }

            @Override
            public String format(Duration value) {
                return Durations.format(value);
            }
        };
    }

    /** One of {@code choices} (any case); the value is the choice as declared. */
    static ValueType<String> oneOf(String... choices) {
        List<String> allowed = Arrays.asList(choices);
        return text -> allowed.stream().filter(c -> c.equalsIgnoreCase(text.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of "
                        + String.join(", ", allowed)));
    }

    /** Comma-separated items, trimmed, empty items dropped; at least one. */
    static ValueType<List<String>> commaList() {
        return new ValueType<>() {
            @Override
            public List<String> parse(String text) {
                List<String> items = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                if (items.isEmpty()) {
                    throw new IllegalArgumentException("must name at least one item (comma-separated)");
                }
                return items;
            }

            @Override
            public String format(List<String> value) {
                return String.join(",", value);
            }
        };
    }

    /** A file system path (not empty). */
    static ValueType<Path> path() {
        return text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            try {
                return Path.of(text.trim());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("'" + text + "' is not a valid path");
            }
        };
    }
}
