package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.testing.CatalogFunctionExtension;
import io.snowgate.lambda.testing.LocalDeployment;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code timestamp} parameter reaches Snowflake as the instant and the offset the caller wrote, and a {@code date}
 * parameter as the day written, on the proleptic Gregorian calendar Snowflake uses for every year (queries/README.md).
 * Bound through snowflake-jdbc's {@code setTimestamp}, a timestamp became a TIMESTAMP_LTZ without its offset and,
 * before 1582, moved by the Julian-Gregorian difference the driver subtracts; {@code setDate} moved the 20 days
 * around the 1582 calendar change by 10 days.
 *
 * <p>What Snowflake holds is read as text Snowflake itself formats ({@code TO_VARCHAR}): snowflake-jdbc 4.4.1 reads a
 * timestamp before 1582-10-15, and a date from 1582-10-05 to 1582-10-14, shifted by the same correction
 * ({@code ResultUtil.adjustTimestamp}, {@code msDiffJulianToGregorian}), whatever was stored.
 */
class TemporalParametersTest {

    /** Snowflake's format elements for a timestamp with its offset, nanoseconds included. */
    private static final String TZ_TEXT = "'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM'";

    private static final String CATALOG = """
            queries:
              - name: echo_timestamp
                sql: >-
                  SELECT :ts::timestamp_tz AS tz, :ts::date AS day,
                         TO_VARCHAR(:ts::timestamp_tz, %1$s) AS tz_text, TO_VARCHAR(:ts::date, 'YYYY-MM-DD') AS day_text
                parameters:
                  - name: ts
                    type: timestamp
                http: true
              - name: echo_date
                sql: SELECT :day AS day, TO_VARCHAR(:day, 'YYYY-MM-DD') AS day_text
                parameters:
                  - name: day
                    type: date
                http: true
              - name: record_meeting
                sql: INSERT INTO MEETINGS (AT) VALUES (:at)
                parameters:
                  - name: at
                    type: timestamp
                http: true
              - name: meetings
                sql: SELECT AT, TO_VARCHAR(AT, %1$s) AS at_text FROM MEETINGS
                http: true
            """.formatted(TZ_TEXT);

    @RegisterExtension
    final CatalogFunctionExtension deployed = new CatalogFunctionExtension(CATALOG, "temporal-parameters");

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
            "2026-03-29T09:00:00+02:00, 2026-03-29 09:00:00.000000000 +02:00, 2026-03-29",
            "2026-01-31T00:30:00+01:00, 2026-01-31 00:30:00.000000000 +01:00, 2026-01-31",
            "2026-01-31T23:30:00-05:00, 2026-01-31 23:30:00.000000000 -05:00, 2026-01-31",
            "1969-12-31T23:59:59.25Z, 1969-12-31 23:59:59.250000000 +00:00, 1969-12-31",
            "1582-10-10T12:00:00Z, 1582-10-10 12:00:00.000000000 +00:00, 1582-10-10",
            "1500-01-01T00:00:00Z, 1500-01-01 00:00:00.000000000 +00:00, 1500-01-01",
            "1500-03-01T00:30:00+01:00, 1500-03-01 00:30:00.000000000 +01:00, 1500-03-01",
            "1500-06-30T23:59:59.123456789+02:00, 1500-06-30 23:59:59.123456789 +02:00, 1500-06-30"})
    void timestampParameter_reachesSnowflakeWithItsInstantAndOffset(String sent, String held, String day)
            throws IOException {
        JsonNode row = post("echo_timestamp", Map.of("ts", sent)).path("rows").path(0);

        assertThat(row.path("TZ_TEXT").asText()).as(row.toString()).isEqualTo(held);
        assertThat(row.path("DAY_TEXT").asText()).as(row.toString()).isEqualTo(day);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-29T09:00:00+02:00", "2026-01-31T00:30:00+01:00", "2026-01-31T23:30:00-05:00"})
    void timestampParameter_comesBackAsATimestampTzWithItsOffset(String sent) throws IOException {
        JsonNode row = post("echo_timestamp", Map.of("ts", sent)).path("rows").path(0);

        assertThat(row.path("TZ").asText()).as(row.toString()).isEqualTo(sent);
        assertThat(row.path("DAY").asText()).as(row.toString()).isEqualTo(sent.substring(0, 10));
    }

    @Test
    void timestampParameter_insertedIntoATimestampTzColumn_keepsItsOffset() throws Exception {
        createMeetingsTable();

        JsonNode inserted = post("record_meeting", Map.of("at", "2026-03-29T09:00:00+02:00"));
        post("record_meeting", Map.of("at", "1500-03-01T00:30:00+01:00"));
        JsonNode rows = post("meetings", Map.of()).path("rows");

        assertThat(inserted.path("updateCount").asLong()).as(inserted.toString()).isEqualTo(1);
        assertThat(rows.path(0).path("AT").asText()).as(rows.toString()).isEqualTo("2026-03-29T09:00:00+02:00");
        assertThat(rows.findValuesAsText("AT_TEXT")).as(rows.toString())
                .containsExactly("2026-03-29 09:00:00.000000000 +02:00", "1500-03-01 00:30:00.000000000 +01:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-31", "1970-01-01", "1582-10-15", "1582-10-14", "1582-10-04", "1582-09-25",
            "1500-01-01", "1500-03-01", "0001-01-01"})
    void dateParameter_reachesSnowflakeAsTheDayWritten(String day) throws IOException {
        JsonNode row = post("echo_date", Map.of("day", day)).path("rows").path(0);

        assertThat(row.path("DAY_TEXT").asText()).as(row.toString()).isEqualTo(day);
    }

    @Test
    void dateParameter_comesBackAsADate() throws IOException {
        JsonNode body = post("echo_date", Map.of("day", "2026-01-31"));

        assertThat(body.path("columns").findValuesAsText("type")).containsExactly("date", "varchar");
        assertThat(body.path("rows").path(0).path("DAY").asText()).isEqualTo("2026-01-31");
    }

    private JsonNode post(String query, Map<String, Object> params) throws IOException {
        return deployed.post(query, json.writeValueAsString(Map.of("params", params)));
    }

    /** The table, made as the service user through the driver. */
    private void createMeetingsTable() throws SQLException {
        deployed.key().execute(deployed.standIns().snowflake(), LocalDeployment.USER,
                "CREATE TABLE MEETINGS (AT TIMESTAMP_TZ)");
    }
}
