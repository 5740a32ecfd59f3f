package io.snowgate.infra.config;

/**
 * The HTTP API: whether it is deployed, the stage throttling and the HTTP function's timeout.
 *
 * @param enabled          false deploys the scheduled function only
 * @param rateLimit        steady-state requests per second for the stage
 * @param burstLimit       burst requests for the stage
 * @param timeoutSeconds   the HTTP function's timeout (HTTP APIs give an integration 30 s at most)
 */
public record ApiSettings(boolean enabled, int rateLimit, int burstLimit, int timeoutSeconds) {
}
