package io.snowgate.emulator.snowflake;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps H2's failures to the Snowflake error codes, SQL states and message wording a client would see. */
final class H2Errors {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    /** H2's "Cannot parse "DATE" constant "nope"": the type and the text. */
    private static final Pattern UNPARSED_TEMPORAL = Pattern.compile(
            "Cannot parse \"(DATE|TIMESTAMP|TIME)[^\"]*\" constant \"((?:[^\"]|\"\")*)\"");
    /** H2's ErrorCode.VIEW_IS_INVALID_2: "View {name} is invalid: {reason [code-version]}", the reason quoted. */
    private static final Pattern INVALID_VIEW = Pattern.compile(
            "View \"(?:[^\"]*\\.)?([^\".]*)\" is invalid: \"(.*) \\[(\\d+)-\\d+\\]\"", Pattern.DOTALL);
    private static final Pattern SYNTAX = Pattern.compile("statement \"(.*?)\\[\\*\\](\\S*)", Pattern.DOTALL);

    private H2Errors() {
    }

    /** H2's ErrorCode.FEATURE_NOT_SUPPORTED_1: "Feature not supported: "{what}"". */
    private static final int FEATURE_NOT_SUPPORTED = 50100;

    /**
     * What a function the stand-in adds to H2 throws for a case it does not model: H2 hands an SQLException on as it
     * is (a runtime exception becomes an internal error), and {@link #map} makes this one Snowflake's 002040.
     */
    static SQLException unsupportedInFunction(String what) {
        return new SQLException("Feature not supported: \"" + what + "\"", "HYC00", FEATURE_NOT_SUPPORTED);
    }

    static StandInSqlException map(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return switch (e.getErrorCode()) {
            case 42000, 42001 -> {
                Matcher m = SYNTAX.matcher(message);
                yield m.find()
                        ? StandInSqlException.syntax(m.group(1).length(), m.group(2).isEmpty() ? "<EOF>" : m.group(2))
                        : StandInSqlException.syntax(0, "<EOF>");
            }
            // H2's table or view not found; then its schema and its database not found.
            case 42102, 42103, 42104 -> StandInSqlException.tableDoesNotExist(firstQuoted(message));
            // H2's schema, database and sequence not found.
            case 90079, 90013, 90036 -> StandInSqlException.doesNotExist(firstQuoted(message));
            case 42122 -> StandInSqlException.invalidIdentifier(firstQuoted(message));
            // A view whose table or view was dropped (SurvivingViews): Snowflake names the view, then why it failed
            // ("002037 (42601): SQL compilation error: Failure during expansion of view 'V': SQL compilation error:
            // Object 'T' does not exist or not authorized.", as its users report it).
            case 90109 -> {
                Matcher m = INVALID_VIEW.matcher(message);
                yield m.find() ? new StandInSqlException("002037", "42601", "SQL compilation error:\nFailure during"
                        + " expansion of view '" + m.group(1) + "': " + map(new SQLException(
                                m.group(2).replace("\"\"", "\""), null, Integer.parseInt(m.group(3)))).getMessage())
                        : internal(e, message);
            }
            case 90022 -> new StandInSqlException("002140", "42601",
                    "SQL compilation error:\nUnknown function " + firstQuoted(message));
            case 42101, 90078 -> StandInSqlException.alreadyExists(firstQuoted(message));
            case 23502 -> new StandInSqlException("100072", "22000",
                    "NULL result in a non-nullable column");
            // H2 cannot read text as a date or time: Snowflake names the type (100040 Date '...', 100035 Timestamp).
            case 22007 -> {
                Matcher m = UNPARSED_TEMPORAL.matcher(message);
                if (!m.find()) {
                    yield new StandInSqlException("100038", "22018",
                            "Numeric value " + singleQuoted(message) + " is not recognized");
                }
                boolean date = m.group(1).equals("DATE");
                yield new StandInSqlException(date ? "100040" : "100035", "22007",
                        (date ? "Date" : m.group(1).equals("TIME") ? "Time" : "Timestamp") + " '" + m.group(2)
                                + "' is not recognized");
            }
            case 22018 -> new StandInSqlException("100038", "22018",
                    "Numeric value " + singleQuoted(message) + " is not recognized");
            // The stand-in's own readers of dates and timestamps (AutoFormats), worded as Snowflake's.
            case AutoFormats.DATE_NOT_RECOGNIZED -> new StandInSqlException("100040", "22007", functionMessage(message));
            case AutoFormats.TIMESTAMP_NOT_RECOGNIZED -> new StandInSqlException("100035", "22007",
                    functionMessage(message));
            case 22012 -> new StandInSqlException("100051", "22012", "Division by zero");
            // Quotients' own refusal, worded there; H2's numeric overflow ("Numeric value out of range") too.
            case Quotients.OUT_OF_RANGE -> new StandInSqlException("100046", "22003",
                    message.startsWith("Number out of representable range") ? message.lines().findFirst().orElse("")
                            : "Number out of representable range");
            // A VARIANT (H2 JSON) compared with a number or date: Snowflake casts it, the stand-in cannot.
            case 90110 -> message.contains("\"JSON")
                    ? StandInSqlException.unsupported("comparison of a VARIANT with another type without a cast ("
                            + message.lines().findFirst().orElse("") + ")")
                    : internal(e, message);
            case SemiStructured.PARSE_ERROR_CODE -> new StandInSqlException("100069", "22P02", functionMessage(message));
            case VariantFunctions.KEY_EXISTS_CODE -> new StandInSqlException("093202", "23001", functionMessage(message));
            // H2 says a value is too long for a NUMERIC's precision as for a string's length; Snowflake does not
            // (docs: functions/to_decimal, "100039 (22003): Numeric value '12.3456' is out of range").
            case 22001 -> message.contains("\"NUMERIC(")
                    ? new StandInSqlException("100039", "22003", "Numeric value " + singleQuoted(message)
                            + " is out of range")
                    : new StandInSqlException("100074", "22000", "String is too long and would be truncated");
            case 23505 -> new StandInSqlException("100090", "23505", "Duplicate key value violates unique constraint");
            // H2 cannot do what the statement asks (ALTER of a temporary table, say): a gap in the stand-in, said as
            // Snowflake says a feature is unsupported rather than as an internal error.
            case FEATURE_NOT_SUPPORTED -> StandInSqlException.unsupported(firstQuoted(message));
            // The stand-in's own detail (H2's first line) helps whoever runs into a gap in the emulation.
            default -> internal(e, message);
        };
    }

    private static StandInSqlException internal(SQLException e, String message) {
        return new StandInSqlException("000603", "XX000",
                "SQL execution internal error:\nProcessing aborted due to error " + e.getErrorCode() + ": "
                        + message.lines().findFirst().orElse(""));
    }

    /** What a function the stand-in adds said, without the statement H2 appends ("msg; SQL statement: ..."). */
    private static String functionMessage(String message) {
        String first = message.lines().findFirst().orElse("");
        int statement = first.indexOf("; SQL statement:");
        return statement < 0 ? first : first.substring(0, statement);
    }

    private static String firstQuoted(String message) {
        Matcher m = QUOTED.matcher(message);
        return m.find() ? m.group(1) : "";
    }

    private static String singleQuoted(String message) {
        int start = message.indexOf('\'');
        int end = start < 0 ? -1 : message.indexOf('\'', start + 1);
        return end < 0 ? "''" : message.substring(start, end + 1);
    }
}
