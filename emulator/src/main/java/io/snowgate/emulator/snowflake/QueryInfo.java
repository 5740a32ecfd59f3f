package io.snowgate.emulator.snowflake;

import java.time.Instant;

/**
 * A snapshot of one statement the stand-in ran or is running, for tests, the monitoring endpoint and
 * {@code INFORMATION_SCHEMA.QUERY_HISTORY}; {@code queryTag} is empty when none was set.
 */
public record QueryInfo(String id, long sessionId, String user, String sqlText, Status status, String errorCode,
                        String errorMessage, Instant startedAt, Instant endedAt, String queryTag) {

    /** The monitoring endpoint's status names (snowflake-jdbc {@code QueryStatus}). */
    public enum Status { RUNNING, SUCCESS, FAILED_WITH_ERROR, ABORTED }
}
