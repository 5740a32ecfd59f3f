package io.snowgate.cli.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.cli.soak.InvocationRecord.SecretsEpisode;
import io.snowgate.cli.soak.SoakFaults.StatementFault;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.server.FaultPolicy;
import io.snowgate.emulator.server.RecordedRequest;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.query.QueryTag;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The soak's two {@link FaultPolicy fault policies}: they aim each planned fault at the one request it is meant for
 * and note, on the invocation that sent it, that it was hit. Every attribution the verdicts rest on is made here,
 * in the stand-in's thread, while the invocation that sent the request waits for the answer.
 */
final class ChaosPolicies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChaosPolicies() {
    }

    /**
     * Secrets Manager: a GetSecretValue request names its environment ({@link SoakEnvironment#ENVIRONMENT_HEADER});
     * the first one of an invocation opens the environment's next reading episode, whose planned fault then applies
     * to every read of that invocation. Requests without the header (the rotation function's, the soak's own) are
     * never faulted.
     */
    static final class Secrets implements FaultPolicy {
        static final String GET_SECRET_VALUE = "GetSecretValue";

        private final SoakPlan plan;
        private final SoakEnvironment[] environments;
        private final AtomicLong unattributed = new AtomicLong();

        Secrets(SoakPlan plan, SoakEnvironment[] environments) {
            this.plan = plan;
            this.environments = environments;
        }

        @Override
        public Optional<Fault> faultFor(RecordedRequest request) {
            String header = request.header(SoakEnvironment.ENVIRONMENT_HEADER);
            if (!GET_SECRET_VALUE.equals(request.kind()) || header == null) {
                return Optional.empty();
            }
            SoakEnvironment environment = environments[Integer.parseInt(header)];
            environment.countSecretRead();
            InvocationRecord record = environment.current();
            if (record == null) {
                unattributed.incrementAndGet();
                return Optional.empty();
            }
            Fault fault;
            synchronized (record) {
                SecretsEpisode episode = record.episode();
                if (episode == null) {
                    int number = environment.nextEpisode();
                    episode = new SecretsEpisode(number, plan.secretsFault(environment.index(), number),
                            environment.hasGoodSecret(), 0, 0);
                }
                int read = episode.reads();
                fault = episode.fault().map(planned -> planned.fault(read)).orElse(null);
                record.episode(episode.read(fault != null));
            }
            if (fault == null) {
                environment.readServed();
            } else {
                environment.readFaulted();
            }
            return Optional.ofNullable(fault);
        }

        /** GetSecretValue requests of an environment that arrived while none of its invocations ran. */
        long unattributed() {
            return unattributed.get();
        }
    }

    /**
     * Snowflake: a statement's query-request carries its invocation's QUERY_TAG, which names the request id the
     * statement fault was aimed at; the next login is refused when a global fault asks for it.
     */
    static final class Snowflake implements FaultPolicy {

        /** A statement fault aimed at one invocation, with the posts of its statement counted. */
        static final class Aim {
            private final StatementFault fault;
            private int posts;
            private int faulted;

            Aim(StatementFault fault) {
                this.fault = fault;
            }

            synchronized Fault next() {
                Fault next = fault.fault(posts++);
                if (next != null) {
                    faulted++;
                }
                return next;
            }

            StatementFault fault() {
                return fault;
            }

            synchronized int posts() {
                return posts;
            }

            synchronized int faulted() {
                return faulted;
            }
        }

        private final Map<String, Aim> aims = new ConcurrentHashMap<>();
        private final AtomicBoolean refuseNextLogin = new AtomicBoolean();
        /** When each armed refusal met a login: the invocation that made that login is the one it hit. */
        private final List<Instant> loginsRefused = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final ReentrantLock rotationStep;

        Snowflake(ReentrantLock rotationStep) {
            this.rotationStep = rotationStep;
        }

        /** Aims {@code fault} at the statement tagged with {@code requestId}, until {@link #withdraw}. */
        void aim(String requestId, StatementFault fault) {
            aims.put(requestId, new Aim(fault));
        }

        /** Withdraws the fault aimed at {@code requestId}: what it hit. */
        Optional<Aim> withdraw(String requestId) {
            return Optional.ofNullable(aims.remove(requestId));
        }

        /**
         * Refuses the next login of the service user once, with Snowflake's 390144, but not one a rotation step
         * makes (that is the rotation's failure to retry, not an execution environment's).
         */
        void refuseNextLogin() {
            refuseNextLogin.set(true);
        }

        /** When each armed refusal met a login (the login request's arrival), oldest first. */
        List<Instant> loginsRefused() {
            return List.copyOf(loginsRefused);
        }

        /** Whether a planned refusal is still waiting for a login. */
        boolean loginRefusalPending() {
            return refuseNextLogin.get();
        }

        @Override
        public Optional<Fault> faultFor(RecordedRequest request) {
            return switch (request.kind()) {
                case SnowflakeStandIn.QUERY -> requestIdOf(request).map(aims::get).map(Aim::next);
                case SnowflakeStandIn.LOGIN -> {
                    if (!rotationStep.isLocked() && refuseNextLogin.compareAndSet(true, false)) {
                        loginsRefused.add(request.receivedAt());
                        yield Optional.of(new Fault.Error(SoakFaults.JWT_INVALID,
                                "JWT token is invalid. [" + UUID.randomUUID() + "]"));
                    }
                    yield Optional.empty();
                }
                default -> Optional.empty();
            };
        }

        /** The request id in a query-request's QUERY_TAG statement parameter, as Snowgate writes it. */
        static Optional<String> requestIdOf(RecordedRequest request) {
            try {
                JsonNode tag = JSON.readTree(request.body()).path("parameters").path("QUERY_TAG");
                return tag.isTextual() ? QueryTag.fromJson(JSON, tag.asText()).map(QueryTag::requestId)
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
