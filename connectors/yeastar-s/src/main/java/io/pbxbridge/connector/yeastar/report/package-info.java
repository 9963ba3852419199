/**
 * Yeastar S-Series report normalization: {@link io.pbxbridge.connector.yeastar.report.YeastarReportNormalizer}
 * turns every pushed report (API v1.0.0 flat, v1.1.0 {@code call[]}, v2.0.0 {@code members[]}) into
 * vendor-neutral records.
 *
 * <ul>
 *   <li>{@link io.pbxbridge.connector.yeastar.report.LenientReportReader}: a streaming JSON reader that
 *       keeps every occurrence of a repeated key (legacy {@code "ext":{..},"ext":{..}}).</li>
 *   <li>{@link io.pbxbridge.connector.yeastar.report.ReportFormat}: the shape detected from each payload
 *       ({@code header.report_format}).</li>
 *   <li>PartyReader / PartyRoles: parties in report order, with their roles.</li>
 *   <li>CallEventMapper, CdrMapper, StatusMapper, SystemEventMapper: one per target record.</li>
 *   <li>{@link io.pbxbridge.connector.yeastar.report.YeastarCodes}: the Yeastar status vocabularies and
 *       their neutral values.</li>
 * </ul>
 *
 * Every field not mapped to a record field is copied into the record's {@code attributes} (nested
 * objects as dotted keys, arrays as JSON text, a repeated key as {@code key#2}); the whole report is
 * in {@code header.raw_payload}. The mapping table is in the connector's documentation (README).
 */
package io.pbxbridge.connector.yeastar.report;
