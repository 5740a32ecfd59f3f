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
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

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

    private SemiStructured() {
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
            return copy(text, null, true);
        } catch (JsonProcessingException e) {
            throw new java.sql.SQLDataException("Error parsing JSON: " + e.getOriginalMessage(), "22P02",
                    PARSE_ERROR_CODE);
        }
    }

    /**
     * A semi-structured value as JSON text laid out by {@code layout}, its numbers as written (they are PARSE_JSON's,
     * or a column's own JSON text).
     *
     * @throws JsonProcessingException the text is not JSON
     */
    static String layOut(String json, PrettyPrinter layout) throws JsonProcessingException {
        return copy(json, layout, false);
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
