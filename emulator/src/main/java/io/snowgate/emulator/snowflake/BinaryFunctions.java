package io.snowgate.emulator.snowflake;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Binary values to and from text in Snowflake's binary formats (docs: sql-reference/binary-input-output): {@code HEX}
 * (the default of BINARY_INPUT_FORMAT and BINARY_OUTPUT_FORMAT), {@code BASE64} and {@code UTF-8}. TO_BINARY and its
 * likes are registered in H2 (see {@link StandInFunctions}); {@link ToChar} writes with {@link #text}.
 */
public final class BinaryFunctions {

    /** The functions and the Java methods behind them, for {@code CREATE ALIAS}. */
    static final List<String[]> ALIASES = List.of(
            new String[] {"TO_BINARY", "toBinary"},
            new String[] {"TRY_TO_BINARY", "tryToBinary"},
            new String[] {"HEX_DECODE_BINARY", "hexDecodeBinary"},
            new String[] {"BASE64_DECODE_BINARY", "base64DecodeBinary"});

    private BinaryFunctions() {
    }

    /** {@code TO_BINARY(text[, format])} (docs: functions/to_binary): the bytes the text writes in the format. */
    public static byte[] toBinary(String text) throws SQLException {
        return toBinary(text, "HEX");
    }

    public static byte[] toBinary(String text, String format) throws SQLException {
        return text == null || format == null ? null : bytes(text, format);
    }

    /** {@code TRY_TO_BINARY(text[, format])} (docs: functions/try_to_binary): NULL where TO_BINARY fails. */
    public static byte[] tryToBinary(String text) {
        return tryToBinary(text, "HEX");
    }

    public static byte[] tryToBinary(String text, String format) {
        try {
            return toBinary(text, format);
        } catch (SQLException e) {
            return null;
        }
    }

    /** {@code HEX_DECODE_BINARY(hex)} (docs: functions/hex_decode_binary). */
    public static byte[] hexDecodeBinary(String text) throws SQLException {
        return text == null ? null : bytes(text, "HEX");
    }

    /** {@code BASE64_DECODE_BINARY(base64)} (docs: functions/base64_decode_binary). */
    public static byte[] base64DecodeBinary(String text) throws SQLException {
        return text == null ? null : bytes(text, "BASE64");
    }

    /** The bytes {@code text} writes in {@code format}. */
    static byte[] bytes(String text, String format) throws SQLException {
        try {
            return switch (name(format)) {
                case "HEX" -> HexFormat.of().parseHex(text.trim());
                case "BASE64" -> Base64.getMimeDecoder().decode(text.trim());
                default -> text.getBytes(StandardCharsets.UTF_8);
            };
        } catch (IllegalArgumentException e) {
            throw new SQLException("The following string is not a legal " + name(format) + "-encoded value: '" + text
                    + "'", "22000", 22000);
        }
    }

    /** {@code bytes} written in {@code format}. */
    static String text(byte[] bytes, String format) throws SQLException {
        return switch (name(format)) {
            case "HEX" -> HexFormat.of().withUpperCase().formatHex(bytes);
            case "BASE64" -> Base64.getEncoder().encodeToString(bytes);
            default -> new String(bytes, StandardCharsets.UTF_8);
        };
    }

    private static String name(String format) throws SQLException {
        String name = format.trim().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "HEX", "BASE64" -> name;
            case "UTF-8", "UTF8" -> "UTF-8";
            default -> throw new SQLException("Invalid binary format: '" + format + "'", "22023", 22023);
        };
    }
}
