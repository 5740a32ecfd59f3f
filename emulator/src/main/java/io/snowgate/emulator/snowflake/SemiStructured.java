package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.Instantiatable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.h2.tools.SimpleResultSet;

/** Functions over semi-structured values that H2 calls by alias (see {@link SqlEngine}). */
public final class SemiStructured {

    /** Snowflake's code for text PARSE_JSON cannot read; {@link H2Errors} gives it its SQL state. */
    static final int PARSE_ERROR_CODE = 100069;
    /** NUMBER's precision and scale (docs: Numeric data types). */
    private static final int MAX_PRECISION = 38;
    private static final int MAX_SCALE = 37;

    // PARSE_JSON refuses a repeated key unless asked to keep duplicates ('d'): Snowflake's PARSE_JSON reference,
    // "100069 (22P02): Error parsing JSON: duplicate object attribute".
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Reads values whose decimals stay exactly as written (a DOUBLE would round 12345678901234567890.123): see
     * {@link #tree} for which numbers are DOUBLEs.
     */
    private static final ObjectMapper TREE = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Snowflake keeps an OBJECT's keys in order: TO_JSON(PARSE_JSON('{"b":1,"a":2}')) is {"a":2,"b":1}
            // (docs: functions/to_json; the OBJECT_AGG and OBJECT_DELETE examples print theirs sorted too).
            .enable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();
    /** H2 first calls a table function with this connection to learn its columns only. */
    private static final String COLUMN_LIST_URL = "jdbc:columnlist:connection";

    private SemiStructured() {
    }

    /**
     * {@code GET_PATH(value, 'a.b[0]')} and {@code value:a.b[0]} (docs: functions/get_path, "Querying semi-structured
     * data"): the element at the path as JSON text, or SQL NULL where the path leads nowhere (a missing key or index,
     * or a step into a scalar). Keys are case-sensitive. A JSON {@code null} found there stays the JSON text
     * {@code null}: Snowflake's VARIANT null, not SQL NULL.
     */
    public static String getPath(String value, String path) throws SQLException {
        JsonNode found = at(tree(value), path);
        return found == null ? null : write(found);
    }

    /**
     * A VARIANT as the text a cast to another type starts from ({@code value:name::STRING}, {@code f.value::NUMBER};
     * docs: "Querying semi-structured data", "Using the value in a cast"): a string without its JSON quotes, a number
     * or boolean as written, an object or array as JSON; a VARIANT null is SQL NULL.
     */
    public static String variantText(String value) throws SQLException {
        JsonNode node = tree(value);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return node.isNumber() ? node.decimalValue().toPlainString() : write(node);
    }

    /**
     * A VARIANT cast to a number (docs: functions/to_decimal, "For VARIANT input"): a number as it is, a string read
     * as one, a boolean 1 or 0, a JSON null SQL NULL; anything else fails as Snowflake's cast does.
     */
    public static BigDecimal variantNumber(String value) throws SQLException {
        JsonNode node = tree(value);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        String text = node.isTextual() ? node.textValue() : write(node);
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new SQLException("Numeric value '" + text + "' is not recognized", "22018", 22018);
        }
    }

    /**
     * An H2 array (ARRAY_AGG makes one) as Snowflake writes an ARRAY as text: compact JSON, each JSON element nested as
     * JSON, a number as a number and any other value as a string.
     */
    static String h2ArrayText(org.h2.value.ValueArray array) throws SQLException {
        com.fasterxml.jackson.databind.node.ArrayNode elements = JsonNodeFactory.instance.arrayNode();
        for (org.h2.value.Value element : array.getList()) {
            int type = element.getValueType();
            if (type == org.h2.value.Value.NULL) {
                elements.addNull();
            } else if (type == org.h2.value.Value.JSON) {
                elements.add(tree(element.getString()));
            } else if (type == org.h2.value.Value.BOOLEAN) {
                elements.add(element.getBoolean());
            } else if (org.h2.value.DataType.isNumericType(type)) {
                elements.add(element.getBigDecimal());
            } else {
                elements.add(element.getString());
            }
        }
        return write(elements);
    }

