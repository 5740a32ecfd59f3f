package io.snowgate.lambda.query;

/** Where a run {@link QueryService#start started} stands: still running, finished with rows, or failed. */
public sealed interface RunStatus {

    String query();

    String queryId();

    /** Snowflake is still running (or queueing) the statement. */
    record Running(String query, String queryId) implements RunStatus {
    }

    /** The statement finished; {@code result} holds its rows within the limits asked for. */
    record Succeeded(QueryResult result) implements RunStatus {

        @Override
        public String query() {
            return result.query();
        }

        @Override
        public String queryId() {
            return result.queryId();
        }
    }

    /** The statement failed or was cancelled; {@code error} is classified by {@link QueryFailure#of}. */
    record Failed(String query, String queryId, RuntimeException error) implements RunStatus {
    }
}
