package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.snowgate.emulator.snowflake.Wire.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Encodes H2 results the way Snowflake's JSON result format carries them (notes §4): every cell a string or null;
 * dates as days since the epoch; times and timestamps as epoch seconds with nine fraction digits, TIMESTAMP_TZ with
 * {@code offsetMinutes + 1440} after a space; binary as upper-case hex; semi-structured values as pretty JSON.
 */
final class ResultEncoder {

    /** Snowflake's VARCHAR maximum, reported for unbounded text. */
    static final int MAX_TEXT_LENGTH = 16_777_216;
    static final int TIMESTAMP_SCALE = 9;
    static final int MAX_SCALE = 37;
    private static final ObjectMapper PRETTY = new ObjectMapper();
    /**
     * Snowflake's layout: two-space indents, arrays one element per line, {@code "key": value}, and an empty array
     * or object as {@code []} or {@code {}} (docs: functions/flatten shows {@code "THIS": []} for an empty array).
     */
    private static final DefaultPrettyPrinter SNOWFLAKE_LAYOUT = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("").withObjectEmptySeparator(""))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private final String database;

    ResultEncoder(String database) {
        this.database = database;
    }

    /** One column's Snowflake type and how to turn a cell into its wire string. */
    private record Encoding(Column column, CellReader reader) {
    }

    @FunctionalInterface
    private interface CellReader {
        String read(ResultSet rows, int index) throws SQLException;
    }

    Wire.QueryResult encode(ResultSet rows, Connection h2, int statementTypeId) throws SQLException {
        List<Encoding> encodings = columns(rows.getMetaData(), h2);
        List<List<String>> rowset = new ArrayList<>();
        while (rows.next()) {
            List<String> row = new ArrayList<>(encodings.size());
            for (int i = 0; i < encodings.size(); i++) {
                rows.getObject(i + 1);
                row.add(rows.wasNull() ? null : encodings.get(i).reader().read(rows, i + 1));
            }
            rowset.add(row);
        }
        return new Wire.QueryResult(encodings.stream().map(Encoding::column).toList(), rowset, statementTypeId);
    }

    /** The rowtype of a statement without running it (describe-only requests). */
    List<Column> describe(ResultSetMetaData metaData, Connection h2) throws SQLException {
        return metaData == null ? List.of() : columns(metaData, h2).stream().map(Encoding::column).toList();
    }

    private List<Encoding> columns(ResultSetMetaData meta, Connection h2) throws SQLException {
        List<Encoding> encodings = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            encodings.add(encoding(meta, i, domainOf(meta, i, h2)));
        }
        return encodings;
    }

    private Encoding encoding(ResultSetMetaData meta, int i, String domain) throws SQLException {
        String name = SqlTranslator.label(meta.getColumnLabel(i));
        String schema = meta.getSchemaName(i);
        String table = meta.getTableName(i);
        if (table != null && table.startsWith(ResultTables.TABLE_PREFIX)) {
            // A result read back (RESULT_SCAN, ->> $n, QUERY_HISTORY) belongs to no table of the account.
            schema = "";
            table = "";
        }
        String db = table == null || table.isEmpty() ? "" : database;
        boolean nullable = meta.isNullable(i) != ResultSetMetaData.columnNoNulls;
        int precision = meta.getPrecision(i);
        // Snowflake's NUMBER scale is at most 37; H2 reports unconstrained decimals with a vast scale.
        int scale = Math.min(meta.getScale(i), MAX_SCALE);
        if (domain != null) {
            switch (domain) {
                case SqlTranslator.VARIANT_DOMAIN -> {
                    return new Encoding(column(name, db, schema, table, "variant", null, null, MAX_TEXT_LENGTH, nullable),
                            ResultEncoder::json);
                }
                case SqlTranslator.OBJECT_DOMAIN -> {
                    return new Encoding(column(name, db, schema, table, "object", null, null, MAX_TEXT_LENGTH, nullable),
                            ResultEncoder::json);
                }
                case SqlTranslator.ARRAY_DOMAIN -> {
                    return new Encoding(column(name, db, schema, table, "array", null, null, MAX_TEXT_LENGTH, nullable),
                            ResultEncoder::json);
                }
                case SqlTranslator.LTZ_DOMAIN -> {
                    return new Encoding(column(name, db, schema, table, "timestamp_ltz", 0, TIMESTAMP_SCALE, null, nullable),
                            (rows, index) -> epoch(rows.getObject(index, OffsetDateTime.class).toInstant().getEpochSecond(),
                                    rows.getObject(index, OffsetDateTime.class).getNano()));
                }
                default -> {
                }
            }
        }
        if ("DECFLOAT".equals(meta.getColumnTypeName(i))) {
            // H2 makes a DECFLOAT of a DOUBLE plus or minus a NUMERIC and of SUM or AVG over a DOUBLE, and reports it
            // as NUMERIC with scale 0: encoded as fixed, 6.5 would arrive as 7. The stand-in answers a FLOAT, as
            // Snowflake does for an operation with a FLOAT operand (docs: sql-reference/operators-arithmetic).
            return new Encoding(column(name, db, schema, table, "real", null, null, null, nullable),
                    (rows, index) -> real(rows.getDouble(index)));
        }
        return switch (meta.getColumnType(i)) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> new Encoding(
                    column(name, db, schema, table, "fixed", 38, 0, null, nullable),
                    (rows, index) -> rows.getObject(index, BigInteger.class).toString());
            case Types.NUMERIC, Types.DECIMAL -> new Encoding(
                    column(name, db, schema, table, "fixed", Math.min(Math.max(precision, 1), 38), scale, null, nullable),
                    (rows, index) -> fixed(rows.getBigDecimal(index), scale));
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> new Encoding(
                    column(name, db, schema, table, "real", null, null, null, nullable),
                    (rows, index) -> real(rows.getDouble(index)));
            case Types.BOOLEAN -> new Encoding(column(name, db, schema, table, "boolean", null, null, null, nullable),
                    (rows, index) -> rows.getBoolean(index) ? "1" : "0");
            case Types.DATE -> new Encoding(column(name, db, schema, table, "date", null, null, null, nullable),
                    (rows, index) -> Long.toString(rows.getObject(index, LocalDate.class).toEpochDay()));
            case Types.TIME -> new Encoding(column(name, db, schema, table, "time", 0, TIMESTAMP_SCALE, null, nullable),
                    (rows, index) -> {
                        long nanos = rows.getObject(index, LocalTime.class).toNanoOfDay();
                        return epoch(nanos / 1_000_000_000L, (int) (nanos % 1_000_000_000L));
                    });
            case Types.TIMESTAMP -> new Encoding(
                    column(name, db, schema, table, "timestamp_ntz", 0, TIMESTAMP_SCALE, null, nullable),
                    (rows, index) -> {
                        LocalDateTime wallClock = rows.getObject(index, LocalDateTime.class);
                        return epoch(wallClock.toEpochSecond(ZoneOffset.UTC), wallClock.getNano());
                    });
            case Types.TIMESTAMP_WITH_TIMEZONE -> new Encoding(
                    column(name, db, schema, table, "timestamp_tz", 0, TIMESTAMP_SCALE, null, nullable),
                    (rows, index) -> {
                        OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
                        int offsetMinutes = value.getOffset().getTotalSeconds() / 60;
                        return epoch(value.toEpochSecond(), value.getNano()) + " " + (offsetMinutes + 1440);
                    });
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> new Encoding(
                    column(name, db, schema, table, "binary", null, null, 8_388_608, nullable),
                    (rows, index) -> HexFormat.of().withUpperCase().formatHex(rows.getBytes(index)));
            case Types.ARRAY -> new Encoding(column(name, db, schema, table, "array", null, null, MAX_TEXT_LENGTH, nullable),
                    ResultEncoder::h2Array);
            default -> {
                if ("INTERVAL DAY".equals(meta.getColumnTypeName(i))) {
                    // A date minus a date, which H2 makes an interval: Snowflake answers the number of days (docs:
                    // sql-reference/operators-arithmetic, "date - date").
                    yield new Encoding(column(name, db, schema, table, "fixed", 38, 0, null, nullable),
                            (rows, index) -> {
                                // INTERVAL '-2' DAY: the text, as H2's Interval object loses the sign.
                                String text = rows.getString(index);
                                return text.substring(text.indexOf('\'') + 1, text.lastIndexOf('\''));
                            });
                }
                if ("JSON".equals(meta.getColumnTypeName(i))) {
                    yield new Encoding(column(name, db, schema, table, "variant", null, null, MAX_TEXT_LENGTH, nullable),
                            (rows, index) -> pretty(new String(rows.getBytes(index), java.nio.charset.StandardCharsets.UTF_8)));
                }
                int length = precision <= 0 || precision > MAX_TEXT_LENGTH ? MAX_TEXT_LENGTH : precision;
                yield new Encoding(column(name, db, schema, table, "text", null, null, length, nullable),
                        (rows, index) -> rows.getString(index));
            }
        };
    }

    private static Column column(String name, String db, String schema, String table, String type, Integer precision,
                                 Integer scale, Integer length, boolean nullable) {
        Integer byteLength = length == null ? null : (int) Math.min((long) length * 4, MAX_TEXT_LENGTH);
        return new Column(name, db, schema == null ? "" : schema, table == null ? "" : table, type, precision, scale,
                length, byteLength, nullable, null);
    }

    /** The stand-in's domain (VARIANT, OBJECT, ARRAY, TIMESTAMP_LTZ) of a column read straight from a table. */
    private static String domainOf(ResultSetMetaData meta, int i, Connection h2) throws SQLException {
        String table = meta.getTableName(i);
        String column = meta.getColumnName(i);
        if (table == null || table.isEmpty() || column == null) {
            return null;
        }
        try (PreparedStatement query = h2.prepareStatement("SELECT DOMAIN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            query.setString(1, meta.getSchemaName(i));
            query.setString(2, table);
            query.setString(3, column);
            try (ResultSet found = query.executeQuery()) {
                return found.next() ? found.getString(1) : null;
            }
        }
    }

    static String epoch(long seconds, int nanos) {
        return BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9)).setScale(TIMESTAMP_SCALE).toPlainString();
    }

    private static String fixed(BigDecimal value, int scale) {
        return value.setScale(scale, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static String real(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return Double.toString(value);
    }

    private static String json(ResultSet rows, int index) throws SQLException {
        return pretty(rows.getString(index));
    }

    /** Snowflake pretty-prints semi-structured values with two-space indents. */
    static String pretty(String json) {
        try {
            return SemiStructured.layOut(json, SNOWFLAKE_LAYOUT);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    /** An H2 array, which ARRAY_AGG makes, as Snowflake's ARRAY: its JSON elements nested as JSON, not as text. */
    private static String h2Array(ResultSet rows, int index) throws SQLException {
        Array array = rows.getArray(index);
        try {
            List<String> elements = new ArrayList<>();
            for (Object element : (Object[]) array.getArray()) {
                if (element instanceof byte[] json) {
                    elements.add(new String(json, java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    elements.add(PRETTY.writeValueAsString(element));
                }
            }
            return pretty("[" + String.join(",", elements) + "]");
        } catch (JsonProcessingException e) {
            throw new SQLException("array not representable as JSON", e);
        } finally {
            array.free();
        }
    }
}
