package io.pbxbridge.connector.grandstream.session;

import java.util.Locale;

/** The connected product, from {@code getSystemGeneralStatus}'s {@code product-model} ("FCM630A V1.5A" → FCM630A). */
public final class UcmModel {
    private UcmModel() {
    }

    /** The model name without the hardware revision, or null when the PBX did not say. */
    public static String parse(String productModel) {
        if (productModel == null || productModel.isBlank()) {
            return null;
        }
        return productModel.trim().split("\\s+")[0].toUpperCase(Locale.ROOT);
    }
}
