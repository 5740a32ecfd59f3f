package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryTagTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
    /** Snowflake's own limit (docs: sql-reference/parameters, QUERY_TAG), not the class's constant for it. */
    private static final int SNOWFLAKE_QUERY_TAG_LIMIT = 2000;

    private static QueryTag tag(String caller) {
        return new QueryTag("echo_text", REQUEST_ID, Optional.of(caller));
    }

    @Test
    void aTagThatFits_carriesTheCallerWhole_andReadsBack() {
        String caller = "arn:aws:sts::210987654321:assumed-role/ReportingJob/reporting-job";
        String text = tag(caller).toJson(JSON);

        assertThat(QueryTag.fromJson(JSON, text)).contains(tag(caller));
    }

    @Test
    void aCallerTooLongForSnowflakesLimit_keepsItsBeginningAndADigest_withinTheLimit() {
        // A Lambda authorizer's principal id has no bound; the tag must still fit QUERY_TAG's 2,000 characters.
        String caller = "authorizer:" + "p".repeat(5_000);
        String text = tag(caller).toJson(JSON);

        assertThat(text).hasSizeLessThanOrEqualTo(SNOWFLAKE_QUERY_TAG_LIMIT);
        QueryTag read = QueryTag.fromJson(JSON, text).orElseThrow();
        assertThat(read.query()).isEqualTo("echo_text");
        assertThat(read.requestId()).isEqualTo(REQUEST_ID);
        assertThat(read.caller().orElseThrow()).startsWith("authorizer:ppp").contains(QueryTag.SHORTENED)
                .matches(".*\\Q" + QueryTag.SHORTENED + "\\E[0-9a-f]{32}");
    }

    @Test
    void twoLongCallersAlikeButForTheirEnd_getDifferentTags() {
        String common = "authorizer:" + "x".repeat(3_000);

        assertThat(tag(common + "-alice").toJson(JSON)).isNotEqualTo(tag(common + "-bob").toJson(JSON));
    }

    @Test
    void aLongCallerOfCharactersJsonEscapes_stillFits_andIsNotCutInsideASurrogatePair() {
        String caller = "authorizer:" + "\"\u0001😀".repeat(1_000);
        String text = tag(caller).toJson(JSON);

        assertThat(text).hasSizeLessThanOrEqualTo(SNOWFLAKE_QUERY_TAG_LIMIT);
        String shown = QueryTag.fromJson(JSON, text).orElseThrow().caller().orElseThrow();
        String kept = shown.substring(0, shown.indexOf(QueryTag.SHORTENED));
        assertThat(caller).startsWith(kept);
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
    }
}
