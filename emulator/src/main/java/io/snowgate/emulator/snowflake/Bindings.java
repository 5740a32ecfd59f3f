package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Applies the driver's positional bindings (notes §2.3) to an H2 statement, decoding its encodings: DATE as epoch
 * milliseconds, TIME as nanoseconds of the day, timestamps as epoch nanoseconds, BINARY as hex.
 */
final class Bindings {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private Bindings() {
    }

    /**
     * Binds each value; a TIMESTAMP_LTZ is the instant in {@code sessionZone}, as Snowflake operates on it. As in
     * Snowflake, a placeholder with no binding fails compilation (002049, "Bind variable ? not set."), pointing at the
     * placeholder in {@code sql}, and bindings beyond the statement's placeholders are ignored (snowflake-jdbc
     * {@code PreparedMultiStmtIT#testExecuteLessBindings} and {@code #testExecuteMoreBindings}).
     */
    static void apply(PreparedStatement statement, String sql, Map<Integer, Wire.Binding> bindings, ZoneId sessionZone)
            throws SQLException {
        int placeholders = statement.getParameterMetaData().getParameterCount();
        for (int index = 1; index <= placeholders; index++) {
            if (!bindings.containsKey(index)) {
                throw notSet(sql, index);
            }
            statement.setObject(index, decode(index, bindings.get(index), sessionZone));
        }
    }

    /** Snowflake's words, with the line and the position within it (from 0) of the placeholder left unbound. */
    private static StandInSqlException notSet(String sql, int index) {
        List<SqlLexer.Token> marks = SqlLexer.significant(sql).stream().filter(t -> t.isSymbol("?")).toList();
        int offset = index <= marks.size() ? marks.get(index - 1).position() : 0;
        int lineStart = sql.lastIndexOf('\n', offset - 1) + 1;
        long line = sql.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
        return new StandInSqlException("002049", "42601", "SQL compilation error: error line " + line
                + " at position " + (offset - lineStart) + "\nBind variable ? not set.");
    }

    private static Object decode(int index, Wire.Binding binding, ZoneId sessionZone) {
        JsonNode value = binding.value();
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            // Array binds only follow a describe that answered arrayBindSupported:true, which this stand-in never does.
            throw StandInSqlException.unsupported("array binding");
        }
        String text = value.asText();
        try {
            return switch (binding.type()) {
                case "FIXED" -> new BigDecimal(text);
                case "REAL" -> Double.parseDouble(text);
                case "BOOLEAN" -> text.equals("1") || Boolean.parseBoolean(text);
                case "DATE" -> LocalDate.ofEpochDay(Math.floorDiv(Long.parseLong(text), MILLIS_PER_DAY));
                case "TIME" -> LocalTime.ofNanoOfDay(Long.parseLong(text));
                case "TIMESTAMP_NTZ" -> LocalDateTime.ofInstant(instant(text), ZoneOffset.UTC);
                case "TIMESTAMP_LTZ" -> instant(text).atZone(sessionZone).toOffsetDateTime();
                case "TIMESTAMP_TZ" -> timestampTz(text);
                case "BINARY" -> HexFormat.of().parseHex(text);
                default -> text;
            };
        } catch (RuntimeException e) {
            if (e instanceof StandInSqlException failure) {
                throw failure;
            }
            throw new StandInSqlException("002099", "22018",
                    "SQL compilation error: Bind variable " + index + " of type " + binding.type() + " has an invalid value.");
        }
    }

    private static OffsetDateTime timestampTz(String text) {
        String[] parts = text.trim().split("\\s+");
        Instant instant = instant(parts[0]);
        ZoneOffset offset = parts.length > 1
                ? ZoneOffset.ofTotalSeconds((Integer.parseInt(parts[1]) - 1440) * 60)
                : ZoneOffset.UTC;
        return instant.atOffset(offset);
    }

    /** Epoch nanoseconds as the driver sends them, which before 1677 no longer fit a long. */
    private static Instant instant(String epochNanos) {
        BigDecimal[] secondsAndNanos = new BigDecimal(epochNanos).divideAndRemainder(NANOS_PER_SECOND);
        return Instant.ofEpochSecond(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
    }
}
