package io.snowgate.emulator.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request as a stand-in received it, for assertions. {@code body} is already decompressed.
 * Header names are lower-cased.
 */
public record RecordedRequest(
        String kind, String method, String path, String query, Map<String, List<String>> headers, byte[] body,
        Instant receivedAt) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** The first value of a header (case-insensitive name), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
