package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.lambda.testing.CatalogFunctionExtension;
import java.io.IOException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A named query computing a ratio answers on the local stack what Snowflake answers: a NUMBER quotient with the
 * scale of docs sql-reference/operators-arithmetic, which the function writes as a JSON number. The stand-in used to
 * divide integers as integers (7/2 was 3) and give {@code 1*1.0/3} 21 decimals, past what a double holds, so the
 * function wrote it as a string.
 */
class RatioQueriesTest {

    private static final String CATALOG = """
            queries:
              - name: ratios
                sql: SELECT 7 / 2 AS half, 1 * 1.0 / 3 AS third
                http: true
            """;

    @RegisterExtension
    final CatalogFunctionExtension deployed = new CatalogFunctionExtension(CATALOG, "ratio-queries");

    @Test
    void ratio_isAJsonNumberWithSnowflakesScale() throws IOException {
        JsonNode row = deployed.post("ratios", "{}").path("rows").path(0);

        assertThat(row.path("HALF").isNumber()).as(row.toString()).isTrue();
        assertThat(row.path("HALF").decimalValue()).isEqualByComparingTo(new BigDecimal("3.500000"));
        assertThat(row.path("THIRD").isNumber()).as(row.toString()).isTrue();
        assertThat(row.path("THIRD").decimalValue()).isEqualByComparingTo(new BigDecimal("0.3333333"));
    }
}
