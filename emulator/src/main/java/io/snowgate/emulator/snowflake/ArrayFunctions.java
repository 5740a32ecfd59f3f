package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.VariantFunctions.NODES;
import static io.snowgate.emulator.snowflake.VariantFunctions.array;
import static io.snowgate.emulator.snowflake.VariantFunctions.indexOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Snowflake's array functions that compute over the elements (docs: "Semi-structured and structured data functions",
 * Array): sorting, extremes, set operations, ranges and conversions to an array. Like {@link VariantFunctions}, each
 * takes and answers JSON text, typed a VARIANT by the translator ({@link SemiStructuredSql#FUNCTIONS}). Elements are
 * compared as {@link SemiStructured#sameValue} finds them equal; ordering compares numbers by value and strings by
 * their characters, and refuses an array mixing the two or holding arrays or objects (Snowflake's order of VARIANTs
 * of different types is not modelled).
 */
public final class ArrayFunctions {

    /** The H2 alias of each function and the method behind it. */
    static final List<String[]> ALIASES = List.of(
            new String[] {"SF_ARRAY_SORT", "arraySort"},
            new String[] {"SF_ARRAY_MIN", "arrayMin"},
            new String[] {"SF_ARRAY_MAX", "arrayMax"},
            new String[] {"SF_ARRAY_FLATTEN", "arrayFlatten"},
            new String[] {"SF_ARRAY_GENERATE_RANGE", "arrayGenerateRange"},
            new String[] {"SF_ARRAY_EXCEPT", "arrayExcept"},
            new String[] {"SF_ARRAY_INTERSECTION", "arrayIntersection"},
            new String[] {"SF_ARRAY_REMOVE", "arrayRemove"},
            new String[] {"SF_TO_ARRAY", "toArray"},
            new String[] {"SF_TO_VARIANT", "toVariant"});
    /** ARRAY_GENERATE_RANGE's largest array; Snowflake's own limit is a value's 16 MB (docs: data-types). */
    private static final int LARGEST_RANGE = 10_000_000;

    private ArrayFunctions() {
    }

    /**
     * {@code ARRAY_SORT(array[, ascending[, nullsFirst]])} (docs: functions/array_sort): the elements in order,
     * ascending by default; null elements last when ascending and first when descending, unless nullsFirst says.
     */
    public static String arraySort(String array) throws SQLException {
        return arraySort(array, true);
    }

    public static String arraySort(String array, Boolean ascending) throws SQLException {
        return arraySort(array, ascending, ascending == null ? null : !ascending);
    }

    public static String arraySort(String array, Boolean ascending, Boolean nullsFirst) throws SQLException {
        ArrayNode elements = array("ARRAY_SORT", array);
        if (elements == null || ascending == null || nullsFirst == null) {
            return null;
        }
        List<JsonNode> values = new ArrayList<>();
        int nulls = 0;
        for (JsonNode element : elements) {
            if (element.isNull()) {
                nulls++;
            } else {
                values.add(element);
            }
        }
        Comparator<JsonNode> order = order("ARRAY_SORT", values);
        values.sort(ascending ? order : order.reversed());
        ArrayNode sorted = NODES.arrayNode();
        if (nullsFirst) {
            addNulls(sorted, nulls);
        }
        values.forEach(sorted::add);
        if (!nullsFirst) {
            addNulls(sorted, nulls);
        }
        return SemiStructured.write(sorted);
    }

    private static void addNulls(ArrayNode array, int count) {
        for (int k = 0; k < count; k++) {
            array.addNull();
        }
    }

    /** {@code ARRAY_MIN(array)} (docs: functions/array_min): the least element that is not null; NULL if none. */
    public static String arrayMin(String array) throws SQLException {
        return extreme("ARRAY_MIN", array, false);
    }

    /** {@code ARRAY_MAX(array)} (docs: functions/array_max): the greatest element that is not null; NULL if none. */
    public static String arrayMax(String array) throws SQLException {
        return extreme("ARRAY_MAX", array, true);
    }

    private static String extreme(String function, String array, boolean greatest) throws SQLException {
        ArrayNode elements = array(function, array);
        if (elements == null) {
            return null;
        }
        List<JsonNode> values = new ArrayList<>();
        elements.forEach(element -> {
            if (!element.isNull()) {
                values.add(element);
            }
        });
        if (values.isEmpty()) {
            return null;
        }
        Comparator<JsonNode> order = order(function, values);
        return SemiStructured.write(greatest ? values.stream().max(order).orElseThrow()
                : values.stream().min(order).orElseThrow());
    }

    /**
     * {@code ARRAY_FLATTEN(array)} (docs: functions/array_flatten): the elements of its arrays, one level of nesting
     * removed; NULL if an element is null, an error if one is not an array.
     */
    public static String arrayFlatten(String array) throws SQLException {
        ArrayNode elements = array("ARRAY_FLATTEN", array);
        if (elements == null) {
            return null;
        }
        ArrayNode flat = NODES.arrayNode();
        for (JsonNode element : elements) {
            if (element.isNull()) {
                return null;
            }
            if (!element.isArray()) {
                throw new SQLException("Invalid argument for function 'ARRAY_FLATTEN': every element must be an"
                        + " ARRAY", "22023", 22023);
            }
            flat.addAll((ArrayNode) element);
        }
        return SemiStructured.write(flat);
    }

    /**
     * {@code ARRAY_GENERATE_RANGE(start, stop[, step])} (docs: functions/array_generate_range): the integers from
     * start up to but not including stop, step apart (1 by default; a negative step counts down).
     */
    public static String arrayGenerateRange(Long start, Long stop) throws SQLException {
        return arrayGenerateRange(start, stop, 1L);
    }

    public static String arrayGenerateRange(Long start, Long stop, Long step) throws SQLException {
        if (start == null || stop == null || step == null) {
            return null;
        }
        if (step == 0) {
            throw new SQLException("Invalid argument for function 'ARRAY_GENERATE_RANGE': the step is 0", "22023",
                    22023);
        }
        ArrayNode range = NODES.arrayNode();
        for (long value = start; step > 0 ? value < stop : value > stop; value += step) {
            if (range.size() == LARGEST_RANGE) {
                throw new SQLException("ARRAY_GENERATE_RANGE: more than " + LARGEST_RANGE + " elements", "22023",
                        22023);
            }
            range.add(value);
        }
        return SemiStructured.write(range);
    }

    /**
     * {@code ARRAY_EXCEPT(source, exclude)} (docs: functions/array_except): source's elements without exclude's, each
     * element of exclude taking away one equal element of source (so [A, B, B, C] except [B] is [A, B, C]).
     */
    public static String arrayExcept(String source, String exclude) throws SQLException {
        return matched("ARRAY_EXCEPT", source, exclude, false);
    }

    /**
     * {@code ARRAY_INTERSECTION(array1, array2)} (docs: functions/array_intersection): the elements both hold, as
     * often as both hold them, in array1's order.
     */
    public static String arrayIntersection(String first, String second) throws SQLException {
        return matched("ARRAY_INTERSECTION", first, second, true);
    }

    /**
     * The elements of {@code first} that are (or, without {@code kept}, are not) matched one to one by an equal
     * element of {@code second}, as multisets match.
     */
    private static String matched(String function, String first, String second, boolean kept) throws SQLException {
        ArrayNode one = array(function, first);
        ArrayNode other = array(function, second);
        if (one == null || other == null) {
            return null;
        }
        ArrayNode unmatched = other.deepCopy();
        ArrayNode chosen = NODES.arrayNode();
        for (JsonNode element : one) {
            int match = indexOf(unmatched, element);
            if (match >= 0) {
                unmatched.remove(match);
            }
            if (match >= 0 == kept) {
                chosen.add(element);
            }
        }
        return SemiStructured.write(chosen);
    }

    /** {@code ARRAY_REMOVE(array, value)} (docs: functions/array_remove): the array without the elements equal it. */
    public static String arrayRemove(String array, String value) throws SQLException {
        ArrayNode elements = array("ARRAY_REMOVE", array);
        JsonNode removed = SemiStructured.tree(value);
        if (elements == null || removed == null) {
            return null;
        }
        ArrayNode kept = NODES.arrayNode();
        for (JsonNode element : elements) {
            if (!SemiStructured.sameValue(element, removed)) {
                kept.add(element);
            }
        }
        return SemiStructured.write(kept);
    }

    /** {@code TO_ARRAY(value)} (docs: functions/to_array): an array as it is, any other value the array of it. */
    public static String toArray(String value) throws SQLException {
        JsonNode node = SemiStructured.tree(value);
        if (node == null) {
            return null;
        }
        return SemiStructured.write(node.isArray() ? node : NODES.arrayNode().add(node));
    }

    /** {@code TO_VARIANT(value)} (docs: functions/to_variant): the value, which the translator made a VARIANT. */
    public static String toVariant(String value) {
        return value;
    }

    /** How the elements compare: all numbers, or all strings; anything else is refused. */
    private static Comparator<JsonNode> order(String function, List<JsonNode> values) throws SQLException {
        if (values.stream().allMatch(JsonNode::isNumber)) {
            return Comparator.comparing(JsonNode::decimalValue);
        }
        if (values.stream().allMatch(JsonNode::isTextual)) {
            return Comparator.comparing(JsonNode::textValue);
        }
        throw H2Errors.unsupportedInFunction(function + " of an array whose elements are not all numbers or all"
                + " strings");
    }
}
