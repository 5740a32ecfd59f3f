package io.snowgate.lambda.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.ParameterException;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.contract.FunctionSizing;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.query.InvalidRequestException;
import io.snowgate.lambda.testing.LocalDeployment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzzes an API Gateway event the way the HTTP handler reads it, up to the statement: the bytes as JSON,
 * {@link ApiGatewayEvents#read}, the {@link Route}, the request body ({@link RunRequestBody}) and the parameters bound
 * to the test catalog's query. Nothing but {@link InvalidRequestException}, {@link RouteException} and
 * {@link ParameterException} may escape. Inputs:
 * {@code src/test/resources/io/snowgate/lambda/http/ApiGatewayEventsFuzzTestInputs/}.
 */
class ApiGatewayEventsFuzzTest {

    private static final QueryCatalog CATALOG = QueryCatalog.loadValid(Path.of(LocalDeployment.TEST_CATALOG),
            FunctionSizing.LAMBDA_MAX_TIMEOUT_SECONDS);

    /** The function's own mapper, as {@code QueryFunction} reads events with it. */
    private final ObjectMapper json = QueryFunction.jsonMapper();
    private final ApiGatewayEvents events = new ApiGatewayEvents(json);

    @FuzzTest
    void read_throwsOnlyInvalidRequestRouteOrParameterException(byte[] input) {
        JsonNode event;
        try {
            event = json.readTree(input);
        } catch (IOException notJson) {
            return;
        }
        HttpCall call;
        Route route;
        try {
            call = events.read(event);
            route = Route.of(call);
        } catch (InvalidRequestException | RouteException expected) {
            return;
        }
        assertThat(call.method()).isUpperCase();
        String name = switch (route) {
            case Route.RunQuery run -> run.query();
            case Route.ReadRun read -> read.query();
        };
        Optional<NamedQuery> query = CATALOG.find(name).filter(NamedQuery::exposedOverHttp);
        if (query.isEmpty() || !(route instanceof Route.RunQuery)) {
            return;
        }
        try {
            Map<String, Object> params = RunRequestBody.params(json, call.body());
            query.get().bind(params);
        } catch (InvalidRequestException | ParameterException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
