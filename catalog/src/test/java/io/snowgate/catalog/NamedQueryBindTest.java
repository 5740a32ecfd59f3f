package io.snowgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamedQueryBindTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One query from a catalog snippet, as a data team would write it. */
    private static NamedQuery query(String yaml) {
        return QueryCatalog.parse("queries:\n" + yaml.indent(2), "test.yaml").queries().getFirst();
    }

    private static NamedQuery single(String type, String extra) {
        return query("""
                - name: q
                  sql: SELECT :p
                  parameters:
                    - name: p
                      type: %s
                """.formatted(type) + extra.indent(6));
    }

    /** Parameters as Jackson reads a JSON request body: the shapes the function really receives. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) throws Exception {
        return JSON.readValue(body, Map.class);
    }

    /** Parameters as the function reads a request body: decimals as BigDecimal (QueryFunction). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> exactJson(String body) throws Exception {
        return JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()
                .readValue(body, Map.class);
    }

    private static Object bound(NamedQuery query, Map<String, Object> params) {
        return query.bind(params).values().getFirst().value();
    }

    @Test
    void bind_replacesEachOccurrence_andOrdersValuesByPosition() throws Exception {
        NamedQuery q = query("""
                - name: q
                  sql: "SELECT * FROM t WHERE a = :a AND b = :b AND ':a' <> c AND d = :a"
                  parameters:
                    - {name: a, type: integer}
                    - {name: b, type: string}
                """);
        BoundStatement statement = q.bind(json("{\"b\": \"x\", \"a\": 7}"));
        assertThat(statement.jdbcSql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b = ? AND ':a' <> c AND d = ?");
        assertThat(statement.values()).extracting(BoundValue::name, BoundValue::value)
                .containsExactly(tuple("a", 7L),
                        tuple("b", "x"),
                        tuple("a", 7L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\ud800\"", "\"abc\\udc00\"", "\"\\udc00\\ud800\"", "\"x\\ud83d\""})
    void bind_refusesHalfASurrogatePair_whichWouldReachSnowflakeAsAQuestionMark(String value) throws Exception {
        NamedQuery q = single("string", "");

        assertThatThrownBy(() -> q.bind(json("{\"p\": " + value + "}")))
                .hasMessage("query 'q', parameter 'p': must be valid Unicode text (it holds half a surrogate pair)");
    }

    @Test
    void bind_keepsTextBeyondTheBasicPlane_whosePairsAreWhole() throws Exception {
        assertThat(bound(single("string", ""), json("{\"p\": \"snow \\ud83c\\udf28 \u2603\"}")))
                .isEqualTo("snow \uD83C\uDF28 \u2603");
    }

    @Test
    void bind_keepsSqlLikeStringsAsData() throws Exception {
        NamedQuery q = single("string", "");
        BoundStatement statement = q.bind(json("{\"p\": \"x'; DROP TABLE users; --\"}"));
        assertThat(statement.jdbcSql()).isEqualTo("SELECT ?");
        assertThat(statement.values().getFirst().value()).isEqualTo("x'; DROP TABLE users; --");
    }

    @Test
    void bind_convertsIntegers_fromJsonNumbersAndDigitText() throws Exception {
        NamedQuery q = single("integer", "");
        assertThat(bound(q, json("{\"p\": 42}"))).isEqualTo(42L);
        assertThat(bound(q, json("{\"p\": 9223372036854775807}"))).isEqualTo(Long.MAX_VALUE);
        assertThat(bound(q, json("{\"p\": -3}"))).isEqualTo(-3L);
        assertThat(bound(q, json("{\"p\": 2.0}"))).isEqualTo(2L);
        assertThat(bound(q, json("{\"p\": \"-17\"}"))).isEqualTo(-17L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "\"12abc\"", "\"1.0\"", "\" 12\"", "\"\"", "true", "\"0x10\"", "\"1e3\""})
    void bind_refusesNonIntegers_withoutEchoingTheValue(String value) throws Exception {
        NamedQuery q = single("integer", "");
        assertThatThrownBy(() -> q.bind(json("{\"p\": " + value + "}")))
                .isInstanceOfSatisfying(ParameterException.class, e -> {
                    assertThat(e.queryName()).isEqualTo("q");
                    assertThat(e.parameterName()).isEqualTo("p");
                    assertThat(e.reason()).isEqualTo("must be an integer");
                })
                .hasMessage("query 'q', parameter 'p': must be an integer");
    }

    @Test
    void bind_refusesIntegersBeyondLongRange() throws Exception {
        NamedQuery q = single("integer", "");
        assertThatThrownBy(() -> q.bind(json("{\"p\": 9223372036854775808}")))
                .hasMessage("query 'q', parameter 'p': is out of range for an integer");
        assertThatThrownBy(() -> q.bind(Map.of("p", "99999999999999999999")))
                .hasMessage("query 'q', parameter 'p': is out of range for an integer");
        assertThatThrownBy(() -> q.bind(Map.of("p", new BigDecimal("1e30"))))
                .hasMessage("query 'q', parameter 'p': is out of range for an integer");
    }

    @Test
    void bind_convertsNumbers_exactly() throws Exception {
        NamedQuery q = single("number", "");
        assertThat(bound(q, json("{\"p\": 0.1}"))).isEqualTo(new BigDecimal("0.1"));
        assertThat(bound(q, Map.of("p", 0.1d))).isEqualTo(new BigDecimal("0.1"));
        assertThat(bound(q, Map.of("p", 12))).isEqualTo(new BigDecimal("12"));
        assertThat((BigDecimal) bound(q, Map.of("p", BigInteger.TEN.pow(20)))).isEqualByComparingTo("1e20");
        assertThat(bound(q, Map.of("p", "-12.50"))).isEqualTo(new BigDecimal("-12.50"));
        assertThat(bound(q, Map.of("p", "1.5e3"))).isEqualTo(new BigDecimal("1.5e3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "1,5", "12abc", "", "0x1A", "1e99999"})
    void bind_refusesNonNumbers(String text) {
        NamedQuery q = single("number", "");
        assertThatThrownBy(() -> q.bind(Map.of("p", text))).hasMessage("query 'q', parameter 'p': must be a number");
    }

    @Test
    void bind_refusesNonFiniteDoubles_andTooManyDigits() {
        NamedQuery q = single("number", "");
        assertThatThrownBy(() -> q.bind(Map.of("p", Double.NaN))).hasMessageEndingWith("must be a number");
        assertThatThrownBy(() -> q.bind(Map.of("p", new BigDecimal("1e40"))))
                .hasMessageEndingWith("is out of range for a number (at most 38 digits, 37 after the point)");
    }

    /** Snowflake's NUMBER: precision at most 38, scale at most 37 (docs: Numeric data types). */
    @ParameterizedTest
    @ValueSource(strings = {"12345678901234567890123456789012345678", "-12345678901234567890123456789012345678",
            "0.1234567890123456789012345678901234567", "1.2345678901234567890123456789012345678",
            "1234567890123456789012345678901234567.8", "1e37", "1e-37"})
    void bind_acceptsNumbers_thatSnowflakesNumberHolds(String text) throws Exception {
        NamedQuery q = single("number", "");

        assertThat((BigDecimal) bound(q, Map.of("p", text))).isEqualByComparingTo(text);
        assertThat((BigDecimal) bound(q, exactJson("{\"p\": " + text + "}"))).isEqualByComparingTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789012345678901234567890123456789", "0.12345678901234567890123456789012345678",
            "0.12345678901234567890123456789012345678901", "1234567890123456789012345678901234567.12",
            "12.3456789012345678901234567890123456789", "1e-500", "1e500", "-1e38", "1e-38"})
    void bind_refusesNumbers_beyondSnowflakesNumber_withoutEchoingThem(String text) throws Exception {
        NamedQuery q = single("number", "");
        String refused = "query 'q', parameter 'p': is out of range for a number (at most 38 digits, 37 after the point)";

        assertThatThrownBy(() -> q.bind(Map.of("p", text))).hasMessage(refused);
        assertThatThrownBy(() -> q.bind(exactJson("{\"p\": " + text + "}"))).hasMessage(refused);
    }

    @Test
    void bind_refusesAHugeExponent_withoutExpandingIt() {
        NamedQuery q = single("number", "");

        assertThatThrownBy(() -> q.bind(Map.of("p", new BigDecimal("1e999999999"))))
                .hasMessageEndingWith("is out of range for a number (at most 38 digits, 37 after the point)");
    }

    @Test
    void bind_dropsTrailingZeros_onlyWhenTheNumberWouldNotFitWithThem() {
        NamedQuery q = single("number", "");

        assertThat(bound(q, Map.of("p", "1.50000000000000000000000000000000000000000")))
                .isEqualTo(new BigDecimal("1.5"));
        assertThat(bound(q, Map.of("p", "1.000000000000000000000000000000000000000000e3")))
                .isEqualTo(new BigDecimal("1000"));
        assertThat(bound(q, Map.of("p", "-12.50"))).isEqualTo(new BigDecimal("-12.50"));
    }

    @Test
    void bind_convertsBooleans_fromJsonAndText() throws Exception {
        NamedQuery q = single("boolean", "");
        assertThat(bound(q, json("{\"p\": true}"))).isEqualTo(true);
        assertThat(bound(q, Map.of("p", "FALSE"))).isEqualTo(false);
        assertThatThrownBy(() -> q.bind(Map.of("p", "yes"))).hasMessageEndingWith("must be true or false");
        assertThatThrownBy(() -> q.bind(Map.of("p", 1))).hasMessageEndingWith("must be true or false");
    }

    @Test
    void bind_convertsDates_fromIsoText() {
        NamedQuery q = single("date", "");
        assertThat(bound(q, Map.of("p", "2024-02-29"))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(bound(q, Map.of("p", LocalDate.of(2026, 1, 1)))).isEqualTo(LocalDate.of(2026, 1, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29", "2026-13-01", "2026-1-5", "05/01/2026", "2026-01-01T00:00:00Z", "today"})
    void bind_refusesInvalidDates(String text) {
        NamedQuery q = single("date", "");
        assertThatThrownBy(() -> q.bind(Map.of("p", text)))
                .hasMessage("query 'q', parameter 'p': must be an ISO-8601 date (yyyy-mm-dd)");
    }

    @Test
    void bind_convertsTimestamps_keepingTheOffset() {
        NamedQuery q = single("timestamp", "");
        assertThat(bound(q, Map.of("p", "2026-01-31T08:00:00+02:00")))
                .isEqualTo(OffsetDateTime.of(2026, 1, 31, 8, 0, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(bound(q, Map.of("p", "2026-01-31T08:00:00.123456789Z")))
                .isEqualTo(OffsetDateTime.of(2026, 1, 31, 8, 0, 0, 123456789, ZoneOffset.UTC));
        assertThat(bound(q, Map.of("p", Instant.parse("2026-01-31T08:00:00Z"))))
                .isEqualTo(OffsetDateTime.of(2026, 1, 31, 8, 0, 0, 0, ZoneOffset.UTC));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-31T08:00:00", "2026-01-31", "2026-01-31 08:00:00Z", "1700000000"})
    void bind_refusesTimestampsWithoutOffsetOrInOtherForms(String text) {
        NamedQuery q = single("timestamp", "");
        assertThatThrownBy(() -> q.bind(Map.of("p", text))).hasMessageEndingWith(
                "must be an ISO-8601 timestamp with an offset (e.g. 2026-01-31T08:00:00Z)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01", "0000-12-31", "-0001-01-01"})
    void bind_refusesDates_outsideTheYearsSnowflakeIsSentAs(String text) {
        NamedQuery q = single("date", "");
        assertThatThrownBy(() -> q.bind(Map.of("p", text)))
                .hasMessage("query 'q', parameter 'p': must be in the years 1 to 9999");
    }

    @Test
    void bind_refusesTimestamps_outsideTheYearsOrWithSecondsInTheOffset() {
        NamedQuery q = single("timestamp", "");
        assertThatThrownBy(() -> q.bind(Map.of("p", "+10000-01-01T00:00:00Z")))
                .hasMessage("query 'q', parameter 'p': must be in the years 1 to 9999");
        assertThatThrownBy(() -> q.bind(Map.of("p", "2026-01-31T08:00:00+01:00:30")))
                .hasMessage("query 'q', parameter 'p': must have an offset in whole minutes");
    }

    @Test
    void bind_writesDatesAndTimestamps_asTextTheStatementConverts() {
        NamedQuery q = query("""
                - name: q
                  sql: SELECT :d, :t::date, :n
                  parameters:
                    - {name: d, type: date}
                    - {name: t, type: timestamp}
                    - {name: n, type: integer}
                """);
        BoundStatement statement = q.bind(Map.of("d", "1500-01-01", "t", "2026-01-31T00:30:00+01:00", "n", 1));

        assertThat(statement.jdbcSql()).isEqualTo("SELECT TO_DATE(?, 'YYYY-MM-DD'),"
                + " TO_TIMESTAMP_TZ(?, 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM')::date, ?");
        assertThat(q.jdbcSql()).isEqualTo(statement.jdbcSql());
        assertThat(ParameterType.DATE.boundText(statement.values().get(0).value())).isEqualTo("1500-01-01");
        assertThat(ParameterType.TIMESTAMP.boundText(statement.values().get(1).value()))
                .isEqualTo("2026-01-31 00:30:00.000000000 +01:00");
    }

    @Test
    void bind_refusesNumbersForStrings() {
        NamedQuery q = single("string", "");
        assertThatThrownBy(() -> q.bind(Map.of("p", 5))).hasMessage("query 'q', parameter 'p': must be a string");
    }

    @Test
    void bind_appliesDefault_whenValueMissingOrNull() {
        NamedQuery q = single("integer", "default: 7");
        assertThat(bound(q, Map.of())).isEqualTo(7L);
        assertThat(bound(q, null)).isEqualTo(7L);
        Map<String, Object> explicitNull = new HashMap<>();
        explicitNull.put("p", null);
        assertThat(bound(q, explicitNull)).isEqualTo(7L);
    }

    @Test
    void bind_refusesMissingParameter_thatHasNoDefault() {
        NamedQuery q = single("string", "");
        assertThatThrownBy(() -> q.bind(Map.of())).hasMessage("query 'q', parameter 'p': is required");
    }

    @Test
    void bind_bindsNull_forMissingOptionalParameter() {
        NamedQuery q = single("date", "required: false");
        BoundValue value = q.bind(Map.of()).values().getFirst();
        assertThat(value.value()).isNull();
        assertThat(value.type().sqlType()).isEqualTo(Types.DATE);
    }

    @Test
    void bind_refusesUnknownParameters_namingOnlyWellFormedNames() {
        NamedQuery q = single("string", "");
        assertThatThrownBy(() -> q.bind(Map.of("p", "x", "extra", 1)))
                .hasMessage("query 'q', parameter 'extra': is not a parameter of this query");
        assertThatThrownBy(() -> q.bind(Map.of("p", "x", "<script>", 1)))
                .hasMessage("query 'q', parameter '(invalid name)': is not a parameter of this query");
    }

    @Test
    void bind_enforcesNumericAndDateBounds() {
        NamedQuery i = single("integer", "min: 1\nmax: 10");
        assertThat(bound(i, Map.of("p", 10))).isEqualTo(10L);
        assertThatThrownBy(() -> i.bind(Map.of("p", 0))).hasMessage("query 'q', parameter 'p': must be at least 1");
        assertThatThrownBy(() -> i.bind(Map.of("p", 11))).hasMessage("query 'q', parameter 'p': must be at most 10");
        NamedQuery n = single("number", "min: -0.5\nmax: 0.5");
        assertThatThrownBy(() -> n.bind(Map.of("p", "0.51"))).hasMessageEndingWith("must be at most 0.5");
        NamedQuery d = single("date", "min: 2020-01-01\nmax: '2020-12-31'");
        assertThat(bound(d, Map.of("p", "2020-06-01"))).isEqualTo(LocalDate.of(2020, 6, 1));
        assertThatThrownBy(() -> d.bind(Map.of("p", "2019-12-31"))).hasMessageEndingWith("must be at least 2020-01-01");
    }

    @Test
    void bind_comparesTimestampBounds_byInstantAcrossOffsets() {
        NamedQuery q = single("timestamp", "max: '2026-01-01T00:00:00Z'");
        assertThat(bound(q, Map.of("p", "2026-01-01T01:00:00+01:00"))).isNotNull();
        assertThatThrownBy(() -> q.bind(Map.of("p", "2026-01-01T00:30:00-01:00")))
                .hasMessageEndingWith("must be at most 2026-01-01T00:00:00Z");
    }

    @Test
    void bind_enforcesStringBounds_withoutEchoingTheValue() {
        NamedQuery q = single("string", "minLength: 2\nmaxLength: 4\npattern: '[a-z]+'");
        assertThat(bound(q, Map.of("p", "abcd"))).isEqualTo("abcd");
        assertThatThrownBy(() -> q.bind(Map.of("p", "a"))).hasMessageEndingWith("must be at least 2 characters long");
        assertThatThrownBy(() -> q.bind(Map.of("p", "secret")))
                .hasMessage("query 'q', parameter 'p': must be at most 4 characters long");
        assertThatThrownBy(() -> q.bind(Map.of("p", "ab1"))).hasMessageEndingWith("must match the pattern [a-z]+")
                .message().doesNotContain("ab1");
    }

    @Test
    void bind_refusesAValueTooLongForItsPatternToCheck_asTheCallersMistake() {
        // Java's regex engine recurses once per repetition of a group with alternatives: a long value overflows the
        // stack, which must be a refused value (the caller's 400), not an error that ends the invocation.
        NamedQuery q = single("string", "pattern: '([A-Z]|[0-9])*'");
        assertThat(bound(q, Map.of("p", "AB12"))).isEqualTo("AB12");
        String huge = "A1".repeat(1_000_000);
        assertThatThrownBy(() -> q.bind(Map.of("p", huge))).isInstanceOf(ParameterException.class)
                .hasMessage("query 'q', parameter 'p': is too long to be checked against the pattern ([A-Z]|[0-9])*");
    }

    @Test
    void bind_countsCharacters_notUtf16Units() {
        NamedQuery q = single("string", "maxLength: 2");
        assertThat(bound(q, Map.of("p", "😀😀"))).isEqualTo("😀😀");
    }

    @Test
    void bind_enforcesAllowedValues() {
        NamedQuery q = single("string", "allowedValues: [daily, weekly]");
        assertThat(bound(q, Map.of("p", "weekly"))).isEqualTo("weekly");
        assertThatThrownBy(() -> q.bind(Map.of("p", "Daily"))).hasMessageEndingWith("must be one of daily, weekly");
    }

    @Test
    void bind_marksSensitiveValues_andNeverPrintsThem() {
        NamedQuery q = single("string", "sensitive: true");
        BoundValue value = q.bind(Map.of("p", "hunter2")).values().getFirst();
        assertThat(value.sensitive()).isTrue();
        assertThat(value.toString()).isEqualTo("BoundValue[p: string]");
        assertThat(q.bind(Map.of("p", "hunter2")).toString()).doesNotContain("hunter2");
    }

    @Test
    void bind_failsAsCatalogError_whenTheQueryUsesAnUndeclaredParameter() {
        NamedQuery q = query("""
                - name: q
                  sql: SELECT :undeclared
                """);
        assertThatThrownBy(() -> q.bind(Map.of())).isInstanceOf(CatalogException.class)
                .hasMessage("query 'q': sql uses :undeclared, which is not declared");
    }

    @Test
    void bind_failsAsCatalogError_whenADeclarationIsInvalid() {
        assertThatThrownBy(() -> single("integer", "min: abc").bind(Map.of("p", 1)))
                .isInstanceOf(CatalogException.class)
                .hasMessage("query 'q', parameter 'p': min must be an integer");
        assertThatThrownBy(() -> single("string", "pattern: '[a'").bind(Map.of("p", "a")))
                .isInstanceOf(CatalogException.class)
                .hasMessage("query 'q', parameter 'p': pattern is not a valid regular expression:"
                        + " Unclosed character class");
        assertThatThrownBy(() -> single("integer", "default: x").bind(Map.of()))
                .isInstanceOf(CatalogException.class)
                .hasMessage("query 'q', parameter 'p': default must be an integer");
    }

    @Test
    void bind_acceptsTypedJavaValues_fromTheScheduledHandler() {
        NamedQuery q = query("""
                - name: q
                  sql: SELECT :scheduled_time, :day
                  parameters:
                    - {name: scheduled_time, type: timestamp}
                    - {name: day, type: date}
                """);
        List<BoundValue> values = q.bind(Map.of(NamedQuery.SCHEDULED_TIME_PARAMETER,
                Instant.parse("2026-03-01T08:00:00Z"), "day", LocalDate.of(2026, 3, 1))).values();
        assertThat(values).extracting(BoundValue::value).containsExactly(
                OffsetDateTime.of(2026, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC), LocalDate.of(2026, 3, 1));
    }

    @Test
    void bind_acceptsBigDecimals_fromAnExactJsonMapper() throws Exception {
        ObjectMapper exact = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        @SuppressWarnings("unchecked")
        Map<String, Object> params = exact.readValue("{\"p\": 3.0}", Map.class);
        assertThat(bound(single("integer", ""), params)).isEqualTo(3L);
        assertThat(bound(single("number", ""), params)).isEqualTo(new BigDecimal("3.0"));
    }
}
