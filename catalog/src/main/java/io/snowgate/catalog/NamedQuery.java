package io.snowgate.catalog;

import io.snowgate.catalog.sql.ParameterOccurrence;
import io.snowgate.catalog.sql.SqlScan;
import io.snowgate.catalog.sql.SqlScanner;
import io.snowgate.catalog.sql.StatementKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One query of the catalog: SQL with {@code :name} placeholders and everything needed to run it safely.
 *
 * @param name            unique, {@link #NAME_PATTERN}; used in URLs and schedule names
 * @param description     what the query is for; empty when not given
 * @param sql             exactly one Snowflake statement
 * @param parameters      the declared parameters, in catalog order
 * @param maxRows         most rows returned; more are cut off by the caller
 * @param timeoutSeconds  statement timeout; no more than the function's
 * @param schedule        when EventBridge Scheduler runs it, if ever
 * @param exposedOverHttp whether the HTTP API may run it ({@code http} in the file; default false)
 * @param httpAllows      the catalog's explicit opt-in to expose DDL, DCL or a call over HTTP ({@code httpAllows} in
 *                        the file: {@code ddl}, {@code dcl} or {@code call}); empty when not given
 * @param retrySafe       whether running it twice is harmless, so failures may be retried (default: read-only SQL)
 */
public record NamedQuery(String name, String description, String sql, List<ParameterSpec> parameters,
        OptionalInt maxRows, OptionalInt timeoutSeconds, Optional<ScheduleSpec> schedule,
        boolean exposedOverHttp, Optional<StatementKind> httpAllows, boolean retrySafe) {

    /** What query and parameter names must look like: usable as a URL path segment and in a schedule name. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /**
     * A query or parameter name a caller sent, as a message may repeat it: as it is when it has a name's form
     * ({@link #NAME_PATTERN}), otherwise {@code (invalid name)}, so that nothing else a caller sent is echoed.
     */
    public static String shownName(String name) {
        return name != null && NAME_PATTERN.matcher(name).matches() ? name : "(invalid name)";
    }

    /**
     * A parameter the scheduled handler fills with the schedule's firing time (a timestamp), so a scheduled
     * statement can be written to be idempotent. Declare it like any other parameter to use it.
     */
    public static final String SCHEDULED_TIME_PARAMETER = "scheduled_time";

    public NamedQuery {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        description = description == null ? "" : description;
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        maxRows = maxRows == null ? OptionalInt.empty() : maxRows;
        timeoutSeconds = timeoutSeconds == null ? OptionalInt.empty() : timeoutSeconds;
        schedule = schedule == null ? Optional.empty() : schedule;
        httpAllows = httpAllows == null ? Optional.empty() : httpAllows;
    }

    /**
     * Whether {@code sql} only reads (its first keyword, and no placeholder naming what it reads or runs): the
     * default for {@code retrySafe}.
     */
    public static boolean isReadOnly(String sql) {
        return SqlScanner.scan(sql).isReadOnly();
    }

    /** The declared parameter called {@code parameterName}. */
    public Optional<ParameterSpec> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /**
     * Checks and converts {@code params} against the declarations and produces the JDBC statement. Values are only
     * ever bound, never written into the SQL. Missing values take their default; a missing optional parameter
     * without one binds NULL.
     *
     * @param params values by parameter name, as Jackson reads them from JSON (String, Number, Boolean), or already
     *               typed (LocalDate, OffsetDateTime, Instant); {@code null} means none
     * @throws ParameterException an undeclared parameter, a missing required one, or a value of the wrong type or
     *                            out of bounds; names the query and parameter, never the value
     * @throws CatalogException   the query itself is invalid (what {@link CatalogValidator} reports)
     */
    public BoundStatement bind(Map<String, Object> params) {
        Map<String, Object> given = params == null ? Map.of() : params;
        for (String key : given.keySet()) {
            if (parameter(key).isEmpty()) {
                throw new ParameterException(name, shownName(key), "is not a parameter of this query");
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (ParameterSpec spec : parameters) {
            values.put(spec.name(), value(spec, given.get(spec.name())));
        }
        SqlScan scan = scan();
        List<BoundValue> bound = new ArrayList<>(scan.parameters().size());
        for (ParameterOccurrence occurrence : scan.parameters()) {
            ParameterSpec spec = declaration(occurrence);
            bound.add(new BoundValue(spec.name(), spec.type(), values.get(spec.name()), spec.sensitive()));
        }
        return new BoundStatement(jdbcSql(scan), bound);
    }

    /**
     * The statement sent to Snowflake: the SQL with each placeholder replaced by its type's
     * {@link ParameterType#jdbcMarker()}, as in every {@link BoundStatement} of this query.
     *
     * @throws CatalogException the query itself is invalid (what {@link CatalogValidator} reports)
     */
    public String jdbcSql() {
        return jdbcSql(scan());
    }

    private String jdbcSql(SqlScan scan) {
        return scan.jdbcSql(occurrence -> declaration(occurrence).type().jdbcMarker());
    }

    private SqlScan scan() {
        SqlScan scan = SqlScanner.scan(sql);
        if (!scan.problems().isEmpty()) {
            throw new CatalogException("query '" + name + "': sql has " + String.join("; ", scan.problems()));
        }
        return scan;
    }

    private ParameterSpec declaration(ParameterOccurrence occurrence) {
        return parameter(occurrence.name()).orElseThrow(() -> new CatalogException(
                "query '" + name + "': sql uses :" + occurrence.name() + ", which is not declared"));
    }

    private Object value(ParameterSpec spec, Object input) {
        if (input != null) {
            try {
                return ParameterValues.accept(name, spec, input);
            } catch (RejectedValue e) {
                throw new ParameterException(name, spec.name(), e.getMessage());
            }
        }
        if (spec.defaultValue().isPresent()) {
            try {
                return ParameterValues.accept(name, spec, spec.defaultValue().get());
            } catch (RejectedValue e) {
                throw new CatalogException(
                        "query '" + name + "', parameter '" + spec.name() + "': default " + e.getMessage());
            }
        }
        if (spec.required()) {
            throw new ParameterException(name, spec.name(), "is required");
        }
        return null;
    }
}
