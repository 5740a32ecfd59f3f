package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Functions over semi-structured values that H2 calls by alias (see {@link SqlEngine}). */
public final class SemiStructured {

    /** Snowflake's code for text PARSE_JSON cannot read; {@link H2Errors} gives it its SQL state. */
    static final int PARSE_ERROR_CODE = 100069;

    // PARSE_JSON refuses a repeated key unless asked to keep duplicates ('d'): Snowflake's PARSE_JSON reference,
    // "100069 (22P02): Error parsing JSON: duplicate object attribute".
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SemiStructured() {
    }

    /** {@code PARSE_JSON(text)}: the value re-serialised compactly; fails on text that is not JSON or repeats a key. */
    public static String parseJson(String text) throws java.sql.SQLException {
        if (text == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new java.sql.SQLDataException("Error parsing JSON: " + e.getOriginalMessage(), "22P02",
                    PARSE_ERROR_CODE);
        }
    }
}
