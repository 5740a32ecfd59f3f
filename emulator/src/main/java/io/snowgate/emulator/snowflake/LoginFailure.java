package io.snowgate.emulator.snowflake;

import java.time.Instant;

/**
 * A refused login as the stand-in's operator sees it (Snowflake's {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}): the id
 * the client got in the message, the login name, the code sent and the reason.
 */
public record LoginFailure(String id, String loginName, int code, LoginFailureReason reason, Instant at) {
}
