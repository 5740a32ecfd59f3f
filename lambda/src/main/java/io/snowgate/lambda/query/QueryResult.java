package io.snowgate.lambda.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a statement returned.
 *
 * @param query       the catalog name
 * @param queryId     Snowflake's query id, for QUERY_HISTORY and support
 * @param columns     the result's columns (empty for DML and DDL)
 * @param rows        the rows kept, as typed JSON objects keyed by column name
 * @param truncated   whether rows were left out because of {@link ResultLimits}
 * @param updateCount rows changed by DML, when the statement was not a query
 * @param elapsed     time from sending the statement to having read the rows
 */
public record QueryResult(String query, String queryId, List<Column> columns, List<ObjectNode> rows,
        boolean truncated, OptionalLong updateCount, Duration elapsed) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public int rowCount() {
        return rows.size();
    }
}
