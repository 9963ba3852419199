package io.pbxbridge.bridge.kafka;

import org.apache.avro.generic.GenericFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12.2 refuses to load any class named by a schema unless it is trusted (AVRO-4189), which
 * includes our own generated records: without this, {@code SingleObjectCodec} fails with
 * "Forbidden io.pbxbridge.schema.CallEvent". Trusts exactly the generated types of the contract
 * package (records, enums, fixed) in addition to whatever is trusted already.
 */
public final class AvroClassTrust {
    static final String SCHEMA_PACKAGE = "io.pbxbridge.schema";
    private static boolean installed;

    private AvroClassTrust() {
    }

    /** Idempotent; call before the codec first encodes or decodes. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityPredicate contract = AvroClassTrust::isContractType;
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(contract, ClassSecurityValidator.getGlobal()));
        installed = true;
    }

    static boolean isContractType(Class<?> type) {
        return type.getPackageName().equals(SCHEMA_PACKAGE)
                && (SpecificRecord.class.isAssignableFrom(type) || type.isEnum() || GenericFixed.class.isAssignableFrom(type));
    }
}
