package io.pbxbridge.bridge.ingress;

import java.util.Arrays;

/**
 * The acknowledged reports {@link RecentReports} remembers, oldest first, held in primitive arrays: a 64-bit
 * fingerprint and an acknowledgement time per report, with no object per entry.
 *
 * <p>Why not a map of Strings: up to 100,000 live entries (a String, its array and a boxed time each) were copied by
 * every young collection until they aged out, which made the collections — and so the ingress's p99 — three times
 * longer than a plain forward's. Here the garbage collector sees three arrays.
 *
 * <p>A ring holds fingerprints and times in acknowledgement order, so forgetting the oldest is O(1). An
 * open-addressing table (linear probing, backward-shift deletion, at most half full) answers "is it here". Both grow
 * by doubling up to {@code maxReports}, so a small bound or a quiet PBX fleet costs little. Not thread-safe: its
 * owner serializes calls.
 *
 * <p>Two different reports share a fingerprint with a probability of about n / 2<sup>64</sup> (n remembered
 * reports): 5 × 10<sup>-15</sup> at 100,000, well below any other way a report can be lost.
 */
final class AcknowledgedReports {
    private static final int INITIAL_CAPACITY = 1024;
    /** Marks a free table slot; a fingerprint that would be 0 is stored as {@link #ZERO_STANDIN}. */
    private static final long EMPTY = 0L;
    private static final long ZERO_STANDIN = 0x9E3779B97F4A7C15L;

    private final int maxReports;
    private long[] ringFingerprints;
    private long[] ringTimes;
    private int oldest;
    private int size;
    private long[] table;

    /** @param maxReports at most this many remembered (positive) */
    AcknowledgedReports(int maxReports) {
        if (maxReports <= 0) {
            throw new IllegalArgumentException("maxReports must be positive: " + maxReports);
        }
        this.maxReports = maxReports;
        allocate(Math.min(maxReports, INITIAL_CAPACITY));
    }

    /** The 64-bit fingerprint of a report key: FNV-1a over its characters, then a full avalanche (MurmurHash3's). */
    static long fingerprint(String key) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h == EMPTY ? ZERO_STANDIN : h;
    }

    boolean contains(long fingerprint) {
        long[] slots = table;
        int mask = slots.length - 1;
        for (int i = home(fingerprint, mask); ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == fingerprint) {
                return true;
            }
            if (slot == EMPTY) {
                return false;
            }
        }
    }

    /**
     * Remembers a report acknowledged at {@code nanoTime} (not earlier than any remembered), forgetting the oldest
     * when {@code maxReports} are remembered. A report already remembered keeps its first time.
     */
    void add(long fingerprint, long nanoTime) {
        if (contains(fingerprint)) {
            return;
        }
        if (size == maxReports) {
            forgetOldest();
        } else if (size == ringFingerprints.length) {
            grow();
        }
        int newest = (oldest + size) % ringFingerprints.length;
        ringFingerprints[newest] = fingerprint;
        ringTimes[newest] = nanoTime;
        size++;
        insert(fingerprint);
    }

    /** Forgets every report acknowledged at or before {@code cutoffNanoTime}. */
    void forgetAcknowledgedUpTo(long cutoffNanoTime) {
        while (size > 0 && ringTimes[oldest] - cutoffNanoTime <= 0) {
            forgetOldest();
        }
    }

    int size() {
        return size;
    }

    private void forgetOldest() {
        remove(ringFingerprints[oldest]);
        oldest = (oldest + 1) % ringFingerprints.length;
        size--;
    }

    private void grow() {
        long[] fingerprints = ringFingerprints;
        long[] times = ringTimes;
        int from = oldest;
        allocate((int) Math.min(maxReports, 2L * fingerprints.length));
        for (int i = 0; i < size; i++) { // oldest first, from index 0 of the new ring
            int at = (from + i) % fingerprints.length;
            ringFingerprints[i] = fingerprints[at];
            ringTimes[i] = times[at];
            insert(fingerprints[at]);
        }
    }

    private void allocate(int capacity) {
        ringFingerprints = new long[capacity];
        ringTimes = new long[capacity];
        oldest = 0;
        table = new long[Integer.highestOneBit(capacity) << 2]; // ≥ 2 × capacity: at most half full
    }

    private void insert(long fingerprint) {
        int mask = table.length - 1;
        int i = home(fingerprint, mask);
        while (table[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        table[i] = fingerprint;
    }

    /** Deletes without tombstones: later entries of the probe run move back into the gap when they may. */
    private void remove(long fingerprint) {
        long[] slots = table;
        int mask = slots.length - 1;
        int gap = home(fingerprint, mask);
        while (slots[gap] != fingerprint) {
            gap = (gap + 1) & mask;
        }
        slots[gap] = EMPTY;
        for (int i = (gap + 1) & mask; slots[i] != EMPTY; i = (i + 1) & mask) {
            int home = home(slots[i], mask);
            // the entry at i may fill the gap unless its home lies cyclically in (gap, i]
            boolean homeAfterGap = gap <= i ? (home > gap && home <= i) : (home > gap || home <= i);
            if (!homeAfterGap) {
                slots[gap] = slots[i];
                slots[i] = EMPTY;
                gap = i;
            }
        }
    }

    private static int home(long fingerprint, int mask) {
        return (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
    }

    @Override
    public String toString() {
        return "AcknowledgedReports[" + size + " of at most " + maxReports + ", table " + table.length + "]";
    }

    /** For tests: the table's slots in use equal the ring's size. */
    int tableEntries() {
        return (int) Arrays.stream(table).filter(slot -> slot != EMPTY).count();
    }
}
