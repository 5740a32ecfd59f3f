package io.snowgate.emulator.snowflake;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A path into a semi-structured value in GET_PATH's syntax (docs: functions/get_path, "Querying semi-structured
 * data"): keys separated by dots, a key in double quotes when it is not a plain name ({@code "Quoted Key"}, a quote
 * inside doubled), and {@code [0]} or {@code ['key']} / {@code ["key"]} in brackets: {@code a.b[0]["c d"]}. Keys
 * are case-sensitive, as written.
 */
final class VariantPath {

    private VariantPath() {
    }

    /** The steps of {@code path}: a {@link String} key or an {@link Integer} index each; none for an empty path. */
    static List<Object> steps(String path) throws SQLException {
        List<Object> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.' && i > 0) {
                i++;
                continue;
            }
            if (c == '[') {
                int close = bracketEnd(path, i);
                String inside = path.substring(i + 1, close).trim();
                steps.add(inside.startsWith("'") || inside.startsWith("\"") ? unquote(inside) : index(path, inside));
                i = close + 1;
            } else if (c == '"') {
                int close = quotedEnd(path, i, '"');
                steps.add(unquote(path.substring(i, close + 1)));
                i = close + 1;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                steps.add(path.substring(i, end));
                i = end;
            }
        }
        return steps;
    }

    private static int bracketEnd(String path, int open) throws SQLException {
        int i = open + 1;
        while (i < path.length() && path.charAt(i) != ']') {
            char c = path.charAt(i);
            i = c == '\'' || c == '"' ? quotedEnd(path, i, c) + 1 : i + 1;
        }
        if (i >= path.length()) {
            throw invalid(path);
        }
        return i;
    }

    /** The index of the quote closing the one at {@code open}; a doubled quote or a backslash escapes one. */
    private static int quotedEnd(String path, int open, char quote) throws SQLException {
        for (int i = open + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote && i + 1 < path.length() && path.charAt(i + 1) == quote) {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        throw invalid(path);
    }

    private static String unquote(String quoted) {
        char quote = quoted.charAt(0);
        String inner = quoted.substring(1, quoted.length() - 1);
        return inner.replace(String.valueOf(quote) + quote, String.valueOf(quote)).replace("\\" + quote,
                String.valueOf(quote));
    }

    private static Integer index(String path, String digits) throws SQLException {
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException e) {
            throw invalid(path);
        }
    }

    /** Snowflake's answer to a path it cannot read (docs: functions/get_path). */
    private static SQLException invalid(String path) {
        return new SQLException("Invalid extraction path '" + path + "'", "22023", 22023);
    }
}
