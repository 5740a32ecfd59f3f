package io.snowgate.lambda.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.http.ApiGatewayEventFixtures;
import io.snowgate.lambda.http.ApiGatewayEventFixtures.Payload;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Both stand-ins, a deployment on them with a key made for the test, and a function running the queries of a catalog
 * the test writes, fresh for each test: {@code @RegisterExtension final CatalogFunctionExtension deployed = new
 * CatalogFunctionExtension(CATALOG, "max-rows");}, then {@link #post} and {@link #scheduled} invoke the real handlers
 * as API Gateway and the scheduler do.
 */
public final class CatalogFunctionExtension implements BeforeEachCallback, AfterEachCallback {

    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);

    private final LocalStandInsExtension standIns = new LocalStandInsExtension();
    private final ObjectMapper json = new ObjectMapper();
    private final String catalogYaml;
    private final String name;
    private Path dir;
    private UserKey key;
    private LocalDeployment deployment;
    private QueryFunction function;

    /**
     * @param catalogYaml the catalog the function runs
     * @param name        names the test's invocations and is the key's passphrase
     */
    public CatalogFunctionExtension(String catalogYaml, String name) {
        this.catalogYaml = catalogYaml;
        this.name = name;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        standIns.beforeEach(context);
        dir = Files.createTempDirectory("snowgate-" + name);
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), catalogYaml);
        key = UserKey.generate(dir.resolve("key"), name);
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(key);
        function = deployment.function(catalog);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (function != null) {
                function.close();
            }
            if (deployment != null) {
                deployment.close();
            }
        } finally {
            standIns.afterEach(context);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    public LocalStandInsExtension standIns() {
        return standIns;
    }

    /** The service user's key, as the deployment's secret holds it. */
    public UserKey key() {
        return key;
    }

    public QueryFunction function() {
        return function;
    }

    /** The body of the HTTP API's 200 answer to {@code POST /queries/{query}} with {@code body} (null for none). */
    public JsonNode post(String query, String body) throws IOException {
        String event = ApiGatewayEventFixtures.event(Payload.V2, "POST", "/queries/" + query, Map.of(), body,
                ApiGatewayEventFixtures.CALLER);
        JsonNode answer = invoke(new HttpQueryHandler(function), event);
        assertThat(answer.path("statusCode").asInt()).as(answer.toString()).isEqualTo(200);
        return json.readTree(answer.path("body").asText());
    }

    /** The scheduled handler's answer (its run summary) to {@code event}. */
    public JsonNode scheduled(String event) throws IOException {
        return invoke(new ScheduledQueryHandler(function), event);
    }

    private JsonNode invoke(RequestStreamHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext(name, INVOCATION_TIMEOUT, Clock.systemUTC()));
        return json.readTree(out.toByteArray());
    }
}
