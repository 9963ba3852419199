package io.pbxbridge.schema.contract;

import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.codec.SchemaCatalog;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The naming and evolution conventions of the contract, checked over every schema reachable from the top level. */
class SchemaConventionsTest {
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    /** Enums that normalize a vendor value: every field of these types keeps the raw value in {@code <name>_raw}. */
    private static final Set<String> NORMALIZED_VENDOR_ENUMS = Set.of("CallEventType", "ExtensionState",
            "TrunkState", "CallDirection", "CallDisposition", "PbxEventType", "LegState");
    /** ConfigOperation is normalized from the vendor in events, but a plain request value in commands. */
    private static final Set<String> NORMALIZED_IN_EVENTS = Set.of("ConfigOperation");

    @Test
    void fieldNamesAreSnakeCase() {
        assertThat(snakeCaseViolations(SchemaCatalog.CURRENT_TOP_LEVEL)).as("fields not in snake_case").isEmpty();
    }

    @Test
    void everyEnumHasUnknownAsItsDefault() {
        assertThat(allNamedTypes(Schema.Type.ENUM)).containsKeys("Vendor", "CallEventType", "CommandStatus", "QuerySubject");
        assertThat(enumViolations(SchemaCatalog.CURRENT_TOP_LEVEL)).isEmpty();
    }

    @Test
    void theNamingAndEnumRulesCatchViolations() {
        Schema broken = new Schema.Parser().parse("""
                {"type":"record","name":"Broken","namespace":"test","fields":[
                  {"name":"callId","type":"string"},
                  {"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
                  {"name":"shade","type":{"type":"enum","name":"Shade","symbols":["DARK","UNKNOWN"],"default":"DARK"}}
                ]}""");

        assertThat(snakeCaseViolations(List.of(broken))).containsExactly("Broken.callId");
        assertThat(enumViolations(List.of(broken))).containsExactly(
                "Color has no UNKNOWN symbol", "Shade default is DARK, not UNKNOWN");
    }

    private static List<String> snakeCaseViolations(List<Schema> tops) {
        List<String> violations = new ArrayList<>();
        for (Schema record : allNamedTypes(tops, Schema.Type.RECORD).values()) {
            for (Schema.Field field : record.getFields()) {
                if (!SNAKE_CASE.matcher(field.name()).matches()) {
                    violations.add(record.getName() + "." + field.name());
                }
            }
        }
        return violations;
    }

    private static List<String> enumViolations(List<Schema> tops) {
        List<String> violations = new ArrayList<>();
        for (Schema enumType : allNamedTypes(tops, Schema.Type.ENUM).values()) {
            if (!enumType.hasEnumSymbol("UNKNOWN")) {
                violations.add(enumType.getName() + " has no UNKNOWN symbol");
            } else if (!"UNKNOWN".equals(enumType.getEnumDefault())) {
                violations.add(enumType.getName() + " default is " + enumType.getEnumDefault() + ", not UNKNOWN");
            }
        }
        return violations;
    }

    @Test
    void everyNormalizedVendorEnumKeepsTheRawValueBesideIt() {
        List<String> checked = new ArrayList<>();
        List<String> violations = rawSiblingViolations(SchemaCatalog.CURRENT_TOP_LEVEL, checked);
        assertThat(checked).as("the rule covers the known normalized fields").contains(
                "CallEvent.type", "Party.state", "CallRecord.direction", "CallRecord.disposition",
                "ExtensionStatus.status", "TrunkStatus.status", "PbxEvent.type", "PbxEvent.config_operation");
        assertThat(checked).as("command inputs are not vendor values").doesNotContain("ConfigureAction.operation");
        assertThat(violations).isEmpty();
    }

    @Test
    void theRawSiblingRuleCatchesAMissingRawField() {
        // PbxEvent without config_operation_raw must be reported: proves the rule above can fail.
        Schema pbxEvent = PbxEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : pbxEvent.getFields()) {
            if (!field.name().equals("config_operation_raw")) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        Schema broken = Schema.createRecord("PbxEvent", null, "io.pbxbridge.schema", false, fields);

        assertThat(rawSiblingViolations(List.of(broken), new ArrayList<>())).containsExactly(
                "PbxEvent.config_operation (ConfigOperation) has no string config_operation_raw beside it");
    }

    /** Violations of the raw-sibling rule among the records reachable from {@code tops}; adds each checked field to {@code checked}. */
    private static List<String> rawSiblingViolations(List<Schema> tops, List<String> checked) {
        Set<String> eventRecords = new HashSet<>();
        for (Schema top : tops) {
            if (top.getField("header") != null) {
                eventRecords.addAll(collect(top, Schema.Type.RECORD, new LinkedHashMap<>(), new HashSet<>()).keySet());
            }
        }
        List<String> violations = new ArrayList<>();
        for (Schema record : allNamedTypes(tops, Schema.Type.RECORD).values()) {
            for (Schema.Field field : record.getFields()) {
                Optional<Schema> enumType = enumOf(field.schema());
                if (enumType.isEmpty()) {
                    continue;
                }
                String name = enumType.get().getName();
                boolean normalized = NORMALIZED_VENDOR_ENUMS.contains(name)
                        || (NORMALIZED_IN_EVENTS.contains(name) && eventRecords.contains(record.getName()));
                if (!normalized) {
                    continue;
                }
                checked.add(record.getName() + "." + field.name());
                Schema.Field raw = record.getField(field.name() + "_raw");
                if (raw == null || !isStringOrNullableString(raw.schema())) {
                    violations.add(record.getName() + "." + field.name() + " (" + name + ") has no string "
                            + field.name() + "_raw beside it");
                }
            }
        }
        return violations;
    }

    private static Map<String, Schema> allNamedTypes(Schema.Type type) {
        return allNamedTypes(SchemaCatalog.CURRENT_TOP_LEVEL, type);
    }

    private static Map<String, Schema> allNamedTypes(List<Schema> tops, Schema.Type type) {
        Map<String, Schema> all = new LinkedHashMap<>();
        for (Schema top : tops) {
            all.putAll(collect(top, type, new LinkedHashMap<>(), new HashSet<>()));
        }
        return all;
    }

    /** Named types of {@code type} reachable from {@code schema}; {@code visited} guards against recursive records. */
    private static Map<String, Schema> collect(Schema schema, Schema.Type type, Map<String, Schema> seen,
                                               Set<String> visited) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!visited.add(schema.getFullName())) {
                    return seen;
                }
                if (type == Schema.Type.RECORD) {
                    seen.put(schema.getName(), schema);
                }
                for (Schema.Field field : schema.getFields()) {
                    collect(field.schema(), type, seen, visited);
                }
            }
            case ENUM -> {
                if (type == Schema.Type.ENUM) {
                    seen.put(schema.getName(), schema);
                }
            }
            case UNION -> schema.getTypes().forEach(t -> collect(t, type, seen, visited));
            case ARRAY -> collect(schema.getElementType(), type, seen, visited);
            case MAP -> collect(schema.getValueType(), type, seen, visited);
            default -> {
            }
        }
        return seen;
    }

    private static Optional<Schema> enumOf(Schema schema) {
        if (schema.getType() == Schema.Type.ENUM) {
            return Optional.of(schema);
        }
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(t -> t.getType() == Schema.Type.ENUM).findFirst();
        }
        return Optional.empty();
    }

    private static boolean isStringOrNullableString(Schema schema) {
        if (schema.getType() == Schema.Type.STRING) {
            return true;
        }
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().allMatch(t -> t.getType() == Schema.Type.STRING || t.getType() == Schema.Type.NULL);
    }
}
