package io.pbxbridge.faults;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives fault tests the broker process ({@link FaultKafka}), started once for the test JVM and stopped when its
 * tests end (the root store closes it; the process reaper kills it if the JVM dies first). Tests isolate
 * themselves by topic prefix and consumer group, never by restarting it.
 */
final class FaultBroker implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FaultBroker.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FaultKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(FaultKafka.class,
                k -> {
                    java.nio.file.Path dir = Faults.workDir("kafka");
                    return FaultKafka.start(dir.resolve("data"), dir);
                }, FaultKafka.class);
    }
}
