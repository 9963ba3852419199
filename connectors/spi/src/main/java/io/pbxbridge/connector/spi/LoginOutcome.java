package io.pbxbridge.connector.spi;

import java.time.Duration;

/**
 * What the PBX answered to one login exchange, as the vendor classifies it (a PBX that did not answer at
 * all is a failed future instead). The {@link SessionSkeleton} acts on it the same way for every vendor.
 */
public sealed interface LoginOutcome {

    /** Logged in: the credential (token, cookie) every request carries from now on. */
    record LoggedIn(Secret credential) implements LoginOutcome {
    }

    /** Answered, but the credentials were not judged (busy, odd answer): retried with backoff. */
    record Failed(String reason) implements LoginOutcome {
    }

    /**
     * The credentials were refused: no further attempt (each one brings the PBX's lock-out closer); a
     * human must fix them and restart.
     *
     * @param error   the PBX's error (code and description, never a secret)
     * @param detail  appended to the error in the log and event (e.g. attempts left), may be empty
     * @param avoided what not retrying avoids, e.g. {@code "IP lock"}
     */
    record Refused(String error, String detail, String avoided) implements LoginOutcome {
    }

    /**
     * The PBX locked this address (or user) out: wait, then exactly one more attempt.
     *
     * @param retryAfter what the PBX said (or the configured wait): published in the LOCKED_OUT event
     * @param attemptIn  when the next attempt is made (may add a margin to {@code retryAfter})
     */
    record LockedOut(String error, Duration retryAfter, Duration attemptIn) implements LoginOutcome {
    }
}
