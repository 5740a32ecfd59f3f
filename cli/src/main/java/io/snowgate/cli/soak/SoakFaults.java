package io.snowgate.cli.soak;

import io.snowgate.emulator.server.Fault;
import java.util.Optional;

/**
 * The faults the soak injects, and what each one leaves the function able to do: every fault is either one the
 * function is designed to absorb (an invocation it hits must still succeed) or one that leaves nothing to do within
 * that invocation, with the code the invocation must then fail with.
 */
final class SoakFaults {

    private SoakFaults() {
    }

    /** Snowflake's code for a refused JWT, as the stand-in words it. */
    static final String JWT_INVALID = "390144";

    /** A fault aimed at one invocation's catalog statement (its query-request, found by its QUERY_TAG). */
    enum StatementFault {
        /** The connection closes before the statement is served; snowflake-jdbc posts it again. */
        DROPPED_ONCE("statement connection dropped once", null, false),
        /** Every post of the statement is dropped: the driver's retries run out. */
        DROPPED_EVERY_TIME("statement connection dropped on every retry", "SNOWFLAKE_UNAVAILABLE", false),
        /** Accepted, never answered: only the invocation's deadline ends the wait. */
        BLACK_HOLE("statement black-holed", "DEADLINE_EXCEEDED", false),
        /** Served, then the connection closes: the driver re-posts and the statement runs twice. */
        LOST_RESPONSE("statement's response lost", null, true),
        /** Served, then Snowflake's front end answers 503: the driver retries and it runs twice. */
        UNAVAILABLE_AFTER_RUNNING("503 after the statement ran", null, true),
        /** Snowflake's front end answers 429 before serving it: the driver retries. */
        TOO_MANY_REQUESTS("429 before the statement ran", null, false);

        private final String description;
        private final String code;
        private final boolean runsTwice;

        StatementFault(String description, String code, boolean runsTwice) {
            this.description = description;
            this.code = code;
            this.runsTwice = runsTwice;
        }

        String description() {
            return description;
        }

        /** The code an invocation this fault hit must fail with; empty when it must succeed. */
        Optional<String> unrecoverableCode() {
            return Optional.ofNullable(code);
        }

        /**
         * Whether the statement runs a second time (the driver's own re-post of a statement Snowflake already ran):
         * such a fault is aimed at retry-safe statements only, as the README's "Statements that must not run twice"
         * documents this as the worst case for the others.
         */
        boolean runsTwice() {
            return runsTwice;
        }

        /** The fault for the {@code attempt}-th post (0-based) of the statement, or null when it is served. */
        Fault fault(int attempt) {
            return switch (this) {
                case DROPPED_ONCE -> attempt == 0 ? new Fault.Drop() : null;
                case DROPPED_EVERY_TIME -> new Fault.Drop();
                case BLACK_HOLE -> attempt == 0 ? new Fault.BlackHole() : null;
                case LOST_RESPONSE -> attempt == 0 ? new Fault.LostResponse() : null;
                case UNAVAILABLE_AFTER_RUNNING -> attempt == 0 ? new Fault.Status(503, true, true) : null;
                case TOO_MANY_REQUESTS -> attempt == 0 ? new Fault.Status(429, true, false) : null;
            };
        }
    }

    /**
     * A fault aimed at one execution environment's reads of Secrets Manager during one invocation: the first
     * invocation of that environment that reads the secret (a sign-in whose cached secret is due, or a refetch after
     * a refused key) meets it. Each environment's reads come in episodes, one per invocation that reads; the seed
     * decides each episode's fault.
     */
    enum SecretsFault {
        THROTTLED_ONCE("GetSecretValue throttled once"),
        SERVER_ERROR_ONCE("GetSecretValue answered 500 once"),
        UNAVAILABLE_ONCE("GetSecretValue answered a bare 503 once"),
        DROPPED_ONCE("GetSecretValue connection dropped once"),
        BLACK_HOLE_ONCE("GetSecretValue black-holed once"),
        /** Every read in the episode is throttled or answered 503: Secrets Manager is down for that invocation. */
        OUTAGE("Secrets Manager down (every read throttled or 503)");

        private final String description;

        SecretsFault(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }

        /** The fault for the {@code read}-th request (0-based) of the episode, or null when it is served. */
        Fault fault(int read) {
            return switch (this) {
                case THROTTLED_ONCE -> read == 0 ? throttled() : null;
                case SERVER_ERROR_ONCE -> read == 0 ? new Fault.Error("InternalServiceError", "Internal error") : null;
                case UNAVAILABLE_ONCE -> read == 0 ? new Fault.Status(503) : null;
                case DROPPED_ONCE -> read == 0 ? new Fault.Drop() : null;
                case BLACK_HOLE_ONCE -> read == 0 ? new Fault.BlackHole() : null;
                case OUTAGE -> read % 2 == 0 ? throttled() : new Fault.Status(503);
            };
        }

        private static Fault throttled() {
            return new Fault.Error("ThrottlingException", "Rate exceeded");
        }
    }

    /** What happens to every execution environment at once, at a point of the run's progress. */
    enum GlobalFault {
        SESSION_TOKENS_EXPIRE("session tokens expire (390112: renewed)"),
        MASTER_TOKENS_EXPIRE("session and master tokens expire (390114: session ends)"),
        SESSIONS_ENDED("sessions ended by Snowflake (390111)"),
        LOGIN_REFUSED_ONCE("the next login refused once (390144)"),
        KEY_ROTATION("RotateSecret: the real rotation function, previous key revoked");

        private final String description;

        GlobalFault(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }
}
