package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Snowflake's functions over ARRAY, OBJECT and VARIANT values (docs: "Semi-structured and structured data
 * functions"), which H2 calls by the aliases in {@link #ALIASES}: each takes its semi-structured arguments as JSON
 * text (a VARIANT column's own text, or H2 {@code JSON}, which H2 hands over as its text) and answers JSON text that
 * the translator types as a VARIANT ({@link SemiStructuredSql#VARIANT_RESULTS}), or a plain SQL value. Arrays and
 * objects are never changed in place: each function answers a new value, as Snowflake's do.
 */
public final class VariantFunctions {

    /** The H2 alias of each function and the method behind it. */
    static final List<String[]> ALIASES = List.of(
            new String[] {"SF_ARRAY_APPEND", "arrayAppend"},
            new String[] {"SF_ARRAY_PREPEND", "arrayPrepend"},
            new String[] {"SF_ARRAY_INSERT", "arrayInsert"},
            new String[] {"SF_ARRAY_CAT", "arrayCat"},
            new String[] {"SF_ARRAY_SLICE", "arraySlice"},
            new String[] {"SF_ARRAY_DISTINCT", "arrayDistinct"},
            new String[] {"SF_ARRAY_COMPACT", "arrayCompact"},
            new String[] {"SF_ARRAYS_OVERLAP", "arraysOverlap"},
            new String[] {"SF_ARRAY_POSITION", "arrayPosition"},
            new String[] {"SF_ARRAY_TO_STRING", "arrayToString"},
            new String[] {"SF_GET", "get"},
            new String[] {"SF_GET_IGNORE_CASE", "getIgnoreCase"},
            new String[] {"SF_TO_OBJECT", "toObject"},
            new String[] {"SF_OBJECT_KEYS", "objectKeys"},
            new String[] {"SF_OBJECT_INSERT", "objectInsert"},
            new String[] {"SF_OBJECT_DELETE", "objectDelete"},
            new String[] {"SF_OBJECT_PICK", "objectPick"},
            new String[] {"SF_TYPEOF", "typeOf"},
            new String[] {"SF_IS_NULL_VALUE", "isNullValue"},
            new String[] {"SF_STRIP_NULL_VALUE", "stripNullValue"},
            new String[] {"SF_IS_TYPE", "isType"},
            new String[] {"SF_AS_TEXT", "asText"},
            new String[] {"SF_AS_BOOLEAN", "asBoolean"},
            new String[] {"SF_AS_NUMBER", "asNumber"},
            new String[] {"SF_AS_DOUBLE", "asDouble"},
            new String[] {"SF_AS_JSON", "asJson"},
            new String[] {"SF_TO_JSON", "toJson"},
            new String[] {"SF_CHECK_JSON", "checkJson"},
            new String[] {"SF_STRTOK_TO_ARRAY", "strtokToArray"});

    /** Snowflake's code for a key OBJECT_INSERT finds already there (docs: functions/object_insert). */
    static final int KEY_EXISTS_CODE = 93202;

    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private VariantFunctions() {
    }

    /** {@code ARRAY_APPEND(array, value)} (docs: functions/array_append): the array with the value after its last. */
    public static String arrayAppend(String array, String value) throws SQLException {
        ArrayNode elements = array("ARRAY_APPEND", array);
        return elements == null ? null : SemiStructured.write(elements.deepCopy().add(element(value)));
    }

    /** {@code ARRAY_PREPEND(array, value)} (docs: functions/array_prepend): the value, then the array's elements. */
    public static String arrayPrepend(String array, String value) throws SQLException {
        ArrayNode elements = array("ARRAY_PREPEND", array);
        return elements == null ? null : SemiStructured.write(elements.deepCopy().insert(0, element(value)));
    }

    /**
     * {@code ARRAY_INSERT(array, position, value)} (docs: functions/array_insert): the value at the 0-based position,
     * a negative one counting back from the end ({@code -1} goes before the last element); past the end, the gap is
     * filled with undefined elements, which the stand-in writes as JSON nulls.
     */
    public static String arrayInsert(String array, Long position, String value) throws SQLException {
        ArrayNode elements = array("ARRAY_INSERT", array);
        if (elements == null || position == null) {
            return null;
        }
        ArrayNode made = elements.deepCopy();
        long at = position < 0 ? made.size() + position : position;
        if (at < 0) {
            throw H2Errors.unsupportedInFunction("ARRAY_INSERT at a negative position before the first element");
        }
        while (made.size() < at) {
            made.addNull();
        }
        made.insert(Math.toIntExact(at), element(value));
        return SemiStructured.write(made);
    }

    /** {@code ARRAY_CAT(array1, array2)} (docs: functions/array_cat): the elements of both; NULL if either is. */
    public static String arrayCat(String first, String second) throws SQLException {
        ArrayNode head = array("ARRAY_CAT", first);
        ArrayNode tail = array("ARRAY_CAT", second);
        return head == null || tail == null ? null : SemiStructured.write(head.deepCopy().addAll(tail));
    }

    /**
     * {@code ARRAY_SLICE(array, from, to)} (docs: functions/array_slice): the elements from index {@code from} up to
     * but not including {@code to}, both 0-based, a negative one counting from the end; indexes past either end are
     * taken as that end, so a slice wholly outside the array is empty. NULL if any argument is.
     */
    public static String arraySlice(String array, Long from, Long to) throws SQLException {
        ArrayNode elements = array("ARRAY_SLICE", array);
        if (elements == null || from == null || to == null) {
            return null;
        }
        int start = sliceIndex(from, elements.size());
        int end = sliceIndex(to, elements.size());
        ArrayNode slice = NODES.arrayNode();
        for (int i = start; i < end; i++) {
            slice.add(elements.get(i));
        }
        return SemiStructured.write(slice);
    }

    private static int sliceIndex(long index, int size) {
        long counted = index < 0 ? size + index : index;
        return (int) Math.max(0, Math.min(size, counted));
    }

    /**
     * {@code ARRAY_DISTINCT(array)} (docs: functions/array_distinct): each element once (numbers equal by value, NULLs
     * equal to each other), the stand-in keeping the order of first appearance, which Snowflake does not promise.
     */
    public static String arrayDistinct(String array) throws SQLException {
        ArrayNode elements = array("ARRAY_DISTINCT", array);
        if (elements == null) {
            return null;
        }
        ArrayNode distinct = NODES.arrayNode();
        for (JsonNode element : elements) {
            if (indexOf(distinct, element) < 0) {
                distinct.add(element);
            }
        }
        return SemiStructured.write(distinct);
    }

    /** {@code ARRAY_COMPACT(array)} (docs: functions/array_compact): the array without its null elements. */
    public static String arrayCompact(String array) throws SQLException {
        ArrayNode elements = array("ARRAY_COMPACT", array);
        if (elements == null) {
            return null;
        }
        ArrayNode compact = NODES.arrayNode();
        elements.forEach(element -> {
            if (!element.isNull()) {
                compact.add(element);
            }
        });
        return SemiStructured.write(compact);
    }

    /**
     * {@code ARRAYS_OVERLAP(array1, array2)} (docs: functions/arrays_overlap): whether an element of one equals one of
     * the other; NULL-safe, so two null elements overlap.
     */
    public static Boolean arraysOverlap(String first, String second) throws SQLException {
        ArrayNode one = array("ARRAYS_OVERLAP", first);
        ArrayNode other = array("ARRAYS_OVERLAP", second);
        if (one == null || other == null) {
            return null;
        }
        for (JsonNode element : one) {
            if (indexOf(other, element) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code ARRAY_POSITION(value, array)} (docs: functions/array_position): the 0-based index of the value's first
     * occurrence, NULL where it does not occur; a NULL value finds the first null element (docs: release notes,
     * bundle 2023_01, "ARRAY_POSITION: returns the position of NULL").
     */
    public static Integer arrayPosition(String value, String array) throws SQLException {
        ArrayNode elements = array("ARRAY_POSITION", array);
        if (elements == null) {
            return null;
        }
        int index = indexOf(elements, element(value));
        return index < 0 ? null : index;
    }

    /**
     * {@code ARRAY_TO_STRING(array, separator)} (docs: functions/array_to_string): the elements as text, joined; a
     * string without its quotes, an array or object as compact JSON, a null element as the empty string. NULL if
     * either argument is.
     */
    public static String arrayToString(String array, String separator) throws SQLException {
        ArrayNode elements = array("ARRAY_TO_STRING", array);
        if (elements == null || separator == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(elements.size());
        for (JsonNode element : elements) {
            parts.add(element.isNull() ? "" : element.isTextual() ? element.textValue()
                    : element.isNumber() ? numberText(element) : SemiStructured.write(element));
        }
        return String.join(separator, parts);
    }

    /** A number as TO_VARCHAR writes it: a NUMBER as it is, a DOUBLE in its shortest form (-0.0012, 5). */
    private static String numberText(JsonNode number) {
        return number.isDouble() ? BigDecimal.valueOf(number.doubleValue()).stripTrailingZeros().toPlainString()
                : number.decimalValue().toPlainString();
    }

    /**
     * {@code GET(array, index)} and {@code GET(object, 'key')} (docs: functions/get): the element at the 0-based
     * index or the field of the key (case-sensitive), NULL where there is none.
     */
    public static String get(String value, String step) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        if (node == null || step == null) {
            return null;
        }
        JsonNode found;
        if (node.isArray()) {
            try {
                found = node.get(Integer.parseInt(step.trim()));
            } catch (NumberFormatException e) {
                throw new SQLException("Numeric value '" + step + "' is not recognized", "22018", 22018);
            }
        } else {
            found = node.isObject() ? node.get(step) : null;
        }
        return found == null ? null : SemiStructured.write(found);
    }

    /**
     * {@code GET_IGNORE_CASE(object, 'key')} (docs: functions/get_ignore_case): GET with the key matched whatever its
     * case, the key written exactly so first, else the first that matches in key order; an array as GET takes it.
     */
    public static String getIgnoreCase(String value, String step) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        if (node == null || step == null || !node.isObject()) {
            return get(value, step);
        }
        if (node.has(step)) {
            return SemiStructured.write(node.get(step));
        }
        for (java.util.Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equalsIgnoreCase(step)) {
                return SemiStructured.write(field.getValue());
            }
        }
        return null;
    }

    /** {@code TO_OBJECT(value)} (docs: functions/to_object): an object as it is; any other value is an error. */
    public static String toObject(String value) throws SQLException {
        ObjectNode fields = object("TO_OBJECT", value);
        return fields == null ? null : SemiStructured.write(fields);
    }

    /** {@code OBJECT_KEYS(object)} (docs: functions/object_keys): the object's own keys, as an array. */
    public static String objectKeys(String object) throws SQLException {
        ObjectNode fields = object("OBJECT_KEYS", object);
        if (fields == null) {
            return null;
        }
        ArrayNode keys = NODES.arrayNode();
        // In the order Snowflake keeps an OBJECT's keys (SemiStructured's TREE).
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        fields.fieldNames().forEachRemaining(names::add);
        names.forEach(keys::add);
        return SemiStructured.write(keys);
    }

    public static String objectInsert(String object, String key, String value) throws SQLException {
        return objectInsert(object, key, value, false);
    }

    /**
     * {@code OBJECT_INSERT(object, key, value[, updateFlag])} (docs: functions/object_insert): the object with the
     * pair added, or with the key's value replaced when {@code updateFlag} is TRUE; a key already there without it is
     * an error. A NULL key or value leaves the object as it is; a JSON null value is inserted.
     */
    public static String objectInsert(String object, String key, String value, Boolean update) throws SQLException {
        ObjectNode fields = object("OBJECT_INSERT", object);
        if (fields == null) {
            return null;
        }
        if (key == null || value == null) {
            return SemiStructured.write(fields);
        }
        if (fields.has(key) && !Boolean.TRUE.equals(update)) {
            // The wording Snowflake documents for a structured OBJECT; for an OBJECT value it says only "an error".
            throw new SQLException("Function OBJECT_INSERT: expected object to not contain field " + key
                    + " but it did.", "23001", KEY_EXISTS_CODE);
        }
        ObjectNode made = fields.deepCopy();
        made.set(key, element(value));
        return SemiStructured.write(made);
    }

    /** {@code OBJECT_DELETE(object, key, ...)} (docs: functions/object_delete): the object without those keys. */
    public static String objectDelete(String object, String... keys) throws SQLException {
        ObjectNode fields = object("OBJECT_DELETE", object);
        if (fields == null) {
            return null;
        }
        ObjectNode made = fields.deepCopy();
        for (String key : keys) {
            if (key != null) {
                made.remove(key);
            }
        }
        return SemiStructured.write(made);
    }

    /**
     * {@code OBJECT_PICK(object, key, ...)} or {@code OBJECT_PICK(object, array_of_keys)} (docs:
     * functions/object_pick): an object of only those keys the object has.
     */
    public static String objectPick(String object, String... keys) throws SQLException {
        ObjectNode fields = object("OBJECT_PICK", object);
        if (fields == null) {
            return null;
        }
        List<String> wanted = new ArrayList<>();
        if (keys.length == 1 && keys[0] != null && keys[0].trim().startsWith("[")) {
            SemiStructured.tree(keys[0]).forEach(key -> wanted.add(key.asText()));
        } else {
            for (String key : keys) {
                wanted.add(key);
            }
        }
        ObjectNode picked = NODES.objectNode();
        for (String key : wanted) {
            if (key != null && fields.has(key)) {
                picked.set(key, fields.get(key));
            }
        }
        return SemiStructured.write(picked);
    }

    /**
     * {@code TYPEOF(value)} (docs: functions/typeof): the type of what a VARIANT holds: {@code NULL_VALUE} for a JSON
     * null, {@code BOOLEAN}, {@code INTEGER}, {@code DECIMAL} (a number with a fraction), {@code DOUBLE} (one written
     * with an exponent), {@code VARCHAR}, {@code ARRAY} or {@code OBJECT}; NULL for SQL NULL.
     */
    public static String typeOf(String value) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        if (node == null) {
            return null;
        }
        return switch (node.getNodeType()) {
            case NULL -> "NULL_VALUE";
            case BOOLEAN -> "BOOLEAN";
            case STRING -> "VARCHAR";
            case ARRAY -> "ARRAY";
            case OBJECT -> "OBJECT";
            case NUMBER -> node.isIntegralNumber() ? "INTEGER" : node.isFloatingPointNumber() && !node.isBigDecimal()
                    ? "DOUBLE" : "DECIMAL";
            default -> "VARCHAR";
        };
    }

    /**
     * {@code IS_NULL_VALUE(value)} (docs: functions/is_null_value): TRUE for a JSON null, FALSE for anything else,
     * NULL for SQL NULL.
     */
    public static Boolean isNullValue(String value) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        return node == null ? null : node.isNull();
    }

    /** {@code STRIP_NULL_VALUE(value)} (docs: functions/strip_null_value): SQL NULL for a JSON null, else the value. */
    public static String stripNullValue(String value) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        return node == null || node.isNull() ? null : SemiStructured.write(node);
    }

    /**
     * {@code IS_<type>(value)} (docs: functions/is_integer, is_decimal, is_double-real, is_char-varchar, is_boolean,
     * is_array, is_object): whether the VARIANT holds that type; an integer is a DECIMAL and a DOUBLE too, a decimal
     * a DOUBLE. NULL for SQL NULL.
     */
    public static Boolean isType(String value, String type) throws SQLException {
        String held = typeOf(value);
        if (held == null) {
            return null;
        }
        return switch (type) {
            case "DECIMAL" -> held.equals("INTEGER") || held.equals("DECIMAL");
            case "DOUBLE" -> held.equals("INTEGER") || held.equals("DECIMAL") || held.equals("DOUBLE");
            default -> held.equals(type);
        };
    }

    /** {@code AS_VARCHAR(value)}, {@code AS_CHAR} (docs: functions/as_char-varchar): the string held, else NULL. */
    public static String asText(String value) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** {@code AS_BOOLEAN(value)} (docs: functions/as_boolean): the boolean held, else NULL. */
    public static Boolean asBoolean(String value) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        return node != null && node.isBoolean() ? node.booleanValue() : null;
    }

    /**
     * {@code AS_INTEGER(value)} and {@code AS_NUMBER|AS_DECIMAL(value)} (docs: functions/as_integer,
     * functions/as_decimal-number): the number held, a NUMBER(38, 0), a fraction rounded; NULL for a value of another
     * type, a non-integer to AS_INTEGER and a DOUBLE to AS_NUMBER, which do not convert them.
     */
    public static BigDecimal asNumber(String value, boolean integerOnly) throws SQLException {
        String held = typeOf(value);
        if (held == null || !held.equals("INTEGER") && (integerOnly || !held.equals("DECIMAL"))) {
            return null;
        }
        return SemiStructured.tree(value).decimalValue().setScale(0, RoundingMode.HALF_UP);
    }

    /** {@code AS_DOUBLE|AS_REAL(value)} (docs: functions/as_double-real): the number held as a DOUBLE, else NULL. */
    public static Double asDouble(String value) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        return node != null && node.isNumber() ? node.doubleValue() : null;
    }

    /** {@code AS_ARRAY(value)}, {@code AS_OBJECT(value)} (docs: functions/as_array, as_object): the value or NULL. */
    public static String asJson(String value, String type) throws SQLException {
        return type.equals(typeOf(value)) ? SemiStructured.write(SemiStructured.tree(value)) : null;
    }

    /**
     * {@code TO_JSON(value)} (docs: functions/to_json): the value as compact JSON text; a JSON null is the text
     * {@code null}, SQL NULL stays NULL.
     */
    public static String toJson(String value) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        return node == null ? null : SemiStructured.write(node);
    }

    /**
     * {@code CHECK_JSON(text)} (docs: functions/check_json): NULL for valid JSON (or NULL), else why it is not,
     * which is the stand-in's JSON reader's wording, not Snowflake's.
     */
    public static String checkJson(String text) {
        try {
            SemiStructured.parseJson(text);
            return null;
        } catch (SQLException e) {
            return e.getMessage().replaceFirst("^Error parsing JSON: ", "");
        }
    }

    /**
     * {@code STRTOK_TO_ARRAY(text[, delimiters])} (docs: functions/strtok_to_array): {@link ScalarFunctions#strtok}'s
     * tokens as an array of strings.
     */
    public static String strtokToArray(String text) {
        return strtokToArray(text, " ");
    }

    public static String strtokToArray(String text, String delimiters) {
        if (text == null || delimiters == null) {
            return null;
        }
        ArrayNode tokens = NODES.arrayNode();
        ScalarFunctions.tokens(text, delimiters).forEach(tokens::add);
        return SemiStructured.write(tokens);
    }

    /**
     * {@code OBJECT_AGG(key, value)} (docs: functions/object_agg), an H2 aggregate ({@code CREATE AGGREGATE}): one
     * object of the group's pairs; a pair whose key or value is NULL is left out, and a key met twice is an error
     * ("Duplicate field key 'k'", the docs' wording; its code is not documented). A group of no pairs is {@code {}}.
     */
    public static final class ObjectAggregate implements org.h2.api.AggregateFunction {

        private final ObjectNode fields = NODES.objectNode();

        @Override
        public int getType(int[] inputTypes) throws SQLException {
            if (inputTypes.length != 2) {
                throw new SQLException("OBJECT_AGG takes a key and a value, not " + inputTypes.length
                        + " arguments", "42000", 42001);
            }
            return java.sql.Types.VARCHAR;
        }

        @Override
        public void add(Object row) throws SQLException {
            Object[] pair = (Object[]) row;
            if (pair[0] == null || pair[1] == null) {
                return;
            }
            String key = pair[0].toString();
            // A VARIANT column's JSON text arrives as text, H2 JSON as its UTF-8 bytes.
            String value = pair[1] instanceof byte[] json
                    ? new String(json, java.nio.charset.StandardCharsets.UTF_8) : pair[1].toString();
            if (fields.has(key)) {
                throw new SQLException("Duplicate field key '" + key + "'", "22023", 22023);
            }
            fields.set(key, SemiStructured.tree(value));
        }

        @Override
        public Object getResult() {
            return SemiStructured.write(fields);
        }
    }

    /** An argument that must be an array: its elements, or null for SQL NULL. */
    static ArrayNode array(String function, String value) throws SQLException {
        return argument(function, value, ArrayNode.class, "ARRAY");
    }

    /** An argument that must be an object: its fields, or null for SQL NULL. */
    static ObjectNode object(String function, String value) throws SQLException {
        return argument(function, value, ObjectNode.class, "OBJECT");
    }

    private static <T extends JsonNode> T argument(String function, String value, Class<T> kind, String type)
            throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        if (node == null || kind.isInstance(node)) {
            return kind.cast(node);
        }
        throw new SQLException("Invalid argument types for function '" + function + "': expected " + type + ", got "
                + kindOf(node), "22023", 22023);
    }

    /** The kind of JSON value an argument is, for an error: NUMBER, not TYPEOF's INTEGER/DECIMAL/DOUBLE. */
    private static String kindOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL -> "NULL_VALUE";
            case NUMBER -> "NUMBER";
            default -> node.getNodeType().name();
        };
    }

    /** A value to put in an array or object: SQL NULL becomes a JSON null (Snowflake's undefined element). */
    static JsonNode element(String value) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        return node == null ? NODES.nullNode() : node;
    }

    static int indexOf(ArrayNode elements, JsonNode wanted) {
        for (int i = 0; i < elements.size(); i++) {
            if (SemiStructured.sameValue(elements.get(i), wanted)) {
                return i;
            }
        }
        return -1;
    }
}
