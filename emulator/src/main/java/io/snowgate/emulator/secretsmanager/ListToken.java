package io.snowgate.emulator.secretsmanager;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The NextToken of the stand-in's list operations: opaque to callers, as the service's are, so that nobody comes to
 * depend on its form; it holds where the next page starts. A token the stand-in did not issue, or one past the end
 * of the list, fails with InvalidNextTokenException as the service's do.
 */
final class ListToken {

    private static final String PREFIX = "snowgate-page:";

    private ListToken() {
    }

    static String of(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** Where the page a token asks for starts: 0 without a token. */
    static int offset(String token, int listSize) {
        if (token == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                int offset = Integer.parseInt(decoded.substring(PREFIX.length()));
                if (offset >= 0 && offset <= listSize) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // Not base64, or not a number: the same answer as any other token the stand-in did not issue.
        }
        throw new AwsErrorException(AwsErrorException.INVALID_NEXT_TOKEN, "The NextToken value is invalid.");
    }
}
