package io.pbxbridge.connector.spi;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Something a session creates on its first use, so on the session's own context, and closes once for good.
 *
 * <p>For a PBX's HTTP client: a Vert.x client created outside the session's context takes a step of the event-loop
 * round robin, and with the session's deployment taking the next one every session landed on every other event
 * loop, half of them on the command consumer's (BENCHMARKS "Commands"). Not thread-safe: the session's context
 * makes every call.
 */
public final class CreatedOnFirstUse<T> {
    private final Supplier<T> create;
    private final Consumer<T> close;
    private T value;
    private boolean closed;

    public CreatedOnFirstUse(Supplier<T> create, Consumer<T> close) {
        this.create = Objects.requireNonNull(create, "create");
        this.close = Objects.requireNonNull(close, "close");
    }

    /** The value, created now if this is the first use; refused once {@link #close}d. */
    public T get() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (value == null) {
            value = create.get();
        }
        return value;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the value if it was ever created; later {@link #get}s are refused. Idempotent. */
    public void close() {
        closed = true;
        if (value != null) {
            T created = value;
            value = null;
            close.accept(created);
        }
    }
}
