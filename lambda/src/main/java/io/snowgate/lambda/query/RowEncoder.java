package io.snowgate.lambda.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.lambda.snowflake.SnowflakeConnectionSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Calendar;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SimpleTimeZone;
import java.util.TimeZone;
import net.snowflake.client.internal.jdbc.SnowflakeTimeWithTimezone;
import net.snowflake.client.internal.jdbc.SnowflakeTimestampWithTimezone;

/**
 * Turns result rows into typed JSON: exact numbers as JSON numbers (as strings beyond what a double holds exactly),
 * booleans, ISO-8601 dates, times and timestamps (with an offset where the type has one), VARIANT, OBJECT and
 * ARRAY as embedded JSON, binary as base64, NULL as null.
 */
public final class RowEncoder {

    /** Integers a JSON reader's double holds exactly: up to 2^53. */
    private static final long MAX_EXACT_LONG = 1L << 53;
    /** Significant digits a double holds exactly. */
    private static final int MAX_EXACT_DIGITS = 15;
    /**
     * The zone a TIMESTAMP_NTZ is read in: UTC, so that its wall clock does not depend on the JVM's zone, and a
     * {@link SimpleTimeZone}, because snowflake-jdbc asks the zone for its offset on the Julian calendar day
     * ({@code SFTimestamp.moveToTimeZone}) and the JDK's named zones refuse one the Gregorian calendar lacks
     * (0100-02-29: IllegalArgumentException, which failed the whole query).
     */
    private static final TimeZone NTZ_READ_ZONE = new SimpleTimeZone(0, "UTC");

    private final ObjectMapper json;
    /** The driver reads only the zone of the calendar it is given. */
    private final Calendar ntzReadCalendar = Calendar.getInstance(NTZ_READ_ZONE);
    private final List<Column> columns;
    private final List<Kind> kinds;

    private enum Kind { NUMBER, FLOAT, BOOLEAN, DATE, TIME, TIMESTAMP_NTZ, TIMESTAMP_WITH_OFFSET,
        SEMI_STRUCTURED, BINARY, TEXT }

