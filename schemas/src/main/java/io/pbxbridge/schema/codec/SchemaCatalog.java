package io.pbxbridge.schema.codec;

import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.TrunkStatus;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every top-level record schema of the contract: the current ones (generated classes) and those of
 * every released version, addressable by CRC-64-AVRO fingerprint. A reader resolves any writer schema
 * ever released here; the bridge publishes {@link #schemasByHexFingerprint()} to the compacted
 * {@code pbx.schemas} topic so consumers without this artifact can do the same.
 *
 * <p>Immutable and thread-safe.
 */
public final class SchemaCatalog {
    /** The current top-level records, in contract order. */
    public static final List<Schema> CURRENT_TOP_LEVEL = List.of(
            CallEvent.getClassSchema(),
            CallRecord.getClassSchema(),
            ExtensionStatus.getClassSchema(),
            TrunkStatus.getClassSchema(),
            PbxEvent.getClassSchema(),
            Command.getClassSchema(),
            CommandResult.getClassSchema(),
            DeadLetter.getClassSchema());

    private static final Map<BridgeTopic, List<Schema>> BY_TOPIC = topicMap();

    static {
        TrustedContractClasses.install();
    }

    private static final class Standard {
        // Lazily loaded once: reading the released resources is cheap but not free.
        static final SchemaCatalog INSTANCE = new SchemaCatalog(CURRENT_TOP_LEVEL,
                ReleasedSchemas.bundled().loadAll(recordNames(CURRENT_TOP_LEVEL)));
    }

    private final List<Schema> current;
    private final Map<Long, Schema> byFingerprint;
    private final SchemaStore store;

    private SchemaCatalog(List<Schema> current, Collection<Schema> others) {
        this.current = List.copyOf(current);
        Map<Long, Schema> map = new LinkedHashMap<>();
        // Current schemas win: released copies with the same fingerprint differ at most in docs/defaults.
        for (Schema schema : this.current) {
            map.put(fingerprint(schema), schema);
        }
        for (Schema schema : others) {
            map.putIfAbsent(fingerprint(schema), schema);
        }
        this.byFingerprint = Collections.unmodifiableMap(map);
        this.store = byFingerprint::get;
    }

    /** The current schemas plus every release bundled in this artifact. */
    public static SchemaCatalog standard() {
        return Standard.INSTANCE;
    }

    /** A catalog of the given current schemas and older schemas (e.g. from a test release folder). */
    public static SchemaCatalog of(List<Schema> current, Collection<Schema> older) {
        return new SchemaCatalog(current, older);
    }

    /** This catalog plus more writer schemas, e.g. read from the {@code pbx.schemas} topic. */
    public SchemaCatalog withSchemas(Collection<Schema> more) {
        List<Schema> others = new ArrayList<>(byFingerprint.values());
        others.addAll(more);
        return new SchemaCatalog(current, others);
    }

    /** The current top-level schemas. */
    public List<Schema> currentSchemas() {
        return current;
    }

    /** The current schema of a top-level record, by simple ({@code CallEvent}) or full name. */
    public Optional<Schema> current(String recordName) {
        return current.stream()
                .filter(s -> s.getName().equals(recordName) || s.getFullName().equals(recordName))
                .findFirst();
    }

    /**
     * The record type(s) written to a topic. {@link BridgeTopic#SCHEMAS} carries schema JSON strings,
     * not records, so it maps to no record type.
     */
    public static List<Schema> schemasFor(BridgeTopic topic) {
        return BY_TOPIC.get(topic);
    }

    /** The topic a current top-level record is written to. */
    public static Optional<BridgeTopic> topicOf(Schema schema) {
        return BY_TOPIC.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(s -> s.getFullName().equals(schema.getFullName())))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    public Optional<Schema> findByFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    public Optional<Schema> findByFingerprint(String hexFingerprint) {
        return findByFingerprint(parseHex(hexFingerprint));
    }

    /** Every known schema (current and released) keyed by hex fingerprint: the {@code pbx.schemas} content. */
    public Map<String, Schema> schemasByHexFingerprint() {
        Map<String, Schema> out = new LinkedHashMap<>();
        byFingerprint.forEach((fp, schema) -> out.put(hex(fp), schema));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The records to publish to the compacted {@code pbx.schemas} topic: key = hex fingerprint,
     * value = the schema's JSON text (UTF-8) without Java-only properties ({@link PortableSchemaJson}),
     * which other Avro libraries would fold into their canonical form. Publishing them again is harmless:
     * same key, same value.
     */
    public Map<String, String> schemaTopicRecords() {
        Map<String, String> out = new LinkedHashMap<>();
        schemasByHexFingerprint().forEach((hex, schema) -> out.put(hex, PortableSchemaJson.of(schema)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Parses one record of the {@code pbx.schemas} topic and checks that its key is the schema's
     * fingerprint, so a wrong or corrupt record cannot make a reader decode with the wrong schema.
     */
    public static Schema parseSchemaTopicRecord(String key, String json) {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(json);
        } catch (RuntimeException e) {
            throw new CodecException("pbx.schemas record " + key + " is not an Avro schema: " + e.getMessage(), e);
        }
        String actual = fingerprintHex(schema);
        if (!actual.equals(key)) {
            throw new CodecException("pbx.schemas record " + key + " holds a schema with fingerprint " + actual);
        }
        return schema;
    }

    /** An Avro {@link SchemaStore} over this catalog for {@code BinaryMessageDecoder}. */
    public SchemaStore schemaStore() {
        return store;
    }

    /** CRC-64-AVRO fingerprint of the schema's parsing canonical form (what single-object encoding writes). */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The fingerprint as 16 lower-case hex digits (unsigned, most significant first): the pbx.schemas key. */
    public static String fingerprintHex(Schema schema) {
        return hex(fingerprint(schema));
    }

    public static String hex(long fingerprint) {
        return String.format(Locale.ROOT, "%016x", fingerprint);
    }

    public static long parseHex(String hexFingerprint) {
        if (hexFingerprint == null || hexFingerprint.length() != 16) {
            throw new IllegalArgumentException("a schema fingerprint is 16 hex digits, got: " + hexFingerprint);
        }
        return Long.parseUnsignedLong(hexFingerprint, 16);
    }

    static List<String> recordNames(List<Schema> schemas) {
        return schemas.stream().map(Schema::getName).toList();
    }

    private static Map<BridgeTopic, List<Schema>> topicMap() {
        Map<BridgeTopic, List<Schema>> map = new EnumMap<>(BridgeTopic.class);
        map.put(BridgeTopic.CALL_EVENTS, List.of(CallEvent.getClassSchema()));
        map.put(BridgeTopic.CDR, List.of(CallRecord.getClassSchema()));
        map.put(BridgeTopic.EXTENSION_STATUS, List.of(ExtensionStatus.getClassSchema()));
        map.put(BridgeTopic.TRUNK_STATUS, List.of(TrunkStatus.getClassSchema()));
        map.put(BridgeTopic.SYSTEM, List.of(PbxEvent.getClassSchema()));
        map.put(BridgeTopic.COMMANDS, List.of(Command.getClassSchema()));
        map.put(BridgeTopic.COMMAND_RESULTS, List.of(CommandResult.getClassSchema()));
        map.put(BridgeTopic.DLQ, List.of(DeadLetter.getClassSchema()));
        map.put(BridgeTopic.SCHEMAS, List.of());
        for (BridgeTopic topic : BridgeTopic.values()) {
            if (!map.containsKey(topic)) {
                throw new IllegalStateException("no record type mapped for topic " + topic);
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
