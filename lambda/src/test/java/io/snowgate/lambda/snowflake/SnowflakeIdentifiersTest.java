package io.snowgate.lambda.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnowflakeIdentifiersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "SVC_REPORTING      | SVC_REPORTING",
        "svc$1              | svc$1",
        "svc-reporting      | \"svc-reporting\"",
        "1svc               | \"1svc\"",
        "'a\"; DROP USER x' | \"a\"\"; DROP USER x\"",
    })
    void bareOrQuoted_isBareOnlyWhenSnowflakeReadsItUnquoted_andDoublesAQuoteInside(String name, String written) {
        assertThat(SnowflakeIdentifiers.bareOrQuoted(name)).isEqualTo(written);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "svc_lower | \"svc_lower\"",
        "'a\"b'    | \"a\"\"b\"",
    })
    void quoted_keepsTheNameExactly(String name, String written) {
        assertThat(SnowflakeIdentifiers.quoted(name)).isEqualTo(written);
    }
}
