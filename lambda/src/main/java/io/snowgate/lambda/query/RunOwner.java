package io.snowgate.lambda.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whose asynchronous run a statement is, written into the statement's own text as a trailing comment, so that
 * Snowflake's query monitoring, which reports a statement's text by its query id, says who may read the run: no
 * lookup in {@code QUERY_HISTORY} (which needs a current database and lists at most the newest 10,000 statements),
 * no key to provision. Appended, not prepended: Snowflake keeps trailing comments in a statement's text and strips
 * leading ones (what dbt's {@code query-comment: append: true} is for). The comment is base64url JSON, so no caller
 * name can end it early.
 *
 * @param query  the catalog query the run was started as
 * @param caller the principal that started it
 */
record RunOwner(String query, Optional<String> caller) {

    private static final String MARK = "/* snowgate-run:";
    private static final String END = " */";

    /** The statement text a run of {@code jdbcSql} started by this owner carries (a trailing {@code ;} dropped). */
    String statementText(String jdbcSql, ObjectMapper json) {
        Map<String, String> owner = new LinkedHashMap<>();
        owner.put("query", query);
        caller.ifPresent(c -> owner.put("caller", c));
        try {
            return withoutTerminator(jdbcSql) + " " + MARK
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(owner)) + END;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /**
     * The owner a statement's text names, when it is a run of {@code jdbcSql} started by Snowgate; empty for any other
     * statement (another query's, or one not started as a run).
     */
    static Optional<RunOwner> of(String statementText, String jdbcSql, ObjectMapper json) {
        String prefix = withoutTerminator(jdbcSql) + " " + MARK;
        if (statementText == null || !statementText.startsWith(prefix) || !statementText.endsWith(END)) {
            return Optional.empty();
        }
        String encoded = statementText.substring(prefix.length(), statementText.length() - END.length());
        try {
            JsonNode owner = json.readTree(Base64.getUrlDecoder().decode(encoded.getBytes(StandardCharsets.US_ASCII)));
            if (!owner.path("query").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new RunOwner(owner.get("query").textValue(),
                    owner.path("caller").isTextual() ? Optional.of(owner.get("caller").textValue()) : Optional.empty()));
        } catch (IllegalArgumentException | java.io.IOException e) {
            // Not base64 or not JSON after the mark: a statement that only looks like a run's, not one Snowgate began.
            return Optional.empty();
        }
    }

    private static String withoutTerminator(String sql) {
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }
}
