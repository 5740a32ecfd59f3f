package io.snowgate.emulator.snowflake;

import java.time.Instant;

/** A snapshot of one statement the stand-in ran or is running, for tests and the monitoring endpoint. */
public record QueryInfo(String id, long sessionId, String user, String sqlText, String queryTag, Status status,
                        String errorCode, String errorMessage, Instant startedAt, Instant endedAt) {

    /**
     * The monitoring endpoint's status names (snowflake-jdbc {@code QueryStatus}); {@code RESUMING_WAREHOUSE} while
     * the statement waits for its suspended warehouse ({@code Config#withWarehouseResumeTime}), {@code QUEUED} while it
     * waits for its session (accepted, not yet executing: ending the session then aborts it before it starts, and its
     * client hears 390111, not 000604), {@code RUNNING} once it executes.
     */
    public enum Status {
        RESUMING_WAREHOUSE, QUEUED, RUNNING, SUCCESS, FAILED_WITH_ERROR, ABORTED;

        /** Whether the statement has ended, one way or another: its status will not change again. */
        public boolean ended() {
            return this == SUCCESS || this == FAILED_WITH_ERROR || this == ABORTED;
        }
    }
}
