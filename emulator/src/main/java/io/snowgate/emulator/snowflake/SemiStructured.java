package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Functions over semi-structured values that H2 calls by alias (see {@link SqlEngine}). */
public final class SemiStructured {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SemiStructured() {
    }

    /** {@code PARSE_JSON(text)}: the value re-serialised compactly; fails on text that is not JSON. */
    public static String parseJson(String text) throws java.sql.SQLException {
        if (text == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new java.sql.SQLDataException("Error parsing JSON: " + e.getOriginalMessage(), "22018", 22018);
        }
    }
}