    public RowEncoder(ObjectMapper json, ResultSetMetaData metaData) throws SQLException {
        this.json = json;
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            labels.add(metaData.getColumnLabel(i));
        }
        List<String> names = uniqueLabels(labels);
        List<Column> columns = new ArrayList<>();
        List<Kind> types = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            String typeName = metaData.getColumnTypeName(i).toLowerCase(Locale.ROOT);
            columns.add(new Column(names.get(i - 1), snowflakeTypeName(typeName)));
            types.add(kind(metaData.getColumnType(i), typeName));
        }
        this.columns = List.copyOf(columns);
        this.kinds = List.copyOf(types);
    }

    public List<Column> columns() {
        return columns;
    }

    /**
     * Labels made unique as Snowflake's RESULT_SCAN makes them, which is how a polled run's result is read
     * ({@code SELECT * FROM TABLE(RESULT_SCAN(...))}, as snowflake-jdbc reads a result by query id): a repeated label
     * gets {@code _n}, n the lowest number no label has taken yet ({@code ID, ID, ID_1} become {@code ID, ID_2, ID_1};
     * docs: functions/result_scan, BCR 2023_03 bcr-1039). So a query answered at once keeps every value, under the
     * same names as the same query polled.
     */
    static List<String> uniqueLabels(List<String> labels) {
        Set<String> taken = new HashSet<>(labels);
        Set<String> used = new HashSet<>();
        List<String> unique = new ArrayList<>(labels.size());
        for (String label : labels) {
            String name = label;
            if (!used.add(label)) {
                int n = 1;
                while (taken.contains(label + "_" + n)) {
                    n++;
                }
                name = label + "_" + n;
                taken.add(name);
                used.add(name);
            }
            unique.add(name);
        }
        return unique;
    }

    /** The current row of {@code resultSet} as a JSON object keyed by column name ({@link #columns()}). */
    public ObjectNode encode(ResultSet resultSet) throws SQLException {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size(); i++) {
            row.set(columns.get(i).name(), value(resultSet, i + 1, kinds.get(i)));
        }
        return row;
    }

    /**
     * The size of a row once serialised, for the response byte budget. Counted as the row will take inside a JSON
     * string, which is how an API Gateway proxy response carries its body: every quote and backslash gains a
     * backslash (control characters are already escaped once, so they are backslashes by then).
     */
    public long serialisedSize(ObjectNode row) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        long size = bytes.length;
        for (byte b : bytes) {
            if (b == '"' || b == '\\') {
                size += 1;
            }
        }
        return size;
    }

    private JsonNode value(ResultSet rs, int column, Kind kind) throws SQLException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode node = switch (kind) {
            case NUMBER -> {
                BigDecimal number = rs.getBigDecimal(column);
                yield number == null ? null : exactNumber(number);
            }
            case FLOAT -> {
                double number = rs.getDouble(column);
                if (rs.wasNull()) {
                    yield null;
                }
                yield Double.isFinite(number) ? nodes.numberNode(number) : nodes.textNode(Double.toString(number));
            }
            case BOOLEAN -> {
                boolean bool = rs.getBoolean(column);
                yield rs.wasNull() ? null : nodes.booleanNode(bool);
            }
            case DATE -> {
                java.sql.Date date = rs.getDate(column);
                yield date == null ? null : nodes.textNode(date.toLocalDate().toString());
            }
            case TIME -> {
                LocalTime time = time(rs, column);
                yield time == null ? null : nodes.textNode(DateTimeFormatter.ISO_LOCAL_TIME.format(time));
            }
            case TIMESTAMP_NTZ -> {
                Timestamp timestamp = rs.getTimestamp(column, ntzReadCalendar);
                yield timestamp == null ? null : nodes.textNode(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        LocalDateTime.ofInstant(GregorianTimestamps.instant(timestamp), ZoneOffset.UTC)));
            }
            case TIMESTAMP_WITH_OFFSET -> {
                OffsetDateTime timestamp = offsetTimestamp(rs, column);
                yield timestamp == null ? null : nodes.textNode(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp));
            }
            case SEMI_STRUCTURED -> {
                String text = rs.getString(column);
                yield text == null ? null : parseJson(text);
            }
            case BINARY -> {
                byte[] bytes = rs.getBytes(column);
                yield bytes == null ? null : nodes.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case TEXT -> {
                String text = rs.getString(column);
                yield text == null ? null : nodes.textNode(text);
            }
        };
        return node == null ? nodes.nullNode() : node;
    }

    private static JsonNode exactNumber(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        boolean exactAsDouble = number.scale() <= 0
                ? number.abs().compareTo(BigDecimal.valueOf(MAX_EXACT_LONG)) <= 0
                : stripped.precision() <= MAX_EXACT_DIGITS;
        if (!exactAsDouble) {
            return JsonNodeFactory.instance.textNode(number.toPlainString());
        }
        return number.scale() <= 0
                ? JsonNodeFactory.instance.numberNode(number.longValueExact())
                : JsonNodeFactory.instance.numberNode(number);
    }

    /**
     * snowflake-jdbc gives a TIME value whole only as text, formatted with the session's {@code TIME_OUTPUT_FORMAT}
     * (its {@code getTime} keeps milliseconds): every session pins that to {@link SnowflakeConnectionSpec#TIME_FORMAT}.
     */
    private static LocalTime time(ResultSet rs, int column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("a TIME value is not in the session's TIME_OUTPUT_FORMAT "
                    + SnowflakeConnectionSpec.TIME_FORMAT + ": the session's format was changed", e);
        }
    }

    private static OffsetDateTime offsetTimestamp(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        if (timestamp == null) {
            return null;
        }
        // snowflake-jdbc keeps a TIMESTAMP_TZ value's own offset only on this Timestamp subclass; its
        // getObject(OffsetDateTime) and toInstant() give the instant in UTC.
        if (timestamp instanceof SnowflakeTimestampWithTimezone zoned && zoned.getTimezone() != null) {
            return zoned.toZonedDateTime().toOffsetDateTime();
        }
        // Before 1582 the driver returns a plain Timestamp, moved (GregorianTimestamps); the value's offset, or the
        // session's for TIMESTAMP_LTZ, is then kept only on the Time it makes of the same value.
        ZoneOffset offset = rs.getTime(column) instanceof SnowflakeTimeWithTimezone zonedTime
                ? zonedTime.getOffset() : ZoneOffset.UTC;
        return GregorianTimestamps.instant(timestamp).atOffset(offset);
    }

    private JsonNode parseJson(String text) {
        try {
            return VariantJson.read(json.getFactory(), text);
        } catch (IOException e) {
            // A VARIANT holding a plain string that is not JSON text still has a faithful JSON form.
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    private static Kind kind(int jdbcType, String typeName) {
        if (typeName.equals("variant") || typeName.equals("object") || typeName.equals("array")) {
            return Kind.SEMI_STRUCTURED;
        }
        if (typeName.startsWith("timestamp_ntz") || typeName.equals("timestampntz")) {
            return Kind.TIMESTAMP_NTZ;
        }
        if (typeName.startsWith("timestamp_ltz") || typeName.startsWith("timestamp_tz")
                || typeName.equals("timestampltz") || typeName.equals("timestamptz")) {
            return Kind.TIMESTAMP_WITH_OFFSET;
        }
        return switch (jdbcType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DECIMAL, Types.NUMERIC ->
                    Kind.NUMBER;
            case Types.DOUBLE, Types.FLOAT, Types.REAL -> Kind.FLOAT;
            case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
            case Types.DATE -> Kind.DATE;
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> Kind.TIME;
            case Types.TIMESTAMP -> Kind.TIMESTAMP_NTZ;
            case Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMP_WITH_OFFSET;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> Kind.BINARY;
            default -> Kind.TEXT;
        };
    }

    /** snowflake-jdbc reports some types without the underscore (TIMESTAMPTZ); callers get Snowflake's spelling. */
    private static String snowflakeTypeName(String typeName) {
        return switch (typeName) {
            case "timestampntz" -> "timestamp_ntz";
            case "timestampltz" -> "timestamp_ltz";
            case "timestamptz" -> "timestamp_tz";
            default -> typeName;
        };
    }
}
