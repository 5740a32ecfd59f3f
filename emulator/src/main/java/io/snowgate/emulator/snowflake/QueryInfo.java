package io.snowgate.emulator.snowflake;

import java.time.Instant;

/** A snapshot of one statement the stand-in ran or is running, for tests and the monitoring endpoint. */
public record QueryInfo(String id, long sessionId, String user, String sqlText, String queryTag, Status status,
                        String errorCode, String errorMessage, Instant startedAt, Instant endedAt) {

    /**
     * The monitoring endpoint's status names (snowflake-jdbc {@code QueryStatus}); {@code RESUMING_WAREHOUSE} while
     * the statement waits for its suspended warehouse ({@code Config#withWarehouseResumeTime}).
     */
    public enum Status { RESUMING_WAREHOUSE, RUNNING, SUCCESS, FAILED_WITH_ERROR, ABORTED }
}
