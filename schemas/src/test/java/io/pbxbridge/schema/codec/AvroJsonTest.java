package io.pbxbridge.schema.codec;

import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.DeadLetter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroJsonTest {

    @Test
    void rendersOneLineOfAvroJson() {
        String json = AvroJson.toJson(Examples.callEvent());

        assertThat(json).doesNotContain("\n").startsWith("{\"header\":{\"event_id\":");
        assertThat(json).contains("\"occurred_at\":{\"long\":1795684510000}")
                .contains("\"received_at\":1795684510342")
                .contains("\"type\":\"ANSWERED\"")
                .contains("\"sequence\":{\"int\":3}")
                // the raw payload, itself JSON, is one escaped string
                .contains("\"raw_payload\":\"{\\\"action\\\":\\\"ANSWER\\\"");
        assertThat(AvroJson.fromJson(json, CallEvent.class)).isEqualTo(Examples.callEvent());
    }

    @Test
    void rendersGenericRecordsTheSameWay() {
        byte[] bytes = new SingleObjectCodec().encode("pbx.dlq", Examples.deadLetter());
        GenericRecord generic = new SingleObjectCodec().decodeGeneric("pbx.dlq", bytes);

        assertThat(AvroJson.toJson(generic)).isEqualTo(AvroJson.toJson(Examples.deadLetter()))
                .contains("\"raw\":\"{\\\"action\\\":\\\"RING\\\",\\\"callid\\\":\"");
        assertThat(AvroJson.fromJson(AvroJson.toJson(generic), DeadLetter.getClassSchema())).isEqualTo(generic);
    }

    @Test
    void badJsonIsAClearError() {
        assertThatThrownBy(() -> AvroJson.fromJson("{\"call_id\":1}", CallEvent.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("not Avro JSON of io.pbxbridge.schema.CallEvent");
    }
}
