package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.Secret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a secret given either inline ({@code password}) or as a file ({@code password_file}, e.g. a
 * Docker or Kubernetes secret). The file's trailing line break is dropped: editors and
 * {@code echo} add one, and no PBX password ends with one.
 */
final class SecretFiles {
    private SecretFiles() {
    }

    static Secret resolve(String inline, String file, String inlineKeyPath, String fileKeyPath) {
        if (inline != null && file != null) {
            throw new ConfigException(inlineKeyPath, "set either this key or " + lastSegment(fileKeyPath) + ", not both");
        }
        if (file == null) {
            return Secret.of(inline);
        }
        if (file.isBlank()) {
            throw new ConfigException(fileKeyPath, "must name a file");
        }
        try {
            String content = Files.readString(Path.of(file));
            return Secret.of(content.replaceAll("(\\r?\\n)+$", ""));
        } catch (IOException | RuntimeException e) {
            // The message names the file, never its content.
            throw new ConfigException(fileKeyPath, "cannot read secret file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String lastSegment(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
