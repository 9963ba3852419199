package io.pbxbridge.bridge.status;

/**
 * Counts events of the last 60 seconds in 60 one-second buckets: O(1) per event, fixed memory, no
 * timer. A bucket whose second has passed is reset by the next event that lands in it.
 */
final class MinuteRate {
    private static final int SECONDS = 60;
    private final long[] counts = new long[SECONDS];
    private final long[] stamps = new long[SECONDS];

    synchronized void record(long epochSecond) {
        int i = (int) Math.floorMod(epochSecond, (long) SECONDS);
        if (stamps[i] != epochSecond) {
            stamps[i] = epochSecond;
            counts[i] = 0;
        }
        counts[i]++;
    }

    /** Events recorded in the 60 seconds up to and including {@code nowSecond}. */
    synchronized long lastMinute(long nowSecond) {
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            long age = nowSecond - stamps[i];
            if (age >= 0 && age < SECONDS) {
                sum += counts[i];
            }
        }
        return sum;
    }
}
