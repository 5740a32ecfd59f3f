package io.snowgate.emulator.server;

import java.util.Optional;

/**
 * Decides, request by request, whether a fault replaces a stand-in's normal answer: the way to aim a fault at one
 * request among many (one client's, one statement's) when several clients share a stand-in, and to see every request
 * as it arrives. Like OkHttp MockWebServer's {@code Dispatcher}, it is asked for each request (admin requests aside)
 * in the thread serving it, before the request is served, so it may block or count; {@link Faults} planned by kind are
 * consulted only when it answers empty.
 */
@FunctionalInterface
public interface FaultPolicy {

    /** No fault for any request: only the planned {@link Faults} apply. */
    FaultPolicy NONE = request -> Optional.empty();

    /**
     * The fault for this request, or empty to leave it to the planned {@link Faults} and then normal service.
     * Must be thread-safe: requests are served concurrently.
     */
    Optional<Fault> faultFor(RecordedRequest request);
}
