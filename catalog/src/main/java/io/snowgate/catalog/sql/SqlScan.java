package io.snowgate.catalog.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@link SqlScanner} found in one SQL text: its {@code :name} placeholders and the facts the catalog validates.
 *
 * @param sql                 the text that was scanned
 * @param parameters          every placeholder occurrence, in order of appearance (a name may repeat)
 * @param firstKeyword        the first keyword after comments and opening parentheses, upper-case
 * @param statementKind       what the statement does, by its first keyword
 * @param empty               whether the text holds no SQL at all (only whitespace, comments and {@code ;})
 * @param multipleStatements  whether a {@code ;} outside literals and comments is followed by more SQL or by
 *                            another {@code ;}
 * @param commentAfterTerminator whether a comment follows the statement's closing {@code ;}: Snowflake counts it as
 *                            a statement of its own, so the request holds two and is refused (000008)
 * @param positionalMarkers   whether the text holds a JDBC {@code ?} or a numbered {@code :1} marker (which Snowflake
 *                            fills with a bound value by position) outside literals and comments
 * @param problems            malformed text (unterminated literal, identifier, comment or {@code $$} body), with
 *                            line and column
 */
public record SqlScan(String sql, List<ParameterOccurrence> parameters, Optional<String> firstKeyword,
        StatementKind statementKind, boolean empty, boolean multipleStatements, boolean commentAfterTerminator,
        boolean positionalMarkers, List<String> problems) {

    public SqlScan {
        parameters = List.copyOf(parameters);
        problems = List.copyOf(problems);
    }

    /** The distinct placeholder names, in order of first appearance. */
    public Set<String> parameterNames() {
        Set<String> names = new LinkedHashSet<>();
        parameters.forEach(p -> names.add(p.name()));
        return names;
    }

    /**
     * Whether the statement only reads: its first keyword says so ({@link StatementKind#READ}: SELECT, WITH, SHOW,
     * DESCRIBE, LIST, ...), and no placeholder decides which object it reads or what runs
     * ({@link ParameterOccurrence#becomesSqlIn()}).
     */
    public boolean isReadOnly() {
        return statementKind == StatementKind.READ
                && parameters.stream().allMatch(p -> p.becomesSqlIn().isEmpty());
    }

    /** The placeholders whose value would become SQL text rather than stay a value. */
    public List<ParameterOccurrence> placeholdersBecomingSql() {
        return parameters.stream().filter(p -> p.becomesSqlIn().isPresent()).toList();
    }

    /** The SQL with each {@code :name} occurrence replaced by a JDBC {@code ?} marker; everything else unchanged. */
    public String jdbcSql() {
        return jdbcSql(p -> "?");
    }

    /**
     * The SQL with each {@code :name} occurrence replaced by the text {@code marker} gives for it (one holding a
     * single JDBC {@code ?}); everything else unchanged.
     */
    public String jdbcSql(Function<ParameterOccurrence, String> marker) {
        StringBuilder out = new StringBuilder(sql.length());
        int from = 0;
        for (ParameterOccurrence p : parameters) {
            out.append(sql, from, p.start()).append(marker.apply(p));
            from = p.end();
        }
        return out.append(sql, from, sql.length()).toString();
    }
}
