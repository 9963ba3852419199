package io.pbxbridge.schema.contract;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule of the contract: a schema must be backward compatible (the new reader reads data of the
 * released writer) and forward compatible (the released reader reads data of the new writer).
 */
final class CompatibilityGate {
    private CompatibilityGate() {
    }

    /** Every incompatibility between {@code current} and {@code released}, each naming the record; empty when compatible. */
    static List<String> problems(String record, Schema current, Schema released) {
        List<String> problems = new ArrayList<>();
        check(problems, record, "backward (current reader, released writer)", current, released);
        check(problems, record, "forward (released reader, current writer)", released, current);
        return problems;
    }

    private static void check(List<String> problems, String record, String direction, Schema reader, Schema writer) {
        SchemaCompatibilityResult result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            problems.add(record + " is not " + direction + " compatible: " + incompatibility.getType()
                    + " at " + incompatibility.getLocation() + " (" + incompatibility.getMessage() + ")");
        }
    }
}
