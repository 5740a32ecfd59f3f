package io.snowgate.lambda.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * A VARIANT, OBJECT or ARRAY value's JSON text as Snowflake sends it, as a tree whose numbers keep what they are in
 * Snowflake. Snowflake writes a fixed-point number in plain notation, every place of its scale ({@code 12.50}), and a
 * double always with an exponent and sixteen significant digits ({@code 1.234500000000000e+02}). Read as one exact
 * decimal, that double would be answered as {@code 123.4500000000000}, and {@code 1.5e+300} as 301 digits; so a
 * number written with an exponent is read as the double it is (answered {@code 123.45}, {@code 1.5E300}), and one
 * written without is kept as the exact decimal it is.
 */
final class VariantJson {

    /** Keeps a decimal's places as given (stripping is the tree reader's, left out here). */
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private VariantJson() {
    }

    /**
     * The value {@code text} holds.
     *
     * @throws IOException when {@code text} is not one JSON value
     */
    static JsonNode read(JsonFactory factory, String text) throws IOException {
        try (JsonParser parser = factory.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new JsonParseException(parser, "no JSON value");
            }
            JsonNode value = value(parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more than one JSON value");
            }
            return value;
        }
    }

    private static JsonNode value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> number(parser);
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "unexpected " + parser.currentToken());
        };
    }

    private static JsonNode number(JsonParser parser) throws IOException {
        String text = parser.getText();
        BigDecimal exact = new BigDecimal(text);
        if (text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            return NODES.numberNode(exact);
        }
        double value = exact.doubleValue();
        // No double of Snowflake's is out of a double's range; should one be, it stays exact rather than Infinity.
        return Double.isInfinite(value) ? NODES.numberNode(exact) : NODES.numberNode(value);
    }
}
