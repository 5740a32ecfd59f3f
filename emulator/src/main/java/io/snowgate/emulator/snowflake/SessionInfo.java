package io.snowgate.emulator.snowflake;

import java.time.Instant;

/** A snapshot of one stand-in session, for tests and the admin API. */
public record SessionInfo(long id, String user, String role, String database, String schema, String warehouse,
                          Instant createdAt, boolean ended, boolean requestedNonJsonResultFormat) {
}
