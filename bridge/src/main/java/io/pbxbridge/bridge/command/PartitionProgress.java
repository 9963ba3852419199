package io.pbxbridge.bridge.command;

import java.util.ArrayDeque;
import java.util.OptionalLong;

/**
 * Offsets of one partition in flight, in the order they were fetched. A record is done once its
 * result is published; the committable offset is the one after the longest done prefix, so a commit
 * never skips a command whose result is not yet on Kafka (results may finish out of order across PBX
 * lanes sharing the partition).
 *
 * <p>Not thread-safe: use it from one Vert.x context.
 */
public final class PartitionProgress {
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private long committable = -1;
    private long committed = -1;

    /** Registers a fetched offset; offsets must arrive in increasing order. */
    public void track(long offset) {
        Slot last = slots.peekLast();
        if (last != null && offset <= last.offset) {
            throw new IllegalStateException("offset " + offset + " fetched after " + last.offset);
        }
        slots.addLast(new Slot(offset));
    }

    /** Marks an offset done and advances the committable position over the done prefix. */
    public void done(long offset) {
        for (Slot s : slots) {
            if (s.offset == offset) {
                s.done = true;
                break;
            }
        }
        Slot head;
        while ((head = slots.peekFirst()) != null && head.done) {
            slots.pollFirst();
            committable = head.offset + 1;
        }
    }

    /** The next offset to commit (the offset after the last contiguous done record), if it moved since the last commit. */
    public OptionalLong toCommit() {
        return committable > committed ? OptionalLong.of(committable) : OptionalLong.empty();
    }

    /**
     * An offset that may be committed (again) at any time: the committable one, or, before anything is done,
     * the first offset fetched (where consumption started). -1 while nothing was fetched.
     */
    public long safeOffset() {
        if (committable >= 0) {
            return committable;
        }
        Slot first = slots.peekFirst();
        return first == null ? -1 : first.offset;
    }

    /** Records that {@code offset} has been committed. */
    public void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    public int pending() {
        return slots.size();
    }

    public boolean isTracked(long offset) {
        return slots.stream().anyMatch(s -> s.offset == offset);
    }

    private static final class Slot {
        final long offset;
        boolean done;

        Slot(long offset) {
            this.offset = offset;
        }
    }
}
