package io.pbxbridge.bridge.cli;

import io.pbxbridge.schema.topic.BridgeTopic;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns {@code call-events} or {@code pbx.call-events} into the wire name and the bridge topic it is. */
final class TopicArguments {
    private TopicArguments() {
    }

    /** @throws IllegalArgumentException naming the argument that is no bridge topic */
    static Map<String, BridgeTopic> resolve(List<String> arguments, String prefix) {
        Map<String, BridgeTopic> out = new LinkedHashMap<>();
        for (String argument : arguments) {
            BridgeTopic topic = bySuffix(argument)
                    .or(() -> argument.startsWith(prefix) ? bySuffix(argument.substring(prefix.length())) : Optional.empty())
                    .orElseThrow(() -> new IllegalArgumentException("'" + argument + "' is not a bridge topic (with prefix '"
                            + prefix + "'); known: " + Arrays.stream(BridgeTopic.values()).map(BridgeTopic::suffix)
                            .collect(Collectors.joining(", "))));
            out.put(topic.nameWith(prefix), topic);
        }
        return out;
    }

    private static Optional<BridgeTopic> bySuffix(String suffix) {
        return Arrays.stream(BridgeTopic.values()).filter(t -> t.suffix().equals(suffix)).findFirst();
    }
}
