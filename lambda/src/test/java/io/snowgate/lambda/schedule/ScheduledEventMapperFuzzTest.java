package io.snowgate.lambda.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.ParameterException;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.contract.FunctionSizing;
import io.snowgate.lambda.query.InvalidRequestException;
import io.snowgate.lambda.testing.LocalDeployment;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fuzzes a scheduled event the way the handler reads it: the bytes as JSON (what is not JSON is the handler's
 * {@code INVALID_REQUEST} before the mapper runs), {@link ScheduledEventMapper#map}, then the parameters bound to the
 * test catalog's query of that name. Nothing but {@link InvalidRequestException} and {@link ParameterException}
 * may escape. Inputs: {@code src/test/resources/io/snowgate/lambda/schedule/ScheduledEventMapperFuzzTestInputs/}.
 */
class ScheduledEventMapperFuzzTest {

    private static final QueryCatalog CATALOG = QueryCatalog.loadValid(Path.of(LocalDeployment.TEST_CATALOG),
            FunctionSizing.LAMBDA_MAX_TIMEOUT_SECONDS);

    /** The function's own mapper: {@code QueryFunction} reads events with a default {@link ObjectMapper}. */
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledEventMapper mapper = new ScheduledEventMapper(json);

    @FuzzTest
    void map_throwsOnlyInvalidRequestOrParameterException(byte[] input) {
        JsonNode event;
        try {
            event = json.readTree(input);
        } catch (IOException notJson) {
            return;
        }
        ScheduledInvocation run;
        try {
            run = mapper.map(event);
        } catch (InvalidRequestException expected) {
            assertThat(expected.getMessage()).startsWith("invalid scheduled event: ");
            return;
        }
        assertThat(run.query()).isNotBlank();
        CATALOG.find(run.query()).ifPresent(query -> {
            try {
                assertThat(query.bind(run.params()).values()).hasSizeLessThanOrEqualTo(
                        query.sql().length());
            } catch (ParameterException expected) {
                assertThat(expected.queryName()).isEqualTo(query.name());
            }
        });
    }
}
