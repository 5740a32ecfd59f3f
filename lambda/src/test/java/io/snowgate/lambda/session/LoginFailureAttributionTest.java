package io.snowgate.lambda.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.snowflake.SnowflakeAccount;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.query.QueryFailure;
import io.snowgate.lambda.secret.SecretCache;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.testing.InMemorySecretSource;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.io.IOException;
import java.net.Socket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed sign-in says whose fault it is: an endpoint that cannot be reached (refused, TLS) is reported as such with
 * its host, never as a refused login; a refused login names the JWT account and user and says the account may be
 * wrong as well as the key. Real snowflake-jdbc against loopback: nothing leaves the machine.
 */
class LoginFailureAttributionTest {

    private static final String SECRET_ID = "snowgate/snowflake";
    private static final String USER = "SVC_SNOWGATE";

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                    .withAccount(SnowflakeAccount.parse("myorg-real"))).start());

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final InMemorySecretSource source = new InMemorySecretSource();

    private SnowflakeLoginException signIn(String account, SnowflakeEndpoint endpoint) {
        UserKey key = UserKey.generate(dir, "attribution-passphrase");
        snowflake.get().createServiceUser(USER, key.publicPem());
        source.put(SECRET_ID, SecretLayout.write(Map.of(
                SecretField.ACCOUNT, account, SecretField.USER, USER,
                SecretField.PRIVATE_KEY, key.body(), SecretField.PASSPHRASE, key.passphrase())));
        JsonLog log = new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), new ObjectMapper(),
                Clock.systemUTC());
        SecretCache secrets = new SecretCache(source, SECRET_ID, Optional.empty(), Duration.ofMinutes(5),
                Duration.ZERO, Clock.systemUTC(), new PrivateKeyReader(), log);
        try (JdbcSnowflakeSessions sessions = new JdbcSnowflakeSessions(secrets, Optional.of(endpoint),
                JdbcSnowflakeSessions.DEFAULT_VALIDATE_AFTER_IDLE, Clock.systemUTC(), log)) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> sessions.withConnection(
                    Deadline.in(Duration.ofSeconds(20), Clock.systemUTC()), connection -> 1));
            assertThat(thrown).isInstanceOf(SnowflakeLoginException.class);
            return (SnowflakeLoginException) thrown;
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aPortNothingListensOn_isUnreachable_withItsHost_notARefusedLogin_norRetriedWithTheSecretReadAgain()
            throws Exception {
        int port = closedPort();

        SnowflakeLoginException failure = signIn("myorg-real", new SnowflakeEndpoint("http", "127.0.0.1", port));

        assertThat(failure.unreachable()).isTrue();
        assertThat(source.fetches()).as("only a refused key makes the secret worth reading again").isEqualTo(1);
        assertThat(failure.getMessage()).startsWith("Snowflake at 127.0.0.1:" + port + " could not be reached (")
                .contains("connection refused").doesNotContain("refused the login");
        QueryFailure classified = QueryFailure.of(failure);
        assertThat(classified.code()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"event\":\"snowflake_unreachable\"")
                .contains("\"host\":\"127.0.0.1:" + port + "\"");
    }

    @Test
    void snowflakeAnsweringEveryLoginWith503_isUnavailable_namingTheStatus_notAHostOrNetworkPathToCheck() {
        snowflake.get().faults().failNext(SnowflakeStandIn.LOGIN, 1_000, new Fault.Status(503));

        SnowflakeLoginException failure = signIn("myorg-real",
                new SnowflakeEndpoint("http", "127.0.0.1", snowflake.get().port()));

        assertThat(failure.unreachable()).isTrue();
        assertThat(failure.getMessage()).startsWith("Snowflake at 127.0.0.1:" + snowflake.get().port()
                + " answered HTTP 503").doesNotContain("could not be reached").doesNotContain("check the host");
        assertThat(QueryFailure.of(failure).code()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"cause\":\"HTTP 503\"");
    }

    @Test
    void aTlsHandshakeWithAPlainHttpListener_isUnreachable_namingTls() throws Exception {
        // A plain HTTP server answering whatever arrives, as one does to a TLS ClientHello.
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = Thread.ofVirtual().start(() -> {
                while (!plain.isClosed()) {
                    try (Socket client = plain.accept()) {
                        client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            int port = plain.getLocalPort();

            SnowflakeLoginException failure = signIn("myorg-real",
                    new SnowflakeEndpoint("https", "127.0.0.1", port));

            assertThat(failure.unreachable()).isTrue();
            assertThat(failure.getMessage()).startsWith("Snowflake at 127.0.0.1:" + port + " could not be reached (")
                    .contains("TLS handshake failed");
            assertThat(QueryFailure.of(failure).code()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
            plain.close();
            answering.join(5_000);
        }
    }

    @Test
    void aWrongAccount_isARefusedLogin_thatNamesTheJwtAccountAndUser_andDoesNotBlameTheKeyAlone() {
        SnowflakeLoginException failure = signIn("myorg-wrong", new SnowflakeEndpoint("http", "127.0.0.1", snowflake.get().port()));

        assertThat(failure.unreachable()).isFalse();
        assertThat(failure.keyRejected()).isTrue();
        assertThat(source.fetches()).as("the secret read again once, in case the key was rotated").isEqualTo(2);
        assertThat(failure.getMessage()).contains("user " + USER).contains("account MYORG-WRONG")
                .contains("the account may be wrong as well as the key");
        assertThat(QueryFailure.of(failure).code()).isEqualTo("AUTHENTICATION_FAILED");
    }
}
