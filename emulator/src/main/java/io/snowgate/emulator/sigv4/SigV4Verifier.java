package io.snowgate.emulator.sigv4;

import io.snowgate.emulator.server.Exchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates a request as AWS's front end does, for one service in one region: the SigV4 {@code Authorization}
 * header is read, its scope must name this service, this region and the request's date, {@code host} must be signed,
 * the request time must lie within {@link #SIGNATURE_WINDOW} of the clock, the access key must be one the
 * {@link AccessKeys} know with the session token issued with it (none for a long-term key), the signature recomputed
 * with its secret key over the request as received must match (compared in constant time), and temporary
 * credentials must not have expired. Checks run in that order and the first failure is thrown.
 */
public final class SigV4Verifier {

    /** "In most cases, a request must reach AWS within five minutes of the time stamp in the request" (IAM guide). */
    public static final Duration SIGNATURE_WINDOW = Duration.ofMinutes(5);

    private final String service;
    private final String region;
    private final Clock clock;
    private final AccessKeys keys;

    /**
     * @param service the signing name requests must be scoped to ({@code secretsmanager}, {@code sts})
     * @param region  the region this endpoint is in
     * @param clock   the time request timestamps and credential expiries are checked against
     * @param keys    the access keys this endpoint accepts
     */
    public SigV4Verifier(String service, String region, Clock clock, AccessKeys keys) {
        this.service = Objects.requireNonNull(service, "service");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The access key that signed {@code exchange}.
     *
     * @throws SigV4Exception when AWS would refuse the request, with AWS's message
     */
    public AccessKey verify(Exchange exchange) {
        String amzDate = exchange.header("X-Amz-Date") != null ? exchange.header("X-Amz-Date")
                : exchange.header("Date");
        SigV4.Authorization authorization = SigV4.parse(exchange.header("Authorization"), amzDate);
        checkScope(authorization);
        Instant signedAt = SigV4.requestTime(amzDate);
        checkTime(amzDate, signedAt);
        if (!authorization.date().equals(amzDate.substring(0, 8))) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + authorization.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        AccessKey key = keys.find(authorization.accessKeyId())
                .filter(found -> found.sessionToken().equals(Optional.ofNullable(
                        exchange.header("X-Amz-Security-Token"))))
                .orElseThrow(() -> new SigV4Exception(SigV4Exception.Reason.UNRECOGNIZED_CLIENT,
                        "The security token included in the request is invalid."));
        String expected = SigV4.signature(key.secretAccessKey(), authorization, amzDate, exchange.method(),
                exchange.uri().getRawPath(), exchange.uri().getRawQuery(), exchange.headers(), exchange.body());
        if (!SigV4.same(expected, authorization.signature())) {
            throw invalid(SigV4Exception.SIGNATURE_DOES_NOT_MATCH);
        }
        if (key.expiration().filter(expiration -> !clock.instant().isBefore(expiration)).isPresent()) {
            throw new SigV4Exception(SigV4Exception.Reason.EXPIRED_TOKEN,
                    "The security token included in the request is expired");
        }
        return key;
    }

    /** AWS's wording, trailing space included, as services answer it. */
    private void checkScope(SigV4.Authorization authorization) {
        if (!authorization.terminator().equals(SigV4.TERMINATOR)) {
            throw invalid("Credential should be scoped with a valid terminator: '" + SigV4.TERMINATOR + "', not '"
                    + authorization.terminator() + "'. ");
        }
        if (!authorization.service().equals(service)) {
            throw invalid("Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (!authorization.region().equals(region)) {
            throw invalid("Credential should be scoped to a valid region, not '" + authorization.region() + "'. ");
        }
        if (!authorization.signedHeaders().contains("host")) {
            throw invalid("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }

    private void checkTime(String amzDate, Instant signedAt) {
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(SIGNATURE_WINDOW))) {
            throw invalid("Signature expired: " + amzDate + " is now earlier than "
                    + SigV4.AMZ_DATE.format(now.minus(SIGNATURE_WINDOW)) + " (" + SigV4.AMZ_DATE.format(now)
                    + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(SIGNATURE_WINDOW))) {
            throw invalid("Signature not yet current: " + amzDate + " is still later than "
                    + SigV4.AMZ_DATE.format(now.plus(SIGNATURE_WINDOW)) + " (" + SigV4.AMZ_DATE.format(now)
                    + " + 5 min.)");
        }
    }

    private static SigV4Exception invalid(String message) {
        return new SigV4Exception(SigV4Exception.Reason.INVALID_SIGNATURE, message);
    }
}
