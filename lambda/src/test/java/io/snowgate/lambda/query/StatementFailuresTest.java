package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.contract.FunctionSizing;
import io.snowgate.emulator.junit5.MutableClock;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.session.SessionClosedException;
import io.snowgate.lambda.session.SnowflakeLoginException;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.ScriptedSnowflakeSessions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import net.snowflake.client.api.exception.SnowflakeSQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the query path makes of each failure snowflake-jdbc reports, against a scripted session: the typed failure,
 * the code and status callers see, and a message free of bound values. The end-to-end tests prove the same paths
 * with the real driver against the Snowflake stand-in.
 */
class StatementFailuresTest {

    private static final String QUERY_ID = "01b2c3d4-0000-4e5f-8a9b-0c1d2e3f4a5b";
    private static final ResultLimits LIMITS =
            new ResultLimits(ResultLimits.DEFAULT_MAX_ROWS, ResultLimits.RESPONSE_BYTE_BUDGET);

    private final MutableClock clock = new MutableClock();
    private final ScriptedSnowflakeSessions sessions = new ScriptedSnowflakeSessions();
    private final QueryCatalog catalog = QueryCatalog.loadValid(Path.of(LocalDeployment.TEST_CATALOG),
            FunctionSizing.LAMBDA_MAX_TIMEOUT_SECONDS);
    private final QueryService queries = new QueryService(catalog, sessions, new ObjectMapper(), clock);
    private final QueryRuns runs = new QueryRuns(queries, sessions, new ObjectMapper(), clock);

    private QueryRequest echo(String text) {
        return new QueryRequest("echo_text", Map.of("text", text, "n", 7), "request-1", Optional.empty(),
                Optional.empty());
    }

