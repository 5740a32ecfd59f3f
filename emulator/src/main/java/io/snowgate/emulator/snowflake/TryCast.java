package io.snowgate.emulator.snowflake;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code TRY_CAST(text AS type)} (docs: functions/try_cast): CAST's conversion, but NULL where CAST would fail.
 * {@link SqlMacros} writes it as {@code CAST(SF_TRY_CAST(text, 'h2 type') AS type)}, the H2 type found once, from
 * {@link #h2Type}: {@link #tryCast} lets through only the text that H2's CAST to that type accepts, and the CAST
 * around it converts as any other CAST does.
 */
public final class TryCast {

    /** H2's codes for a value its CAST cannot convert: not a number or date, out of range, too long. */
    private static final Set<Integer> CONVERSION_FAILURES = Set.of(22018, 22007, 22003, 22001);
    private static final Pattern TYPE = Pattern.compile(
            "\\s*([A-Z_0-9]+(?:\\s+PRECISION)?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*");

    private static final Pattern SIZED_VARCHAR = Pattern.compile("VARCHAR\\((\\d+)\\)");

    private TryCast() {
    }

    /** The H2 type a Snowflake type name converts text as, or empty for a type TRY_CAST does not take here. */
    static Optional<String> h2Type(String snowflakeType) {
        Matcher type = TYPE.matcher(snowflakeType.toUpperCase(Locale.ROOT));
        if (!type.matches()) {
            return Optional.empty();
        }
        String precision = type.group(2);
        String scale = type.group(3) == null ? "0" : type.group(3);
        return Optional.ofNullable(switch (type.group(1)) {
            case "NUMBER", "DECIMAL", "NUMERIC" -> "NUMERIC(" + (precision == null ? "38" : precision) + ", " + scale + ")";
            case "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT" -> precision == null ? "NUMERIC(38, 0)" : null;
            case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "DOUBLE PRECISION", "REAL" -> "DOUBLE PRECISION";
            case "BOOLEAN" -> "BOOLEAN";
            case "DATE" -> "DATE";
            case "TIME" -> "TIME(9)";
            case "TIMESTAMP", "TIMESTAMP_NTZ", "DATETIME" -> "TIMESTAMP(9)";
            case "TIMESTAMP_LTZ", "TIMESTAMP_TZ" -> "TIMESTAMP(9) WITH TIME ZONE";
            case "VARCHAR", "STRING", "TEXT", "CHAR", "CHARACTER" ->
                    precision == null ? "VARCHAR" : type.group(3) == null ? "VARCHAR(" + precision + ")" : null;
            default -> null;
        });
    }

    /** {@code SF_TRY_CAST(text, 'h2 type')}: the text where H2's CAST to the type accepts it, else NULL. */
    public static String tryCast(Connection connection, String text, String h2Type) throws SQLException {
        if (text == null) {
            return null;
        }
        Matcher varchar = SIZED_VARCHAR.matcher(h2Type);
        if (varchar.matches() && text.length() > Integer.parseInt(varchar.group(1))) {
            // Snowflake refuses a string too long for the type; H2's CAST cuts it short.
            return null;
        }
        try (PreparedStatement cast = connection.prepareStatement("SELECT CAST(? AS " + h2Type + ")")) {
            cast.setString(1, text);
            try (ResultSet value = cast.executeQuery()) {
                value.next();
                value.getObject(1);
            }
            return text;
        } catch (SQLException e) {
            if (CONVERSION_FAILURES.contains(e.getErrorCode())) {
                return null;
            }
            throw e;
        }
    }
}
