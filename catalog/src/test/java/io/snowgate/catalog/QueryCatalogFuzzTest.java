package io.snowgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.snowgate.catalog.sql.SqlScanner;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes loading a catalog as the function does at start-up: {@link QueryCatalog#parseValid} (YAML, or JSON when the
 * text starts with <code>{</code>; the structure, and the meaning of every query read whole), then binding each
 * scheduled query's parameters as a scheduled run would. Nothing but {@link CatalogException} may escape loading
 * and validation; binding a valid catalog's schedule may refuse a value ({@link ParameterException}) but must never
 * find the catalog invalid. Inputs: {@code src/test/resources/io/snowgate/catalog/QueryCatalogFuzzTestInputs/}.
 */
class QueryCatalogFuzzTest {

    private static final int FUNCTION_TIMEOUT_SECONDS = 900;

    @FuzzTest
    void load_throwsOnlyCatalogException(byte[] input) {
        QueryCatalog catalog;
        try {
            catalog = QueryCatalog.parseValid(new String(input, StandardCharsets.UTF_8), "fuzz",
                    FUNCTION_TIMEOUT_SECONDS);
        } catch (CatalogException expected) {
            assertThat(expected.problems()).isNotEmpty();
            return;
        }
        for (NamedQuery query : catalog.queries()) {
            Map<String, Object> params = query.schedule().map(ScheduleSpec::params).orElse(Map.of());
            try {
                BoundStatement bound = query.bind(params);
                assertThat(bound.values()).hasSize(SqlScanner.scan(query.sql()).parameters().size());
            } catch (ParameterException expected) {
                assertThat(expected.queryName()).isEqualTo(query.name());
            }
        }
    }
}
