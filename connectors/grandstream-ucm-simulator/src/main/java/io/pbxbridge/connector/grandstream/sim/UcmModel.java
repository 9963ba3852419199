package io.pbxbridge.connector.grandstream.sim;

/**
 * The product a simulator pretends to be. Both families speak the same HTTPS API; the only visible
 * difference is the {@code product-model} field of {@code getSystemGeneralStatus}.
 */
public enum UcmModel {
    UCM6304("UCM6304"),
    UCM6302("UCM6302"),
    UCM6301("UCM6301"),
    /** FIBERME OEM twin; the wire value is the one printed in seed 004's example. */
    FCM630A("FCM630A V1.5A");

    private final String productModel;

    UcmModel(String productModel) {
        this.productModel = productModel;
    }

    /** Value of {@code product-model} in {@code getSystemGeneralStatus}. */
    public String productModel() {
        return productModel;
    }

    /** Accepts the enum name or the wire value, case-insensitively. */
    public static UcmModel parse(String text) {
        for (UcmModel m : values()) {
            if (m.name().equalsIgnoreCase(text) || m.productModel.equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown model '" + text + "', expected one of UCM6304, UCM6302, UCM6301, FCM630A");
    }
}
