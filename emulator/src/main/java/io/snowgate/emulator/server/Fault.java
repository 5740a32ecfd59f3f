package io.snowgate.emulator.server;

import java.util.Objects;

/** What a stand-in does instead of serving one request. */
public sealed interface Fault permits Fault.Error, Fault.Status, Fault.Drop {

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

    /** A bare HTTP status with an empty body, as a load balancer in front of the service would answer. */
    record Status(int httpStatus) implements Fault {
        public Status {
            if (httpStatus < 100 || httpStatus > 599) {
                throw new IllegalArgumentException("HTTP status out of range: " + httpStatus);
            }
        }
    }

    /** The connection is closed without any response. */
    record Drop() implements Fault {
    }
}
