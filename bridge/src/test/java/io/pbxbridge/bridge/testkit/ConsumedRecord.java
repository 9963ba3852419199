package io.pbxbridge.bridge.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One record read back from Kafka by a {@link TestConsumer}; header values decoded as UTF-8. */
public record ConsumedRecord(String topic, int partition, long offset, String key, byte[] value,
                             Map<String, String> headers) {

    public String header(String name) {
        return headers.get(name);
    }

    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
