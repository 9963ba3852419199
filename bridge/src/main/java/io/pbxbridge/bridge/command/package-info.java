/**
 * Commands: the commands topic drives PBX actions, with one result per command and one owner per PBX.
 *
 * <h2>Flow</h2>
 * {@link io.pbxbridge.bridge.command.CommandConsumer} (Vert.x Kafka consumer in group {@code pbx-bridge},
 * no auto-commit) → decode (undecodable → {@code pbx.dlq} with source COMMAND and
 * {@code topic/partition/offset}, plus an INVALID result when the command id can be recovered from
 * {@code ce_id}, a JSON body or a generic Avro read) → {@link io.pbxbridge.bridge.command.CommandProcessor}:
 * validate ({@link io.pbxbridge.bridge.command.CommandValidator}) → configured PBX? (else UNKNOWN_PBX) →
 * record key equals pbx_id? (else INVALID) → repeated command id? (recorded result, {@code replayed=true})
 * → expired? (EXPIRED, not executed) → the PBX's {@link io.pbxbridge.bridge.command.PbxCommandLane} →
 * {@code PbxSession.execute}; PBX_UNAVAILABLE is retried with backoff until {@code expires_at} (or
 * {@code unavailableMaxWait} after receipt), a call longer than {@code commandTimeout} is TIMED_OUT.
 * The result goes to {@code pbx.command-results} (key pbx_id, {@code ce_id} derived from the command
 * id) through the {@link io.pbxbridge.connector.spi.EventSink}; the offset is committed only once it
 * and every earlier offset of its partition have their result acknowledged
 * ({@link io.pbxbridge.bridge.command.PartitionProgress}).
 *
 * <h2>Parts (calls go one way: down this list)</h2>
 * <ul>
 *   <li>{@link io.pbxbridge.bridge.command.CommandConsumer}: lifecycle — creates the Kafka consumer, joins,
 *       stops; wires the parts below.</li>
 *   <li>{@code CommandRecordHandler}: one record from fetch to done; {@code PartitionHandover}: Kafka's
 *       rebalance callback (bounded: {@code shutdownTimeout} + 10 s).</li>
 *   <li>{@link io.pbxbridge.bridge.command.CommandProcessor}: one command to one result.</li>
 *   <li>{@code SessionOwnership} (the processor's {@link io.pbxbridge.bridge.command.CommandRouting}): owned
 *       PBXes, their sessions started and stopped with the partitions, cache warm-up.</li>
 *   <li>{@code PartitionCommits} (partition progress and commits), {@code PartitionFlowControl} (pause and
 *       resume), {@code ResultPublisher} (results and dead letters, retried until acknowledged),
 *       {@link io.pbxbridge.bridge.command.CommandLanes} (per-PBX lanes), {@code RecordsInFlight}.</li>
 * </ul>
 * Waiting (stop, hand-over) is on futures completed by the event ({@code RecordsInFlight.whenNone},
 * {@code PbxCommandLane.whenNothingRunning}), bounded by one timer; nothing polls.
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li>{@code latency_ms}: from receipt by this bridge to the result (not from {@code issued_at}, which
 *       is the producer's clock).</li>
 *   <li>Repeat check before expiry check: a command redelivered after a crash that already ran is
 *       answered with what happened, not EXPIRED. A command id is scoped to its PBX. INVALID and
 *       UNKNOWN_PBX results are not recorded (the producer may fix the command and resend the id).</li>
 *   <li>Ownership: a configured PBX is owned by the instance assigned the partition that Kafka's
 *       default partitioner picks for key pbx_id ({@link io.pbxbridge.bridge.command.PartitionOwnership}).
 *       Sessions start on assignment and stop on revocation inside Kafka's rebalance callback
 *       ({@code HandoverKafkaConsumer}), so two instances never run one PBX's session at once.</li>
 *   <li>Cache warming: when PBXes move here, their results of the last {@code resultWindow} are read
 *       from the results topic before their commands run, so commands the previous owner finished are
 *       replayed rather than re-executed.</li>
 *   <li>Bounds: per PBX {@code laneConcurrency} running and {@code laneBacklog} fetched; a full backlog
 *       pauses its partition (consumer keeps polling, the group stays stable) until half drained; at
 *       most one poll batch ({@code max.poll.records}, default 100) overshoots. Result cache:
 *       {@code resultCacheMaxEntries} (LRU) and {@code resultWindow}.</li>
 * </ul>
 */
package io.pbxbridge.bridge.command;
