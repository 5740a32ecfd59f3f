package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of Snowflake's session and query endpoints (v1, what the JDBC driver speaks). */
final class Wire {

    private Wire() {
    }

    /** {@code POST /session/v1/login-request} body {@code data}. Unknown fields (CLIENT_ENVIRONMENT…) are ignored. */
    record LoginRequest(String loginName, String accountName, String authenticator, String token,
                        Map<String, JsonNode> sessionParameters, String clientAppId, String clientAppVersion,
                        String provider) {

        static LoginRequest from(JsonNode body) {
            JsonNode data = body.path("data");
            Map<String, JsonNode> parameters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            data.path("SESSION_PARAMETERS").properties().forEach(e -> parameters.put(e.getKey(), e.getValue()));
            return new LoginRequest(text(data, "LOGIN_NAME"), text(data, "ACCOUNT_NAME"),
                    text(data, "AUTHENTICATOR"), text(data, "TOKEN"), parameters, text(data, "CLIENT_APP_ID"),
                    text(data, "CLIENT_APP_VERSION"), text(data, "PROVIDER"));
        }

        /** Without the token: a JWT signed with the user's key, or an AWS attestation. */
        @Override
        public String toString() {
            return "LoginRequest[loginName=" + loginName + ", accountName=" + accountName + ", authenticator="
                    + authenticator + ", provider=" + provider + "]";
        }
    }

    /** One positional binding: {@code {"type":"FIXED","value":"1"}}; {@code value} is a string, null or an array. */
    record Binding(String type, JsonNode value) {
    }

    /** {@code POST /queries/v1/query-request} body. */
    record QueryRequest(String sqlText, Map<Integer, Binding> bindings, Map<String, JsonNode> parameters,
                        boolean describeOnly, boolean asyncExec) {

        static QueryRequest from(JsonNode body) {
            Map<Integer, Binding> bindings = new TreeMap<>();
            body.path("bindings").properties().forEach(e -> bindings.put(Integer.parseInt(e.getKey()),
                    new Binding(e.getValue().path("type").asText("ANY").toUpperCase(Locale.ROOT), e.getValue().get("value"))));
            Map<String, JsonNode> parameters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            body.path("parameters").properties().forEach(e -> parameters.put(e.getKey(), e.getValue()));
            return new QueryRequest(text(body, "sqlText"), bindings, parameters,
                    body.path("describeOnly").asBoolean(false), body.path("asyncExec").asBoolean(false));
        }
    }

    /** One {@code rowtype} entry. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Column(String name, String database, String schema, String table, String type, Integer precision,
                  Integer scale, Integer length, Integer byteLength, boolean nullable, String collation) {
    }

    /** The envelope every endpoint answers with, always HTTP 200 (non-200 makes the driver retry or lose the message). */
    static Map<String, Object> success(Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("data", data);
        envelope.put("code", null);
        envelope.put("message", null);
        envelope.put("success", true);
        return envelope;
    }

    /** A logical failure; {@code code} is always present, or the driver dumps the body to {@code output.json}. */
    static Map<String, Object> failure(String code, String message, Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("data", data);
        envelope.put("code", code);
        envelope.put("message", message);
        envelope.put("success", false);
        return envelope;
    }

    /** A failed statement: {@code data.sqlState} makes the driver report the SQL state and the vendor code. */
    static Map<String, Object> statementFailure(StandInSqlException failure, String queryId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("internalError", false);
        data.put("errorCode", failure.code());
        data.put("sqlState", failure.sqlState());
        data.put("queryId", queryId);
        data.put("line", -1);
        data.put("pos", -1);
        return failure(failure.code(), failure.getMessage(), data);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * Rows and their types, plus what the statement was, as the query response carries them; a multi-statement
     * parent also names its children ({@code resultIds}/{@code resultTypes}), which the driver fetches by id.
     */
    record QueryResult(List<Column> rowtype, List<List<String>> rowset, int statementTypeId, List<String> childIds,
                       List<Integer> childTypes) {
        QueryResult {
            rowtype = List.copyOf(rowtype);
            rowset = List.copyOf(rowset);
            childIds = List.copyOf(childIds);
            childTypes = List.copyOf(childTypes);
        }

        QueryResult(List<Column> rowtype, List<List<String>> rowset, int statementTypeId) {
            this(rowtype, rowset, statementTypeId, List.of(), List.of());
        }
    }
}
