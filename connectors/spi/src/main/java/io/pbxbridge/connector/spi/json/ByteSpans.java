package io.pbxbridge.connector.spi.json;

/**
 * Comparison of short byte spans (JSON keys against known ones), bounds checked up front: a span outside
 * either array is simply unequal. A plain loop: keys are short, and eight-byte words read through a VarHandle
 * measured slower on the report path (Yeastar NewCdr 2.2 → 3.0+ µs), as did Arrays.equals' vectorized call.
 */
public final class ByteSpans {
    private ByteSpans() {
    }

    /** Whether {@code a[aFrom, aFrom + length)} and {@code b[bFrom, bFrom + length)} hold the same bytes. */
    public static boolean equal(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
        if (aFrom < 0 || bFrom < 0 || length < 0 || aFrom > a.length - length || bFrom > b.length - length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (a[aFrom + i] != b[bFrom + i]) {
                return false;
            }
        }
        return true;
    }
}
