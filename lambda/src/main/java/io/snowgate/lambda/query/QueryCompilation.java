package io.snowgate.lambda.query;

import io.snowgate.catalog.NamedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether Snowflake compiles each catalog query in a session, without running any: snowflake-jdbc describes a prepared
 * statement when its metadata is asked for (a query request with {@code describeOnly}, {@code
 * SnowflakePreparedStatementImpl.describeSqlIfNotTried}), which Snowflake answers by compiling the statement as the
 * session's role, database and schema resolve it. What fails here fails every run as {@code QUERY_MISCONFIGURED}: a
 * table missing or not granted, an invalid identifier, a syntax error. A missing warehouse does not (compiling needs
 * none), nor anything only a run meets (a value Snowflake cannot convert). The driver itself lets a statement
 * Snowflake cannot describe pass (DDL, code 7), so such a query shows as compiling.
 */
public final class QueryCompilation {

    /**
     * One query's outcome.
     *
     * @param query     the query's name
     * @param errorCode Snowflake's error code when it refused to compile the statement
     * @param sqlState  its SQL state, when given
     * @param message   Snowflake's message, which may span lines (the statement binds no value here, so it quotes
     *                  none)
     */
    public record Outcome(String query, Optional<Integer> errorCode, Optional<String> sqlState,
            Optional<String> message) {

        public Outcome {
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(sqlState, "sqlState");
            Objects.requireNonNull(message, "message");
        }

        /** Whether Snowflake compiled it. */
        public boolean compiles() {
            return errorCode.isEmpty();
        }
    }

    private QueryCompilation() {
    }

    /** One outcome per query, in the order given. */
    public static List<Outcome> check(Connection connection, List<NamedQuery> queries) {
        return queries.stream().map(query -> compile(connection, query)).toList();
    }

    private static Outcome compile(Connection connection, NamedQuery query) {
        try (PreparedStatement statement = connection.prepareStatement(query.jdbcSql())) {
            statement.getMetaData();
            return new Outcome(query.name(), Optional.empty(), Optional.empty(), Optional.empty());
        } catch (SQLException e) {
            return new Outcome(query.name(), Optional.of(e.getErrorCode()), Optional.ofNullable(e.getSQLState()),
                    Optional.ofNullable(e.getMessage()));
        }
    }
}
