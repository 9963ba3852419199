package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarErrno;

/** A request the simulated PBX rejects: answered HTTP 200 {@code {"status":"Failed","errno":...}}. */
final class SimApiException extends RuntimeException {
    private final YeastarErrno errno;

    SimApiException(YeastarErrno errno) {
        super(errno.code() + " " + errno.description(), null, false, false);
        this.errno = errno;
    }

    YeastarErrno errno() {
        return errno;
    }

    static SimApiException of(YeastarErrno errno) {
        return new SimApiException(errno);
    }
}
