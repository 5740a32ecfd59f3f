package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.testing.CatalogFunctionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A catalog query written with Snowflake's semi-structured syntax (queries/README.md, "Placeholders": a colon right
 * after a name or {@code )} is a path, {@code TABLE(FLATTEN(input => PARSE_JSON(:json)))} takes a parameter) runs
 * through the real HTTP handler and snowflake-jdbc against the local stand-in, as it runs on Snowflake.
 */
class SemiStructuredCatalogQueryTest {

    private static final String CATALOG = """
            queries:
              - name: order_lines
                sql: |
                  SELECT PARSE_JSON(:json):customer.name::STRING AS customer, f.index AS position,
                         f.value:sku::STRING AS sku, f.value:qty::NUMBER AS qty
                    FROM TABLE(FLATTEN(input => PARSE_JSON(:json), path => 'lines')) f
                   ORDER BY f.index
                parameters:
                  - name: json
                    type: string
                http: true
            """;

    @RegisterExtension
    final CatalogFunctionExtension deployed = new CatalogFunctionExtension(CATALOG, "semi-structured");

    @Test
    void pathsAndFlattenOfABoundDocument_answerOneRowPerLine() throws Exception {
        String order = """
                {"customer": {"name": "Ada"}, "lines": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}]}""";

        ObjectMapper json = new ObjectMapper();
        JsonNode body = deployed.post("order_lines",
                json.createObjectNode().set("params", json.createObjectNode().put("json", order)).toString());

        JsonNode rows = body.path("rows");
        assertThat(rows.size()).as(body.toString()).isEqualTo(2);
        assertThat(rows.findValuesAsText("CUSTOMER")).containsExactly("Ada", "Ada");
        assertThat(rows.findValuesAsText("SKU")).containsExactly("A-1", "B-7");
        assertThat(rows.findValuesAsText("QTY")).containsExactly("2", "1");
        assertThat(rows.findValuesAsText("POSITION")).containsExactly("0", "1");
    }
}
