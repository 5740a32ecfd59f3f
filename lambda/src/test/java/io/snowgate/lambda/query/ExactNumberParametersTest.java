package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.lambda.testing.CatalogFunctionExtension;
import java.io.IOException;
import java.math.BigDecimal;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code number} parameter is an exact decimal of up to 38 digits (queries/README.md), and a request may send it
 * as a JSON number: the value bound must be the one sent, not the nearest double. Found by the binding property
 * test: both handlers read JSON numbers as doubles, so 20 digits became 17.
 */
class ExactNumberParametersTest {

    private static final String CATALOG = """
            queries:
              - name: echo_number
                sql: SELECT CAST(:x AS NUMBER(38, 10)) AS x
                parameters:
                  - name: x
                    type: number
                http: true
            """;

    @RegisterExtension
    final CatalogFunctionExtension deployed = new CatalogFunctionExtension(CATALOG, "exact-numbers");

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789012345678.0123456789", "-12345678901234567.8901234567",
            "0.1", "42"})
    void httpRequest_bindsAJsonNumberExactly(String number) throws IOException {
        JsonNode body = deployed.post("echo_number", "{\"params\":{\"x\":" + number + "}}");

        assertThat(decimal(body.path("rows").path(0).path("X"))).as(body.toString()).isEqualByComparingTo(number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789012345678.0123456789", "-12345678901234567.8901234567"})
    void scheduledEvent_bindsAJsonNumberExactly(String number) throws IOException {
        JsonNode summary = deployed.scheduled("{\"query\":\"echo_number\",\"params\":{\"x\":" + number + "}}");

        assertThat(decimal(summary.path("rows").path(0).path("X"))).as(summary.toString())
                .isEqualByComparingTo(number);
    }

    /** A NUMBER column's value: a JSON number, or a string beyond double precision (README, "Values"). */
    private static BigDecimal decimal(JsonNode value) {
        return new BigDecimal(value.asText());
    }
}
