package io.pbxbridge.connector.yeastar.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Yeastar S-Series API error numbers (the {@code errno} string of a {@code "status":"Failed"} reply),
 * with their documented meaning. Source: spec/pbx-api-facts.md §A.1 (union of the vendor tables).
 */
public enum YeastarErrno {
    UNSUPPORTED_XML("10002", "Unsupported XML data packet format"),
    UNSUPPORTED_REQUEST("10003", "Unsupported API request"),
    PARAMETER_BLANK("10004", "Required parameter is blank"),
    CALLID_NOT_FOUND("10005", "callid does not exist"),
    EXTENSION_NOT_FOUND("10006", "Extension does not exist"),
    CALL_NOT_FOUND("10007", "Call does not exist"),
    EXTENSION_NOT_IDLE("10008", "Extension isn't idle"),
    MONITOR_NOT_ALLOWED("10009", "Extension does not allow being monitored"),
    MONITOR_MODE_MISMATCH("10010", "Monitor mode does not match"),
    CALLED_NUMBER_NOT_FOUND("10011", "Called number does not exist"),
    IVR_NOT_FOUND("10012", "IVR does not exist"),
    QUEUE_NOT_FOUND("10013", "Queue does not exist"),
    RING_GROUP_NOT_FOUND("10014", "Ring group does not exist"),
    CALL_NOT_CONNECTED("10015", "Call is not connected"),
    INBOUND_CONTROL_TIMED_OUT("10016", "Accept/refuse inbound call timed out"),
    EXTENSION_CONFIG_FAILED("10017", "Extension configuration failed"),
    IVR_CONFIG_FAILED("10018", "IVR configuration failed"),
    QUEUE_CONFIG_FAILED("10019", "Queue configuration failed"),
    ALARM_SAVE_FAILED("10020", "Add/modify alarm failed"),
    ALARM_NOT_FOUND("10021", "Alarm does not exist"),
    ALARM_EXISTS("10022", "Alarm already exists"),
    AUDIO_FILE_NOT_FOUND("10023", "Audio file does not exist"),
    NO_OUTBOUND_PERMISSION("10024", "Extension has no outbound call permission"),
    APPLY_TOO_FREQUENT("10025", "Apply of new configuration too frequent"),
    GSM_MODULE_NOT_FOUND("10026", "GSM module name doesn't exist"),
    GSM_MODULE_BUSY("10027", "GSM module in use / no idle module"),
    NUMBER_BLANK("10028", "Number cannot be blank"),
    SMS_FILE_FAILED("10029", "Fail to open SMS file"),
    SMS_CONTENT_BLANK("10030", "SMS content blank"),
    CALLEE_NUMBER_INVALID("10031", "Callee number doesn't meet requirement"),
    WRONG_PASSWORD("10032", "Wrong password"),
    OUTBOUND_ROUTE_SAVE_FAILED("10033", "Fail to save outbound route settings for extension"),
    ONLY_JSON("20000", "Only JSON supported"),
    ONLY_POST("20001", "Only POST supported"),
    LOCKED_OUT("20002", "Login failure: user locked out"),
    INVALID_CREDENTIALS("20003", "Login failure: invalid username/password"),
    NO_SUCH_TOKEN("20004", "No such token"),
    TOKEN_BLANK("20005", "Token blank"),
    TOKEN_TIMED_OUT("20006", "Token timed out"),
    BLANK_DATA("20007", "Blank data"),
    WRONG_PORT("20008", "Wrong port"),
    BLANK_REQUEST("20009", "Blank request"),
    APISRV_SEND_FAILED("20010", "Failed to send request to apisrv"),
    HEARTBEAT_CONFIG_FAILED("20011", "Heartbeat configuration failure"),
    RECORDING_RANDOM_INVALID("20012", "Recording random string invalid"),
    WRONG_CAPTCHA("20013", "Wrong captcha"),
    RECORDING_NOT_FOUND("20014", "Recording file does not exist / deleted"),
    ALLOWED_IP_ERROR("20015", "allowedip error"),
    VOICEMAIL_STATUS_INVALID("20016", "Voicemail status parameter wrong"),
    VOICEMAIL_RANDOM_INVALID("20017", "Voicemail random string invalid"),
    AUDIO_NOT_FOUND("20018", "Audio file does not exist"),
    CDR_TIME_FORMAT("20019", "CDR time format wrong"),
    CDR_RANDOM_INVALID("20020", "CDR random string invalid"),
    CDR_NOT_FOUND("20021", "CDR does not exist"),
    API_CODES_ERROR("30001", "API codes error"),
    APISRV_NOT_STARTED("30003", "apisrv process not started");

    private static final Map<String, YeastarErrno> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(YeastarErrno::code, Function.identity()));

    private final String code;
    private final String description;

    YeastarErrno(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The wire value, as the PBX sends it (a string). */
    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** True for the errnos after which the session must log in again (20004/20005/20006). */
    public boolean invalidatesToken() {
        return this == NO_SUCH_TOKEN || this == TOKEN_BLANK || this == TOKEN_TIMED_OUT;
    }

    public static Optional<YeastarErrno> fromCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code.trim()));
    }

    /** A readable text for any errno, including ones not in the tables. */
    public static String describe(String code) {
        return fromCode(code).map(YeastarErrno::description).orElse("Yeastar error " + code);
    }
}
