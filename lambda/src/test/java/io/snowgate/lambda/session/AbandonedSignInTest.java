package io.snowgate.lambda.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.junit5.MutableClock;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.secret.SecretCache;
import io.snowgate.lambda.secret.SecretUnavailableException;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sign-in still under way when the invocation's deadline passes: the caller is told Snowflake did not answer, and
 * what the abandoned sign-in brings back later is never used. A session it opened is logged out; no statement runs.
 * The real driver and AWS SDK against both stand-ins.
 */
class AbandonedSignInTest {

    /**
     * Short, so the caller gives up while the sign-in is held (the driver itself would wait its 60 s socket timeout),
     * yet long enough for a first login in this JVM to reach the stand-in.
     */
    private static final Duration INVOCATION = Duration.ofSeconds(4);
    private static final Duration SETTLE = Duration.ofSeconds(15);

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    /** Released in tearDown too, so a failing test leaves no request or worker held. */
    private final CountDownLatch release = new CountDownLatch(1);
    private LocalDeployment deployment;
    private SecretCache secrets;

    @BeforeEach
    void deploy() {
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(keys, "abandoned-passphrase"));
        JsonLog log = log();
        secrets = new SecretCache(new AwsSecretSource(deployment.client()), LocalDeployment.SECRET_ID,
                Optional.empty(), Duration.ofMinutes(15), Duration.ofHours(1), Clock.systemUTC(),
                new PrivateKeyReader(), log);
        // Read and decoded now: what is held in each test is the sign-in step it names, nothing before it.
        secrets.get(Deadline.in(SETTLE, Clock.systemUTC()));
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        deployment.close();
    }

    private JsonLog log() {
        return new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), new ObjectMapper(),
                Clock.systemUTC());
    }

    private JdbcSnowflakeSessions sessions(SignInSource signIns) {
        return new JdbcSnowflakeSessions(signIns, Optional.of(new SnowflakeEndpoint("http", "127.0.0.1",
                standIns.snowflake().port())), JdbcSnowflakeSessions.DEFAULT_VALIDATE_AFTER_IDLE, Clock.systemUTC(),
                log());
    }

    private static Integer selectOne(java.sql.Connection connection) throws java.sql.SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private long count(String kind) {
        return standIns.snowflake().counters().count(kind);
    }

    @Test
    void aLoginAnsweredAfterTheDeadline_isLoggedOutUnused_andRunsNoStatement() {
        CountDownLatch loginArrived = new CountDownLatch(1);
        standIns.snowflake().faultPolicy(request -> {
            if (SnowflakeStandIn.LOGIN.equals(request.kind())) {
                loginArrived.countDown();
                awaitUninterruptibly(release);
            }
            return Optional.empty();
        });
        try (JdbcSnowflakeSessions sessions = sessions(new SecretSignIns(secrets))) {

            assertThatThrownBy(() -> sessions.withConnection(Deadline.in(INVOCATION, Clock.systemUTC()),
                    AbandonedSignInTest::selectOne))
                    .isInstanceOfSatisfying(SQLTimeoutException.class, e -> assertThat(e.getSQLState())
                            .isEqualTo(JdbcSnowflakeSessions.NO_ANSWER_SQL_STATE));
            assertThat(loginArrived.getCount()).as("the login was under way when the caller gave up").isZero();

            release.countDown();
            Eventually.await("the late session to be logged out", SETTLE, () -> count(SnowflakeStandIn.CLOSE),
                    closes -> closes >= 1);

            assertThat(count(SnowflakeStandIn.LOGIN)).isEqualTo(1);
            assertThat(count(SnowflakeStandIn.CLOSE)).isEqualTo(1);
            assertThat(count(SnowflakeStandIn.QUERY)).as("statements run after the caller was answered").isZero();
            assertThat(standIns.snowflake().sessions()).singleElement().satisfies(s -> assertThat(s.ended()).isTrue());
        }
    }

    @Test
    void aSecretReadReturningAfterTheDeadline_signsInNowhere() throws InterruptedException {
        AtomicReference<Thread> worker = new AtomicReference<>();
        SecretSignIns secretSignIns = new SecretSignIns(secrets);
        SignInSource slowSecret = readingWith(secretSignIns, deadline -> {
            // As a read the SDK is still waiting on: an interrupt does not cut it short. It then answers (from the
            // warm cache, whatever the deadline), after the caller was told Snowflake did not answer.
            worker.set(Thread.currentThread());
            awaitUninterruptibly(release);
            return secretSignIns.current(deadline);
        });
        try (JdbcSnowflakeSessions sessions = sessions(slowSecret)) {

            assertThatThrownBy(() -> sessions.withConnection(Deadline.in(INVOCATION, Clock.systemUTC()),
                    AbandonedSignInTest::selectOne))
                    .isInstanceOfSatisfying(SQLTimeoutException.class, e -> assertThat(e.getSQLState())
                            .isEqualTo(JdbcSnowflakeSessions.NO_ANSWER_SQL_STATE));

            release.countDown();
            worker.get().join(SETTLE.toMillis());
            assertThat(worker.get().isAlive()).as("the abandoned worker finished").isFalse();

            assertThat(count(SnowflakeStandIn.LOGIN)).as("logins after the caller was answered").isZero();
            assertThat(count(SnowflakeStandIn.QUERY)).isZero();
        }
    }

    @Test
    void aSecretReadTimingOutAsTheDeadlinePasses_isTheDeadline_evenWhenItsOwnTimeoutIsNoticedFirst() {
        standIns.secretsManager().faults().delay("GetSecretValue", SETTLE);
        MutableClock deadlineClock = new MutableClock();
        Deadline deadline = Deadline.in(INVOCATION, deadlineClock);

        try (JdbcSnowflakeSessions sessions = sessions(readingAsTheDeadlinePasses(LocalDeployment.SECRET_ID,
                deadlineClock))) {

            assertThatThrownBy(() -> sessions.withConnection(deadline, AbandonedSignInTest::selectOne))
                    .isInstanceOfSatisfying(SignInTimeoutException.class, e -> assertThat(e.step())
                            .isEqualTo(new SecretSignIns(secrets).waitsOn()));
            assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"event\":\"snowflake_no_answer\"")
                    .contains("sign-in: " + new SecretSignIns(secrets).waitsOn());
            assertThat(count(SnowflakeStandIn.LOGIN)).isZero();
        }
    }

    @Test
    void aSecretReadRefusedAsTheDeadlinePasses_staysARefusal() {
        MutableClock deadlineClock = new MutableClock();
        Deadline deadline = Deadline.in(INVOCATION, deadlineClock);

        try (JdbcSnowflakeSessions sessions = sessions(readingAsTheDeadlinePasses("no/such/secret", deadlineClock))) {

            assertThatThrownBy(() -> sessions.withConnection(deadline, AbandonedSignInTest::selectOne))
                    .isInstanceOfSatisfying(SecretUnavailableException.class, e -> assertThat(e.errorCode())
                            .isEqualTo("ResourceNotFoundException"));
        }
    }

    /**
     * Reads {@code secretId} afresh and then moves {@code deadlineClock} past the deadline: a read that ends as the
     * deadline passes. The read's own bound (the SDK's call timeout, set from what remains) is cut short, so that its
     * outcome reaches the caller before the caller's own wait ends; at a real deadline the two end together and either
     * can be first.
     */
    private SignInSource readingAsTheDeadlinePasses(String secretId, MutableClock deadlineClock) {
        SecretSignIns uncached = new SecretSignIns(new SecretCache(new AwsSecretSource(deployment.client()), secretId,
                Optional.empty(), Duration.ofMinutes(15), Duration.ofHours(1), Clock.systemUTC(),
                new PrivateKeyReader(), log()));
        return readingWith(uncached, deadline -> {
            try {
                return uncached.current(deadline.within(Duration.ofMillis(500)));
            } finally {
                deadlineClock.advance(INVOCATION);
            }
        });
    }

    /** {@code secretSignIns} with {@code current} in place of its own way to read the secret. */
    private static SignInSource readingWith(SecretSignIns secretSignIns,
            java.util.function.Function<Deadline, SignIn> current) {
        return new SignInSource() {
            @Override
            public SignIn current(Deadline deadline) {
                return current.apply(deadline);
            }

            @Override
            public String waitsOn() {
                return secretSignIns.waitsOn();
            }

            @Override
            public boolean refetchesAfterRefusal() {
                return secretSignIns.refetchesAfterRefusal();
            }

            @Override
            public SignIn refetch(Deadline deadline) {
                return secretSignIns.refetch(deadline);
            }
        };
    }

    /** Waits as a blocking socket read does: an interrupt is remembered, not acted on. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (latch.await(SETTLE.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    throw new AssertionError("not released within " + SETTLE);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
