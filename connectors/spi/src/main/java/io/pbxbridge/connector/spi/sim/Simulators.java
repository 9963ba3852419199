package io.pbxbridge.connector.spi.sim;

import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;

/** The PBX simulators on the class path, in vendor id order. */
public final class Simulators {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Simulators() {
    }

    public static List<PbxSimulator> all() {
        return ServiceLoader.load(PbxSimulator.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(PbxSimulator::vendorId)).toList();
    }

    /** A random hex string of {@code bytes} bytes: demo passwords and report secrets, new every run. */
    public static String randomSecret(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
