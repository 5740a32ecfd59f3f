package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import org.h2.api.AggregateFunction;

/**
 * {@code MIN} and {@code MAX} of VARIANT values (a path such as {@code v:amount}), H2 aggregates ({@code CREATE
 * AGGREGATE}) that compare the values as Snowflake compares VARIANTs of one type: numbers by value, strings by their
 * text, booleans false before true (docs: "Querying semi-structured data", comparing VARIANTs). H2 compared the JSON
 * text, so {@code MAX} of 9 and 10 was 9. Values of different types in one group are refused, since where Snowflake
 * orders one type against another is not modelled; JSON nulls and SQL NULLs are skipped.
 */
public abstract sealed class VariantExtremes implements AggregateFunction {

    private JsonNode best;

    /** Whether {@code candidate} replaces {@code best}, given their comparison. */
    abstract boolean replaces(int comparison);

    abstract String name();

    @Override
    public void init(Connection connection) {
        best = null;
    }

    @Override
    public int getType(int[] inputTypes) {
        return Types.VARCHAR;
    }

    @Override
    public void add(Object value) throws SQLException {
        if (value == null) {
            return;
        }
        // H2 JSON arrives as its UTF-8 bytes, a VARIANT column's JSON text as text.
        JsonNode candidate = SemiStructured.tree(value instanceof byte[] json
                ? new String(json, StandardCharsets.UTF_8) : value.toString());
        if (candidate == null || candidate.isNull()) {
            return;
        }
        if (best == null || replaces(compare(candidate, best))) {
            best = candidate;
        }
    }

    @Override
    public Object getResult() {
        return best == null ? null : SemiStructured.write(best);
    }

    private int compare(JsonNode a, JsonNode b) throws SQLException {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().compareTo(b.textValue());
        }
        if (a.isBoolean() && b.isBoolean()) {
            return Boolean.compare(a.booleanValue(), b.booleanValue());
        }
        throw H2Errors.unsupportedInFunction(name() + " of VARIANT values of different types (" + a.getNodeType()
                + ", " + b.getNodeType() + ")");
    }

    /** {@code MAX(variant)}. */
    public static final class Max extends VariantExtremes {

        @Override
        boolean replaces(int comparison) {
            return comparison > 0;
        }

        @Override
        String name() {
            return "MAX";
        }
    }

    /** {@code MIN(variant)}. */
    public static final class Min extends VariantExtremes {

        @Override
        boolean replaces(int comparison) {
            return comparison < 0;
        }

        @Override
        String name() {
            return "MIN";
        }
    }
}