    /**
     * {@code ARRAY_CONTAINS(value, array)} (docs: functions/array_contains): whether the array holds an element equal
     * to the value (numbers compared by value); NULL when the array is NULL or not an array, or the value is NULL.
     */
    public static Boolean arrayContains(String value, String array) throws SQLException {
        JsonNode wanted = tree(value);
        JsonNode elements = tree(array);
        if (wanted == null || elements == null || !elements.isArray()) {
            return null;
        }
        for (JsonNode element : elements) {
            if (sameValue(element, wanted)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code SPLIT(text, separator)} (docs: functions/split): the parts between separators as an array of strings,
     * empty parts kept ({@code SPLIT('a,,b', ',')} is {@code ["a","","b"]}); an empty separator gives the whole text;
     * NULL when either argument is NULL.
     */
    public static String split(String text, String separator) {
        if (text == null || separator == null) {
            return null;
        }
        String[] parts = separator.isEmpty() ? new String[] {text}
                : text.split(java.util.regex.Pattern.quote(separator), -1);
        return write(TREE.valueToTree(parts));
    }

    /**
     * {@code FLATTEN(INPUT => value [, PATH => p] [, OUTER => b] [, RECURSIVE => b] [, MODE => m])} (docs:
     * functions/flatten): one row per element of the array or field of the object at the path, with the columns
     * SEQ, KEY (a field's name), PATH (the element's path from the input), INDEX (an array element's position),
     * VALUE and THIS (the value being flattened). RECURSIVE goes on into every element that is itself flattened;
     * MODE says whether objects, arrays or both are. Nothing to expand, or a path leading nowhere, gives no row,
     * or with OUTER one row whose KEY, INDEX and VALUE are NULL (and THIS too when the path leads nowhere). The
     * input is one value: SEQ is 1.
     */
    public static ResultSet flatten(Connection connection, String input, String path, Boolean outer,
            Boolean recursive, String mode) throws SQLException {
        SimpleResultSet rows = new SimpleResultSet();
        rows.addColumn("SEQ", Types.BIGINT, 19, 0);
        rows.addColumn("KEY", Types.VARCHAR, Integer.MAX_VALUE, 0);
        rows.addColumn("PATH", Types.VARCHAR, Integer.MAX_VALUE, 0);
        rows.addColumn("INDEX", Types.BIGINT, 19, 0);
        rows.addColumn("VALUE", Types.VARCHAR, Integer.MAX_VALUE, 0);
        rows.addColumn("THIS", Types.VARCHAR, Integer.MAX_VALUE, 0);
        if (COLUMN_LIST_URL.equals(connection.getMetaData().getURL())) {
            return rows;
        }
        Expansion expansion = expansion(input, path, recursive, mode);
        expansion.rows().forEach(rows::addRow);
        if (expansion.rows().isEmpty() && Boolean.TRUE.equals(outer)) {
            rows.addRow(1L, null, expansion.prefix(), null, null, expansion.start());
        }
        return rows;
    }

    /**
     * What FLATTEN makes of one input: its rows (SEQ, KEY, PATH, INDEX, VALUE, THIS), the path it starts from, and the
     * value there as JSON text (null when the path leads nowhere).
     */
    private record Expansion(String input, String path, boolean recursive, String mode, List<Object[]> rows,
                             String prefix, String start) {
    }

    /** The last expansion made on this thread: a lateral FLATTEN asks for each of its rows' columns in turn. */
    private static final ThreadLocal<Expansion> LAST_EXPANSION = new ThreadLocal<>();

    private static Expansion expansion(String input, String path, Boolean recursive, String mode)
            throws SQLException {
        boolean deep = Boolean.TRUE.equals(recursive);
        Expansion last = LAST_EXPANSION.get();
        if (last != null && Objects.equals(last.input(), input) && Objects.equals(last.path(), path)
                && last.recursive() == deep && Objects.equals(last.mode(), mode)) {
            return last;
        }
        String prefix = path == null ? "" : path;
        JsonNode start = input == null ? null : at(tree(input), prefix);
        List<Object[]> found = new ArrayList<>();
        if (start != null) {
            expand(start, prefix, FlattenMode.of(mode), deep, found);
        }
        Expansion made = new Expansion(input, path, deep, mode, List.copyOf(found), prefix,
                start == null ? null : write(start));
        LAST_EXPANSION.set(made);
        return made;
    }

    /**
     * {@code ARRAY_SIZE(v)} (docs: functions/array_size): the number of elements of an array; NULL for NULL and for
     * a value that is no array.
     */
    public static Integer arraySize(String value) throws SQLException {
        if (value == null) {
            return null;
        }
        JsonNode node = tree(value);
        return node.isArray() ? node.size() : null;
    }

    /**
     * A lateral FLATTEN, one input per row of the tables before it (docs: functions/flatten; see {@link
     * LateralFlatten}): how many rows it makes of {@code input}, each then read by its number with
     * {@link #lateralText} and {@link #lateralIndex}.
     */
    public static int lateralCount(String input, String path, Boolean recursive, String mode) throws SQLException {
        return expansion(input, path, recursive, mode).rows().size();
    }

    /**
     * KEY, PATH, VALUE or THIS of row {@code row} of a lateral FLATTEN of {@code input}; with no row (an OUTER
     * FLATTEN of nothing) KEY and VALUE are NULL, PATH is the path it started from and THIS the value there.
     */
    public static String lateralText(String input, String path, Boolean recursive, String mode, Long row,
                                     String column) throws SQLException {
        Expansion expansion = expansion(input, path, recursive, mode);
        if (row == null) {
            return switch (column) {
                case "PATH" -> expansion.prefix();
                case "THIS" -> expansion.start();
                default -> null;
            };
        }
        Object[] found = expansion.rows().get(Math.toIntExact(row));
        return (String) found[switch (column) {
            case "KEY" -> 1;
            case "PATH" -> 2;
            case "VALUE" -> 4;
            case "THIS" -> 5;
            default -> throw new SQLException("no FLATTEN column " + column, "42000", 42122);
        }];
    }

    /** INDEX of row {@code row} of a lateral FLATTEN of {@code input}: an array element's position, else NULL. */
    public static Long lateralIndex(String input, String path, Boolean recursive, String mode, Long row)
            throws SQLException {
        return row == null ? null : (Long) expansion(input, path, recursive, mode).rows().get(Math.toIntExact(row))[3];
    }

    /** FLATTEN's MODE: which kinds of value it expands. */
    private enum FlattenMode {
        OBJECT, ARRAY, BOTH;

        static FlattenMode of(String mode) throws SQLException {
            try {
                return mode == null ? BOTH : valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SQLException("invalid value [" + mode + "] for parameter 'MODE'", "22023", 22023);
            }
        }

        boolean expands(JsonNode node) {
            return node.isObject() && this != ARRAY || node.isArray() && this != OBJECT;
        }
    }

    private static void expand(JsonNode container, String path, FlattenMode mode, boolean recursive,
            List<Object[]> rows) {
        if (!mode.expands(container)) {
            return;
        }
        String self = write(container);
        if (container.isArray()) {
            for (int index = 0; index < container.size(); index++) {
                JsonNode element = container.get(index);
                String elementPath = path + "[" + index + "]";
                rows.add(new Object[] {1L, null, elementPath, (long) index, write(element), self});
                if (recursive) {
                    expand(element, elementPath, mode, true, rows);
                }
            }
        } else {
            // In the order Snowflake keeps an OBJECT's keys (see TREE).
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(container.properties());
            fields.sort(Map.Entry.comparingByKey());
            for (Map.Entry<String, JsonNode> field : fields) {
                String fieldPath = path + fieldStep(field.getKey(), path.isEmpty());
                rows.add(new Object[] {1L, field.getKey(), fieldPath, null, write(field.getValue()), self});
                if (recursive) {
                    expand(field.getValue(), fieldPath, mode, true, rows);
                }
            }
        }
    }

    /** A field's step in FLATTEN's PATH column: {@code name}, {@code .name} after a step, {@code ['odd key']}. */
    private static String fieldStep(String key, boolean first) {
        if (key.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
            return first ? key : "." + key;
        }
        return "['" + key.replace("'", "\\'") + "']";
    }

    /** Whether two elements are equal, numbers by value (1 equals 1.0). */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** The value at a path in GET_PATH's syntax ({@link VariantPath}), or null where it leads nowhere. */
    private static JsonNode at(JsonNode value, String path) throws SQLException {
        JsonNode node = value;
        for (Object step : VariantPath.steps(path)) {
            if (node == null) {
                return null;
            }
            node = step instanceof Integer index ? (node.isArray() ? node.get(index) : null)
                    : (node.isObject() ? node.get((String) step) : null);
        }
        return node;
    }

    /**
     * A semi-structured value's JSON text as a tree; null for SQL NULL. An integer, or a decimal written without an
     * exponent, is exact (a NUMBER); one written with an exponent a DOUBLE. {@link #parseJson} writes a DOUBLE as
     * Java's shortest text, which has an exponent below 0.001 and from 10 million up; H2's JSON keeps what it wrote,
     * but a DOUBLE written without one (191.2) cannot be told from a NUMBER afterwards.
     */
    static JsonNode tree(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return read(json);
        } catch (JsonProcessingException e) {
            throw new java.sql.SQLDataException("Error parsing JSON: " + e.getOriginalMessage(), "22P02",
                    PARSE_ERROR_CODE);
        }
    }

    /** JSON text as a tree, its numbers as {@link #tree} says. */
    private static JsonNode read(String json) throws JsonProcessingException {
        try (JsonParser parser = new DoublesByNotation(TREE.createParser(json))) {
            return TREE.readTree(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string", e);
        }
    }

    /** A JSON tree as compact text, a NUMBER exactly as it was read. */
    static String write(JsonNode node) {
        try {
            return TREE.writeValueAsString(Objects.requireNonNull(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing a JSON tree", e);
        }
    }

    /** Makes a JSON number written with an exponent a DOUBLE and one without an exact decimal, for {@link #tree}. */
    private static final class DoublesByNotation extends com.fasterxml.jackson.core.util.JsonParserDelegate {
        DoublesByNotation(JsonParser parser) {
            super(parser);
        }

        @Override
        public NumberTypeFP getNumberTypeFP() throws IOException {
            String text = getText();
            return text.indexOf('e') >= 0 || text.indexOf('E') >= 0 ? NumberTypeFP.DOUBLE64 : NumberTypeFP.BIG_DECIMAL;
        }
    }

    /**
     * {@code PARSE_JSON(text)}: the value re-serialised compactly; fails on text that is not one JSON value or repeats
     * a key. As the PARSE_JSON usage notes say: an empty or blank string is NULL, not an error; a decimal is a NUMBER,
     * exactly as written, where it fits one (38 digits, 37 after the point), and one in scientific notation, or one
     * that does not fit, a DOUBLE. A default JSON reader would make every decimal a double and round
     * 12345678901234567890.123.
     */
    public static String parseJson(String text) throws java.sql.SQLException {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return keysInOrder(copy(text, null, true));
        } catch (JsonProcessingException e) {
            throw new java.sql.SQLDataException("Error parsing JSON: " + e.getOriginalMessage(), "22P02",
                    PARSE_ERROR_CODE);
        }
    }

    /** JSON text with every object's keys in Snowflake's order (see {@link #TREE}), its numbers as they were. */
    private static String keysInOrder(String json) throws JsonProcessingException {
        return json.indexOf('{') < 0 ? json : write(read(json));
    }

    /** {@code TRY_PARSE_JSON(text)} (docs: functions/try_parse_json): PARSE_JSON's value, or NULL where it fails. */
    public static String tryParseJson(String text) {
        try {
            return parseJson(text);
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    /**
     * A semi-structured value as JSON text laid out by {@code layout}, its keys in Snowflake's order and its numbers
     * as written (they are PARSE_JSON's, or a column's own JSON text).
     *
     * @throws JsonProcessingException the text is not JSON
     */
    static String layOut(String json, PrettyPrinter layout) throws JsonProcessingException {
        return copy(keysInOrder(json), layout, false);
    }

    /**
     * Copies one JSON value token by token, so that a number is never read into a double on the way;
     * {@code asParsed} turns the numbers PARSE_JSON stores as DOUBLE into doubles.
     */
    private static String copy(String json, PrettyPrinter layout, boolean asParsed) throws JsonProcessingException {
        StringWriter out = new StringWriter();
        try (JsonParser parser = JSON.createParser(json); JsonGenerator generator = JSON.createGenerator(out)) {
            // A pretty printer keeps its indentation as it writes: each value gets its own, as ObjectWriter does.
            generator.setPrettyPrinter(layout instanceof Instantiatable<?> shared
                    ? (PrettyPrinter) shared.createInstance() : layout);
            if (parser.nextToken() == null) {
                throw new JsonParseException(parser, "no JSON value in the input");
            }
            int depth = 0;
            do {
                JsonToken token = parser.currentToken();
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    number(parser, generator, asParsed);
                } else {
                    generator.copyCurrentEvent(parser);
                }
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
            } while (depth > 0 && parser.nextToken() != null);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser,
                        "more than one document in the input");
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return out.toString();
    }

    private static void number(JsonParser parser, JsonGenerator generator, boolean asParsed) throws IOException {
        String text = parser.getText();
        if (asParsed && !fitsNumber(text)) {
            generator.writeNumber(parser.getDoubleValue());
        } else {
            generator.writeNumber(text);
        }
    }

    /** Whether a JSON number, as written, is one Snowflake keeps as a NUMBER rather than a DOUBLE. */
    private static boolean fitsNumber(String text) {
        if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            return false;
        }
        BigDecimal value = new BigDecimal(text);
        return value.precision() <= MAX_PRECISION && value.scale() <= MAX_SCALE;
    }
}
