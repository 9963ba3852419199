package io.pbxbridge.connector.yeastar.sim;

/** An SMS accepted by {@code sms/send}; {@code message} is the URL-decoded text. */
public record SentSms(String smsId, String trunk, String phoneNumber, String message) {
}
