package io.pbxbridge.connector.grandstream.sim;

/** One {@code /api} action; throws {@link UcmApiException} to refuse. Runs on the simulator's event loop. */
@FunctionalInterface
interface ApiAction {
    ApiReply handle(ApiParams params);
}
