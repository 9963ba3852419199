package io.pbxbridge.connector.spi.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Comparison of short byte spans (JSON keys against known ones) eight, then four bytes at a time: a key of
 * 8–20 bytes is two or three word compares instead of a loop per byte, and no vectorized call (whose set-up
 * costs more than a short key). Bounds are checked up front: a span outside either array is simply unequal.
 */
public final class ByteSpans {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteSpans() {
    }

    /** Whether {@code a[aFrom, aFrom + length)} and {@code b[bFrom, bFrom + length)} hold the same bytes. */
    public static boolean equal(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
        if (aFrom < 0 || bFrom < 0 || length < 0 || aFrom > a.length - length || bFrom > b.length - length) {
            return false;
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if ((long) LONGS.get(a, aFrom + i) != (long) LONGS.get(b, bFrom + i)) {
                return false;
            }
        }
        if (i + Integer.BYTES <= length) {
            if ((int) INTS.get(a, aFrom + i) != (int) INTS.get(b, bFrom + i)) {
                return false;
            }
            i += Integer.BYTES;
        }
        for (; i < length; i++) {
            if (a[aFrom + i] != b[bFrom + i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code json[from, from + known.length)} is exactly {@code known}. */
    public static boolean startsWith(byte[] json, int from, byte[] known) {
        return equal(known, 0, json, from, known.length);
    }
}
