package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.lambda.testing.CatalogFunctionExtension;
import io.snowgate.lambda.testing.LocalDeployment;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dates and timestamps of every era come back as Snowflake holds them, on the proleptic Gregorian calendar it uses
 * for every year (README.md, "Values"), through the real handler and snowflake-jdbc: the driver moves a
 * timestamp before 1582-10-05 by the Julian-Gregorian difference, which {@link GregorianTimestamps} undoes. Before,
 * a TIMESTAMP_LTZ or TIMESTAMP_TZ before then came back days off (0001-01-01 as 0000-12-30, the TIMESTAMP_TZ's offset
 * lost), and a TIMESTAMP_NTZ of 1500-03-01 failed the whole query (500).
 */
class HistoricalDateTimeValuesTest {

    private static final String CATALOG = """
            queries:
              - name: days
                sql: SELECT D, NTZ, TZ, LTZ FROM DAYS ORDER BY ID
                http: true
            """;

    /** Years where the Julian-Gregorian difference changes, or the calendars disagree on February 29th. */
    private static final List<Integer> YEARS = List.of(1, 2, 4, 99, 100, 101, 200, 300, 400, 500, 700, 900, 1000,
            1100, 1300, 1400, 1500, 1580, 1581, 1582, 1583, 1600, 1700, 1899, 1900, 1969, 1970, 2000, 2026, 9999);
    private static final List<String> MONTH_DAYS = List.of("01-01", "02-27", "02-28", "03-01", "03-02", "06-15",
            "12-31");

    @RegisterExtension
    final CatalogFunctionExtension deployed = new CatalogFunctionExtension(CATALOG, "historical-values");

    @Test
    void datesAndTimestampsOfEveryEra_comeBackAsSnowflakeHoldsThem() throws Exception {
        List<String> days = Stream.concat(
                YEARS.stream().flatMap(year -> MONTH_DAYS.stream().map(md -> "%04d-%s".formatted(year, md))),
                Stream.of("0004-02-29", "0400-02-29", "1600-02-29", "2000-02-29", "1582-09-24", "1582-10-15",
                        "1582-10-16", "1582-10-25"))
                .toList();
        insert(days);

        JsonNode body = deployed.post("days", "{}");

        assertThat(body.path("rows").size()).as(body.toString()).isEqualTo(days.size());
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            String day = days.get(i);
            JsonNode row = body.path("rows").path(i);
            expected.add(String.join(" ", day, day + "T10:30:00.5", day + "T10:30:00.5+01:00", day + "T10:30:00.5Z"));
            actual.add(String.join(" ", row.path("D").asText(), row.path("NTZ").asText(), row.path("TZ").asText(),
                    row.path("LTZ").asText()));
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void aTimestampTzBefore1582_keepsItsOwnOffset_andItsInstant() throws Exception {
        deployed.key().execute(deployed.standIns().snowflake(), LocalDeployment.USER,
                "CREATE TABLE DAYS (ID NUMBER, D DATE, NTZ TIMESTAMP_NTZ, TZ TIMESTAMP_TZ, LTZ TIMESTAMP_LTZ)",
                "INSERT INTO DAYS (ID, TZ, LTZ) VALUES (1, '0001-01-01 00:00:00 +14:00', '0001-01-01 00:00:00 +14:00'),"
                        + " (2, '1500-03-01 23:59:59.999999999 -08:00', '1500-03-01 23:59:59.999999999 -08:00')");

        JsonNode rows = deployed.post("days", "{}").path("rows");

        assertThat(rows.findValuesAsText("TZ"))
                .containsExactly("0001-01-01T00:00:00+14:00", "1500-03-01T23:59:59.999999999-08:00");
        assertThat(rows.findValuesAsText("LTZ"))
                .containsExactly("0000-12-31T10:00:00Z", "1500-03-02T07:59:59.999999999Z");
    }

    @Test
    void theDaysSnowflakeJdbcCannotTellApart_areReadAsTheLaterOnes() throws Exception {
        // Documented in README.md, "Values": java.sql.Date has no 1582-10-05 to 10-14, and the driver moves a timestamp
        // of 1582-09-25 to 10-04 onto those days. Should a driver release fix this, this test says so.
        insert(List.of("1582-10-10", "1582-09-30"));

        JsonNode rows = deployed.post("days", "{}").path("rows");

        assertThat(rows.findValuesAsText("D")).containsExactly("1582-10-20", "1582-09-30");
        assertThat(rows.findValuesAsText("LTZ")).containsExactly("1582-10-10T10:30:00.5Z", "1582-10-10T10:30:00.5Z");
    }

    /** One row per day: the date, and 10:30:00.5 on it as each kind of timestamp, made as the service user. */
    private void insert(List<String> days) throws Exception {
        String values = days.stream()
                .map(day -> "(%d, '%2$s', '%2$s 10:30:00.5', '%2$s 10:30:00.5 +01:00', '%2$s 10:30:00.5 +00:00')"
                        .formatted(days.indexOf(day), LocalDate.parse(day)))
                .collect(Collectors.joining(", "));
        deployed.key().execute(deployed.standIns().snowflake(), LocalDeployment.USER,
                "CREATE TABLE DAYS (ID NUMBER, D DATE, NTZ TIMESTAMP_NTZ, TZ TIMESTAMP_TZ, LTZ TIMESTAMP_LTZ)",
                "INSERT INTO DAYS VALUES " + values);
    }
}
