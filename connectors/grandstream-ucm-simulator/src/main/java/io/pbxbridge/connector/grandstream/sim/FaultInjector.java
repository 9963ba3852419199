package io.pbxbridge.connector.grandstream.sim;

import java.time.Duration;

/** Armed faults for {@code /api}: slow answers, bare HTTP errors, forced API statuses. Thread-safe. */
final class FaultInjector {
    private volatile Duration delay = Duration.ZERO;
    private int httpFailures;
    private int httpStatus;
    private int apiFailures;
    private UcmStatus apiStatus;

    void slowResponses(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive");
        }
        delay = d;
    }

    Duration delay() {
        return delay;
    }

    synchronized void failNext(int n, int status) {
        if (n < 0 || status < 100 || status > 599) {
            throw new IllegalArgumentException("need n >= 0 and an HTTP status in [100, 599]");
        }
        httpFailures = n;
        httpStatus = status;
    }

    synchronized void failNextWithStatus(int n, UcmStatus status) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0");
        }
        apiFailures = n;
        apiStatus = status;
    }

    /** The HTTP status to fail this request with, or 0. */
    synchronized int takeHttpFailure() {
        if (httpFailures > 0) {
            httpFailures--;
            return httpStatus;
        }
        return 0;
    }

    /** The API status to refuse this (authenticated) request with, or null. */
    synchronized UcmStatus takeApiFailure() {
        if (apiFailures > 0) {
            apiFailures--;
            return apiStatus;
        }
        return null;
    }
}