    private Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(30), clock);
    }

    private QueryFailure failureOfRun(SQLException driverError) {
        sessions.failStatement(driverError);
        try {
            queries.run(echo("harmless"), deadline(), LIMITS);
        } catch (RuntimeException e) {
            return QueryFailure.of(e);
        }
        throw new AssertionError("the run did not fail");
    }

    @Test
    void snowflakeRefusingTheStatementAsDeployed_isQueryMisconfigured502_withItsCodeStateAndQueryId() {
        sessions.failStatement(new SnowflakeSQLException(QUERY_ID,
                "SQL compilation error:\nObject 'NO_SUCH_TABLE' does not exist or not authorized.", "42S02", 2003));

        assertThatThrownBy(() -> queries.run(echo("harmless"), deadline(), LIMITS))
                .isInstanceOfSatisfying(StatementFailedException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(2003);
                    assertThat(e.sqlState()).isEqualTo("42S02");
                    assertThat(e.queryId()).contains(QUERY_ID);
                    QueryFailure failure = QueryFailure.of(e);
                    assertThat(failure.code()).isEqualTo("QUERY_MISCONFIGURED");
                    assertThat(failure.httpStatus()).isEqualTo(502);
                    assertThat(failure.snowflakeCode()).contains("2003/42S02");
                });
    }

    @Test
    void aSessionClosedUnderTheStatement_isSnowflakeUnavailable502_sayingTheFunctionWasStopped_withNoSnowflakeCode() {
        QueryFailure failure = failureOfRun(new SessionClosedException());

        assertThat(failure.code()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
        assertThat(failure.httpStatus()).isEqualTo(502);
        assertThat(failure.message()).isEqualTo("the Snowflake session was closed while query 'echo_text' was under"
                + " way: the function was stopped");
        // The function closed the session itself: Snowflake gave no code, so none is shown (not "0").
        assertThat(failure.snowflakeCode()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"606, 57P03", "904, 42000", "1003, 42000", "2003, 02000", "2043, 02000", "2140, 42601",
        "3001, 42501", "90105, 22000", "90106, 22000"})
    void eachRefusalOfHowTheDeploymentIsSetUp_isQueryMisconfigured502(int code, String sqlState) {
        QueryFailure failure = failureOfRun(new SnowflakeSQLException(QUERY_ID, "refused", sqlState, code));

        assertThat(failure.code()).isEqualTo("QUERY_MISCONFIGURED");
        assertThat(failure.httpStatus()).isEqualTo(502);
    }

    @ParameterizedTest
    @CsvSource({"100038, 22018", "100051, 22012", "100035, 22007", "2002, 42710"})
    void aFailureOfTheStatementsOwn_isStatementFailed422(int code, String sqlState) {
        QueryFailure failure = failureOfRun(new SnowflakeSQLException(QUERY_ID, "failed", sqlState, code));

        assertThat(failure.code()).isEqualTo("STATEMENT_FAILED");
        assertThat(failure.httpStatus()).isEqualTo(422);
    }

    @Test
    void snowflakeRejectingTheStatementWithoutASqlState_isStillStatementFailed422_withItsCode() {
        // Snowflake sends some failures with no SQL state (the driver then has null); classifying must not trip on it.
        sessions.failStatement(new SnowflakeSQLException(QUERY_ID, "Statement rejected.", null, 100183));

        assertThatThrownBy(() -> queries.run(echo("harmless"), deadline(), LIMITS))
                .isInstanceOfSatisfying(StatementFailedException.class, e -> {
                    assertThat(e.sqlState()).isEmpty();
                    QueryFailure failure = QueryFailure.of(e);
                    assertThat(failure.code()).isEqualTo("STATEMENT_FAILED");
                    assertThat(failure.snowflakeCode()).contains("100183");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ab|Numeric value 'ab' is not recognized",
        "customer-4711|Numeric value 'CUSTOMER-4711' is not recognized",
        "customer-4711|String 'customer-\u20114711' is too long and would be truncated"})
    void aStatementWithBoundValues_neverPassesSnowflakesTextOn_howeverItQuotesThem(String value, String message) {
        sessions.failStatement(new SnowflakeSQLException(QUERY_ID, message, "22018", 100038));

        assertThatThrownBy(() -> queries.run(echo(value), deadline(), LIMITS))
                .isInstanceOfSatisfying(StatementFailedException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Snowflake failed the statement with error 100038 (SQL state "
                            + "22018); its message is withheld because it may quote a parameter value; see "
                            + "QUERY_HISTORY for query id " + QUERY_ID);
                    assertThat(e.errorCode()).isEqualTo(100038);
                });
    }

    @Test
    void aStatementWithoutBoundValues_keepsSnowflakesMessage() {
        sessions.failStatement(new SnowflakeSQLException(QUERY_ID,
                "SQL compilation error:\nObject 'NO_SUCH_TABLE' does not exist or not authorized.", "42S02", 2003));

        assertThatThrownBy(() -> queries.run(new QueryRequest("current_version", Map.of(), "request-2",
                Optional.empty(), Optional.empty()), deadline(), LIMITS))
                .hasMessageContaining("Object 'NO_SUCH_TABLE' does not exist");
    }

    @ParameterizedTest
    @CsvSource({"604, ''", "630, ''", "0, 57014"})
    void aStatementStoppedByItsTimeout_isDeadlineExceeded504(int code, String sqlState) {
        QueryFailure failure = failureOfRun(new SnowflakeSQLException(QUERY_ID, "SQL execution canceled",
                sqlState.isEmpty() ? null : sqlState, code));

        assertThat(failure.code()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(failure.httpStatus()).isEqualTo(504);
    }

    @Test
    void noAnswerFromSnowflake_beforeTheDeadline_isSnowflakeUnavailable502() {
        QueryFailure network = failureOfRun(new SnowflakeSQLException((String) null,
                "JDBC driver encountered communication error. Message: Connection reset.", "08001", 200015));
        QueryFailure connection = failureOfRun(new SQLTransientConnectionException("connection lost", "08006", 0));

        assertThat(network.code()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
        assertThat(network.httpStatus()).isEqualTo(502);
        assertThat(network.snowflakeCode()).contains("200015");
        assertThat(connection.code()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
        assertThat(connection.snowflakeCode()).as("a lost connection with no error code").isEmpty();
    }

    @Test
    void noAnswerFromSnowflake_onceTheDeadlineHasPassed_isTheDeadlinesDoing() {
        Deadline deadline = deadline();
        clock.advance(Duration.ofSeconds(31));
        sessions.failStatement(new SnowflakeSQLException((String) null, "read timed out", "08001", 200015));

        assertThatThrownBy(() -> queries.run(echo("x"), deadline, LIMITS))
                .isInstanceOf(QueryTimeoutException.class);
    }

    @Test
    void aRefusedLogin_passesThroughAsTheSessionReportedIt() {
        SnowflakeLoginException refused = new SnowflakeLoginException(390144, "SHA256:abc=", "XY12345", "SVC",
                Optional.of(QUERY_ID), "Snowflake does not accept this key for this user", null);
        sessions.failSession(refused);

        assertThatThrownBy(() -> queries.run(echo("x"), deadline(), LIMITS)).isSameAs(refused);
        assertThat(QueryFailure.of(refused).code()).isEqualTo("AUTHENTICATION_FAILED");
    }

    @Test
    void anUnexpectedError_isInternal500_namingOnlyItsClass_neverItsMessage() {
        IllegalStateException bug = new IllegalStateException("index 3 of 'secret-looking-value'");
        sessions.failSession(bug);

        assertThatThrownBy(() -> queries.run(echo("x"), deadline(), LIMITS)).isSameAs(bug);
        assertThat(QueryFailure.of(bug)).isEqualTo(new QueryFailure("INTERNAL", 500,
                "internal error (IllegalStateException)", Optional.empty()));
    }

    @Test
    void startingARun_translatesFailuresAlike() {
        sessions.failStatement(new SnowflakeSQLException(QUERY_ID, "Numeric value 'run-secret-99' is not recognized",
                "22018", 100038));

        assertThatThrownBy(() -> runs.start(echo("run-secret-99"), deadline()))
                .isInstanceOf(StatementFailedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("run-secret-99"));
    }

    @Test
    void aRunIdThatIsNotAQueryId_isUnknownWithoutAskingSnowflake() {
        assertThatThrownBy(() -> runs.poll(new RunReference("echo_text", "../../etc", Optional.empty()), deadline(),
                LIMITS)).isInstanceOf(RunNotFoundException.class);
        assertThat(sessions.calls()).isZero();
    }
}
