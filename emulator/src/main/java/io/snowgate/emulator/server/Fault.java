package io.snowgate.emulator.server;

import java.util.Objects;

/**
 * What a stand-in does instead of (or after) serving one request: the network and front-end failures a client of
 * the real service meets.
 */
public sealed interface Fault permits Fault.Error, Fault.Status, Fault.Drop, Fault.LostResponse, Fault.BlackHole {

    /**
     * A protocol-level error in the stand-in's own wire format: an AWS {@code __type} for Secrets Manager,
     * a Snowflake error code for Snowflake.
     */
    record Error(String code, String message) implements Fault {
        public Error {
            Objects.requireNonNull(code, "code");
            message = message == null ? code : message;
        }
    }

    /**
     * An HTTP error status. With {@code realBody} the body is the one the real service (or its front end) sends
     * with that status ({@link StandInServer#statusBody}); otherwise it is empty, as a bare load balancer answers.
     * With {@code afterHandling} the request is served first (a statement runs, a secret changes) and only the
     * answer is replaced: the client cannot tell whether its request took effect.
     */
    record Status(int httpStatus, boolean realBody, boolean afterHandling) implements Fault {
        public Status {
            if (httpStatus < 100 || httpStatus > 599) {
                throw new IllegalArgumentException("HTTP status out of range: " + httpStatus);
            }
        }

        /** A bare status with an empty body, before the request is served. */
        public Status(int httpStatus) {
            this(httpStatus, false, false);
        }
    }

    /** The connection is closed without any response; the request is not served. */
    record Drop() implements Fault {
    }

    /** The request is served, then the connection is closed before the response: it took effect, unseen. */
    record LostResponse() implements Fault {
    }

    /**
     * The request is accepted and never answered: the connection stays open until the client gives up or the
     * stand-in closes (at most {@link StandInServer#BLACK_HOLE_LIMIT}, so a forgotten one frees its thread).
     */
    record BlackHole() implements Fault {
    }
}
