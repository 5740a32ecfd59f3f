package io.snowgate.lambda.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code QUERY_TAG} every statement runs with, a small JSON object, so costs and runs can be traced in
 * {@code QUERY_HISTORY} and a run can be tied back to the query and caller that started it.
 */
public record QueryTag(String query, String requestId, Optional<String> caller) {

    public static final String APPLICATION = "snowgate";
    /** Snowflake's limit on QUERY_TAG. */
    static final int MAX_LENGTH = 2000;
    /** What replaces the end of a caller's name too long for the tag, before the digest of the whole name. */
    static final String SHORTENED = "...sha256:";
    private static final int DIGEST_BYTES = 16;

    /**
     * The tag as JSON, at most {@value #MAX_LENGTH} characters. The query name and request id are short; the caller's
     * name is the authorizer's (a Lambda authorizer's principal id has no bound), so a caller too long to fit keeps
     * its beginning and a digest of the whole, which still tells callers apart in {@code QUERY_HISTORY}.
     */
    public String toJson(ObjectMapper json) {
        String text = serialised(json, caller);
        if (text.length() <= MAX_LENGTH || caller.isEmpty()) {
            return text;
        }
        String whole = caller.get();
        String digest = SHORTENED + HexFormat.of().formatHex(sha256(whole), 0, DIGEST_BYTES);
        // The longest beginning that fits, found by halving: JSON escapes make a character's cost vary.
        int fits = 0;
        int tooLong = whole.length();
        while (tooLong - fits > 1) {
            int keep = (fits + tooLong) >>> 1;
            if (serialised(json, Optional.of(shortened(whole, keep, digest))).length() <= MAX_LENGTH) {
                fits = keep;
            } else {
                tooLong = keep;
            }
        }
        return serialised(json, Optional.of(shortened(whole, fits, digest)));
    }

    /** The first {@code keep} characters of {@code whole}, never half a surrogate pair, then the digest. */
    private static String shortened(String whole, int keep, String digest) {
        int end = keep > 0 && Character.isHighSurrogate(whole.charAt(keep - 1)) ? keep - 1 : keep;
        return whole.substring(0, end) + digest;
    }

    private String serialised(ObjectMapper json, Optional<String> shownCaller) {
        Map<String, String> tag = new LinkedHashMap<>();
        tag.put("app", APPLICATION);
        tag.put("query", query);
        tag.put("requestId", requestId);
        shownCaller.ifPresent(c -> tag.put("caller", c));
        try {
            return json.writeValueAsString(tag);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Reads a tag written by {@link #toJson}; empty for a tag Snowgate did not write. */
    public static Optional<QueryTag> fromJson(ObjectMapper json, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            var node = json.readTree(text);
            if (!node.isObject() || !APPLICATION.equals(node.path("app").asText())
                    || !node.hasNonNull("query") || !node.hasNonNull("requestId")) {
                return Optional.empty();
            }
            return Optional.of(new QueryTag(node.get("query").asText(), node.get("requestId").asText(),
                    Optional.ofNullable(node.get("caller")).map(c -> c.asText())));
        } catch (JsonProcessingException e) {
            // Another application's tag, in whatever form it likes: not one of Snowgate's.
            return Optional.empty();
        }
    }
}
