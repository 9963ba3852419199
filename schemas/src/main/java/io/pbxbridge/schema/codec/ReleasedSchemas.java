package io.pbxbridge.schema.codec;

import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaParseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The top-level schemas of every released version, kept as resources
 * ({@code io/pbxbridge/schema/released/<version>/<RecordName>.avsc}, listed in {@code versions.txt}),
 * so readers can resolve data written by any released bridge and the build can check that the current
 * schemas stay compatible with the last release.
 *
 * <p>Cutting a release: {@code ./mvnw -B -o -q -pl schemas compile exec:java
 * -Dexec.mainClass=io.pbxbridge.schema.codec.ReleasedSchemas -Dexec.args="0.2.0"} (see schemas/README.md).
 */
public final class ReleasedSchemas {
    /** Resource folder of the releases bundled in this artifact. */
    public static final String BUNDLED_ROOT = "io/pbxbridge/schema/released/";
    /** One version per line, in any order; blank lines and {@code #} comments ignored. */
    public static final String INDEX_FILE = "versions.txt";

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    /** Compares {@code major.minor.patch} numerically, so 0.10.0 sorts after 0.9.0. */
    public static final Comparator<String> VERSION_ORDER = Comparator
            .comparingInt((String v) -> part(v, 0)).thenComparingInt(v -> part(v, 1)).thenComparingInt(v -> part(v, 2));

    private final ClassLoader loader;
    private final String root;

    private ReleasedSchemas(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root.endsWith("/") ? root : root + "/";
    }

    /** The releases bundled in this artifact. */
    public static ReleasedSchemas bundled() {
        return new ReleasedSchemas(ReleasedSchemas.class.getClassLoader(), BUNDLED_ROOT);
    }

    /** Releases under another resource root (tests, tooling). */
    public static ReleasedSchemas at(ClassLoader loader, String root) {
        return new ReleasedSchemas(loader, root);
    }

    /** Released versions, oldest first. Empty when nothing was released yet. */
    public List<String> versions() {
        String index = readResource(root + INDEX_FILE).orElse("");
        TreeSet<String> versions = new TreeSet<>(VERSION_ORDER);
        for (String line : index.split("\n")) {
            String version = line.strip();
            if (version.isEmpty() || version.startsWith("#")) {
                continue;
            }
            if (!VERSION.matcher(version).matches()) {
                throw new IllegalStateException(root + INDEX_FILE + ": not a major.minor.patch version: " + version);
            }
            versions.add(version);
        }
        return List.copyOf(versions);
    }

    public Optional<String> latestVersion() {
        List<String> versions = versions();
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /**
     * The schemas of one release by record simple name ({@code CallEvent} ...). Each {@code .avsc} is
     * self-contained, so each is parsed on its own (nested types repeat across files).
     */
    public Map<String, Schema> load(String version, Collection<String> recordNames) {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (String name : recordNames) {
            String path = root + version + "/" + name + ".avsc";
            readResource(path).ifPresent(json -> {
                try {
                    schemas.put(name, new Schema.Parser().parse(json));
                } catch (SchemaParseException e) {
                    throw new IllegalStateException("released schema " + path + " does not parse: " + e.getMessage(), e);
                }
            });
        }
        return schemas;
    }

    /** Every schema of every release, oldest release first. */
    public List<Schema> loadAll(Collection<String> recordNames) {
        List<Schema> all = new ArrayList<>();
        for (String version : versions()) {
            all.addAll(load(version, recordNames).values());
        }
        return all;
    }

    /**
     * Writes {@code schemas} as the release {@code version} under {@code resourceDir} (pretty JSON, one
     * {@code <RecordName>.avsc} each) and adds the version to {@code versions.txt}.
     *
     * @throws IllegalStateException when that release exists already: released files are frozen
     */
    public static void write(Path resourceDir, String root, String version, Collection<Schema> schemas) throws IOException {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must be major.minor.patch: " + version);
        }
        Path rootDir = resourceDir.resolve(root);
        Path versionDir = rootDir.resolve(version);
        if (Files.isDirectory(versionDir)) {
            throw new IllegalStateException("release " + version + " already exists in " + rootDir
                    + ": released schemas are never rewritten, choose a new version");
        }
        Files.createDirectories(versionDir);
        for (Schema schema : schemas) {
            Files.writeString(versionDir.resolve(schema.getName() + ".avsc"), SchemaFormatter.format("json/pretty", schema) + "\n");
        }
        Path index = rootDir.resolve(INDEX_FILE);
        TreeSet<String> versions = new TreeSet<>(VERSION_ORDER);
        if (Files.exists(index)) {
            Files.readAllLines(index).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(versions::add);
        }
        versions.add(version);
        Files.writeString(index, "# Released schema versions of pbx-bridge-schemas (written by ReleasedSchemas)\n"
                + String.join("\n", versions) + "\n");
    }

    /**
     * Snapshots the current top-level schemas as a new release.
     * Arguments: {@code <version> [resource dir, default src/main/resources]} (run from {@code schemas/}).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ReleasedSchemas <major.minor.patch> [resource dir, default src/main/resources]");
            System.exit(2);
        }
        Path resourceDir = Path.of(args.length == 2 ? args[1] : "src/main/resources");
        write(resourceDir, BUNDLED_ROOT, args[0], SchemaCatalog.CURRENT_TOP_LEVEL);
        System.out.println("wrote release " + args[0] + " to " + resourceDir.resolve(BUNDLED_ROOT).resolve(args[0]));
    }

    private Optional<String> readResource(String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }

    private static int part(String version, int index) {
        return Integer.parseInt(version.split("\\.")[index]);
    }
}
