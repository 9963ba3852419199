/**
 * A Yeastar S-Series PBX API simulator (product code: tests, demo, load tests), faithful to
 * spec/pbx-api-facts.md part A and seeds 001/002.
 *
 * <p>Entry points: {@link io.pbxbridge.connector.yeastar.sim.YeastarSimulator#start} with
 * {@link io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions}, and the standalone
 * {@link io.pbxbridge.connector.yeastar.sim.YeastarSimulatorMain}.
 *
 * <p>Decisions where the vendor documents are silent or disagree:
 * <ul>
 *   <li>Party order: RING and ANSWER name the callee first, ALERT the caller, ANSWERED the caller
 *       first, BYE the party that hung up first (GH-EN / CPv1 samples; seed 001's prose says "calling
 *       party first" for ANSWER, which its own samples contradict).</li>
 *   <li>v1.1.0 {@code CallFailed} keeps flat {@code outbound}/{@code ext} objects, as in the S1 sample.</li>
 *   <li>Reboot drops tokens and calls, keeps IP locks and queued reports, and pushes {@code BootUp}
 *       to the target of the client that was logged in at that moment (none if nobody was).</li>
 *   <li>A refused inbound call leaves no CDR ("not recorded on the IPPBX Call Logs").</li>
 *   <li>{@code sms/send} with a message that is not URL-encoded answers 10031: the PBX documents no
 *       errno for it.</li>
 *   <li>Reports go to the most recently registered live client; a delivered report counts as an
 *       interaction and extends that client's token (GH-EN interaction_method).</li>
 *   <li>Token validity, IP locks and the 10 s inbound window use the configured {@link java.time.Clock}
 *       (see {@link io.pbxbridge.connector.yeastar.sim.MutableClock}); call-flow steps and re-sends use
 *       real Vert.x timers with configurable delays.</li>
 * </ul>
 */
package io.pbxbridge.connector.yeastar.sim;
