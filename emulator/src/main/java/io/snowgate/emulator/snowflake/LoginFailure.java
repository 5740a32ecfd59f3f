package io.snowgate.emulator.snowflake;

import java.time.Instant;

/**
 * A refused login as the stand-in's operator sees it (Snowflake's {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}): the id
 * the client got in the message, the login name it sent, the user it resolved to (null when the failure came before
 * the user was found), the code sent, the reason, and the client software it reported.
 */
public record LoginFailure(String id, String loginName, String userName, int code, LoginFailureReason reason,
                           String clientType, String clientVersion, String clientIp, Instant at) {
}
