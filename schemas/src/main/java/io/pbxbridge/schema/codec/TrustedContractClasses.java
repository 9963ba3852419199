package io.pbxbridge.schema.codec;

import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12 refuses to instantiate classes outside a trusted list when it resolves a schema to
 * generated classes (nested records, enums). This adds exactly the generated records and enums of
 * {@code io.pbxbridge.schema} to Avro's global trust, on top of whatever the process already trusts.
 *
 * <p>The codecs and {@link AvroJson} install it themselves. Code that uses plain Avro APIs on the
 * generated classes calls {@link #install()} once (or sets the system property
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES=io.pbxbridge.schema}).
 */
public final class TrustedContractClasses {
    /** The package of the generated contract classes. */
    public static final String PACKAGE = "io.pbxbridge.schema";

    private static boolean installed;

    private TrustedContractClasses() {
    }

    /** Idempotent and thread-safe. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityPredicate contract = TrustedContractClasses::isContractClass;
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, contract));
        installed = true;
    }

    /** A generated record or enum of the contract package; nothing else, so the trust stays narrow. */
    static boolean isContractClass(Class<?> type) {
        return PACKAGE.equals(type.getPackageName()) && (SpecificRecord.class.isAssignableFrom(type) || type.isEnum());
    }
}
