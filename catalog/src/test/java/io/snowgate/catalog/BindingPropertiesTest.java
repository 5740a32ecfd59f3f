package io.snowgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any valid value of a parameter binds to its declared type unchanged, whichever of the forms a request may send it
 * in (a JSON number or decimal text, {@code true} or {@code "TRUE"}, ISO-8601 text), and written as JSON and read back
 * as Jackson reads requests, it binds to the same value again.
 */
class BindingPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property
    void integers_bindAsTheSameLong_fromANumberTextOrDecimalWithoutFraction(@ForAll long value) {
        NamedQuery query = query(ParameterType.INTEGER);

        for (Object sent : List.of(value, Long.toString(value), BigInteger.valueOf(value),
                new BigDecimal(value).setScale(2), JSON.convertValue(JSON.valueToTree(value), Object.class))) {
            assertThat(bound(query, sent)).as("sent as %s", sent.getClass().getSimpleName()).isEqualTo(value);
        }
    }

    @Property
    void numbers_bindAsTheSameDecimal_fromTextOrABigDecimal(@ForAll("numbers") BigDecimal value) {
        NamedQuery query = query(ParameterType.NUMBER);

        for (Object sent : List.of(value, value.toPlainString(), value.toString())) {
            assertThat((BigDecimal) bound(query, sent)).as("sent as %s", sent).isEqualByComparingTo(value);
        }
    }

    @Property
    void doubles_bindAsTheDecimalTheyPrintAs(@ForAll double value) {
        NamedQuery query = query(ParameterType.NUMBER);
        if (!Double.isFinite(value) || !fitsSnowflakeNumber(new BigDecimal(Double.toString(value)))) {
            return;
        }

        assertThat((BigDecimal) bound(query, value)).isEqualByComparingTo(new BigDecimal(Double.toString(value)));
    }

    @Property
    void booleans_bindAsTheSameBoolean_fromABooleanOrItsTextInAnyCase(@ForAll boolean value, @ForAll boolean upper) {
        NamedQuery query = query(ParameterType.BOOLEAN);
        String text = upper ? Boolean.toString(value).toUpperCase() : Boolean.toString(value);

        assertThat(bound(query, value)).isEqualTo(value);
        assertThat(bound(query, text)).isEqualTo(value);
    }

    @Property
    void dates_bindAsTheSameDate_fromIsoText(@ForAll("dates") LocalDate value) {
        NamedQuery query = query(ParameterType.DATE);

        assertThat(bound(query, value.toString())).isEqualTo(value);
        assertThat(bound(query, value)).isEqualTo(value);
    }

    @Property
    void timestamps_bindAsTheSameInstantAndOffset_fromIsoText(@ForAll("timestamps") OffsetDateTime value) {
        NamedQuery query = query(ParameterType.TIMESTAMP);

        assertThat(bound(query, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value))).isEqualTo(value);
        assertThat(bound(query, value.toInstant())).isEqualTo(value.withOffsetSameInstant(ZoneOffset.UTC));
    }

    @Property
    void dates_areBoundAsTextInTheFormatTheirMarkerReads(@ForAll("dates") LocalDate value) {
        assertThat(ParameterType.DATE.jdbcMarker()).isEqualTo("TO_DATE(?, 'YYYY-MM-DD')");
        String text = ParameterType.DATE.boundText(value);

        assertThat(text).matches("[0-9]{4}-[0-9]{2}-[0-9]{2}");
        assertThat(LocalDate.parse(text)).isEqualTo(value);
    }

    @Property
    void timestamps_areBoundAsTextInTheFormatTheirMarkerReads(@ForAll("timestamps") OffsetDateTime value) {
        assertThat(ParameterType.TIMESTAMP.jdbcMarker())
                .isEqualTo("TO_TIMESTAMP_TZ(?, 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM')");
        String text = ParameterType.TIMESTAMP.boundText(value);

        assertThat(text)
                .matches("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{9} [+-][0-9]{2}:[0-9]{2}");
        assertThat(OffsetDateTime.parse(text.replaceFirst(" ", "T").replace(" ", ""))).isEqualTo(value);
    }

    @Property
    void strings_bindUnchanged(@ForAll String value) {
        assertThat(bound(query(ParameterType.STRING), value)).isEqualTo(value);
    }

    @Property
    void everyValue_writtenAsJsonAndReadBackAsJacksonReadsRequests_bindsToTheSameValue(
            @ForAll("jsonValues") Typed typed) throws Exception {
        NamedQuery query = query(typed.type());
        Object first = bound(query, typed.value());

        Object reread = JSON.readValue(JSON.writeValueAsString(Map.of("v", typed.value())), Map.class).get("v");

        Object again = bound(query, reread);
        if (first instanceof BigDecimal decimal) {
            assertThat((BigDecimal) again).isEqualByComparingTo(decimal);
        } else {
            assertThat(again).isEqualTo(first);
        }
    }

    /** A value a request may carry in JSON, and the type it is declared as. */
    record Typed(ParameterType type, Object value) {
    }

    @Provide
    Arbitrary<Typed> jsonValues() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(v -> new Typed(ParameterType.INTEGER, v)),
                Arbitraries.longs().map(v -> new Typed(ParameterType.INTEGER, Long.toString(v))),
                numbers().map(v -> new Typed(ParameterType.NUMBER, v.toPlainString())),
                Arbitraries.doubles().between(-1e37, 1e37).map(v -> new Typed(ParameterType.NUMBER, v)),
                Arbitraries.of(true, false).map(v -> new Typed(ParameterType.BOOLEAN, v)),
                dates().map(v -> new Typed(ParameterType.DATE, v.toString())),
                timestamps().map(v -> new Typed(ParameterType.TIMESTAMP,
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(v))),
                Arbitraries.strings().map(v -> new Typed(ParameterType.STRING, v)));
    }

    /** Decimals Snowflake's NUMBER holds: at most 38 digits, at most 37 after the point. */
    @Provide
    Arbitrary<BigDecimal> numbers() {
        return Combinators.combine(Arbitraries.bigIntegers().between(
                        BigInteger.TEN.pow(38).negate().add(BigInteger.ONE), BigInteger.TEN.pow(38).subtract(BigInteger.ONE)),
                Arbitraries.integers().between(0, 37)).as(BigDecimal::new);
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    @Provide
    Arbitrary<OffsetDateTime> timestamps() {
        return Combinators.combine(
                Arbitraries.longs().between(Instant.parse("0001-01-02T00:00:00Z").getEpochSecond(),
                        Instant.parse("9999-12-30T00:00:00Z").getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999),
                Arbitraries.integers().between(-18 * 60, 18 * 60))
                .as((seconds, nanos, offsetMinutes) -> Instant.ofEpochSecond(seconds, nanos)
                        .atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)));
    }

    /** At most 38 digits, at most 37 after the point, trailing zeros aside. */
    private static boolean fitsSnowflakeNumber(BigDecimal decimal) {
        BigDecimal stripped = decimal.stripTrailingZeros();
        long scale = Math.max(stripped.scale(), 0);
        return scale <= 37 && Math.max((long) stripped.precision() - stripped.scale(), 0) + scale <= 38;
    }

    /** {@code SELECT :v} with one optional parameter {@code v} of {@code type} and no bounds. */
    private static NamedQuery query(ParameterType type) {
        ParameterSpec v = new ParameterSpec("v", type, false, Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), List.of(), false, "");
        return new NamedQuery("q", "", "SELECT :v", List.of(v), OptionalInt.empty(), OptionalInt.empty(),
                Optional.empty(), true, Optional.empty(), true);
    }

    private static Object bound(NamedQuery query, Object sent) {
        Map<String, Object> params = new HashMap<>();
        params.put("v", sent);
        BoundStatement statement = query.bind(params);
        assertThat(statement.jdbcSql()).isEqualTo("SELECT " + statement.values().get(0).type().jdbcMarker());
        return statement.values().get(0).value();
    }
}
