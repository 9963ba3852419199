package io.pbxbridge.connector.grandstream.cdr;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the CDR checkpoint in a small JSON file. Written to a temporary file and atomically moved
 * over the old one, so a crash mid-write leaves the previous checkpoint, never a torn one. Uses
 * Vert.x's asynchronous file system (no blocking on the event loop).
 */
public final class CdrCheckpointStore {
    private final Vertx vertx;
    private final Path file;

    public CdrCheckpointStore(Vertx vertx, Path file) {
        this.vertx = vertx;
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The saved checkpoint; empty when there is none yet. Fails on an unreadable or corrupt file (never guesses). */
    public Future<Optional<CdrCheckpoint>> load() {
        String path = file.toString();
        return vertx.fileSystem().exists(path).compose(exists -> {
            if (!exists) {
                return Future.succeededFuture(Optional.empty());
            }
            return vertx.fileSystem().readFile(path).compose(buffer -> {
                try {
                    return Future.succeededFuture(Optional.of(CdrCheckpoint.fromJson(buffer.toJsonObject())));
                } catch (DecodeException | IllegalArgumentException | ClassCastException e) {
                    return Future.failedFuture(new IllegalStateException("CDR checkpoint " + path
                            + " is corrupt (" + e.getMessage() + "); fix or delete it", e));
                }
            });
        });
    }

    public Future<Void> save(CdrCheckpoint checkpoint) {
        String path = file.toString();
        String tmp = path + ".tmp";
        Path parent = file.toAbsolutePath().getParent();
        Future<Void> dir = parent == null ? Future.succeededFuture() : vertx.fileSystem().mkdirs(parent.toString());
        JsonObject json = checkpoint.toJson();
        return dir.compose(v -> vertx.fileSystem().writeFile(tmp, Buffer.buffer(json.encode())))
                .compose(v -> vertx.fileSystem().move(tmp, path, new CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
    }
}
