package io.snowgate.infra.api;

import java.util.List;

import io.snowgate.catalog.api.ApiRoute;
import io.snowgate.catalog.api.ApiRoutes;
import io.snowgate.infra.config.ApiSettings;
import io.snowgate.infra.workload.HttpQuery;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The HTTP API: the routes {@link ApiRoutes} derives from the catalog ({@code POST /queries/{name}} for each exposed
 * query, one explicit route per name so an unexposed query has no route at all, and
 * {@code GET /queries/{name}/runs/{queryId}} for run status), the same routes {@code snowgate local start-api} serves.
 * Every route requires IAM (SigV4) authorisation and integrates with the HTTP function's alias, which API Gateway may
 * invoke for this API only (one permission, whatever the number of routes); the stage is throttled and writes access
 * logs.
 */
public final class QueryApi extends Construct {

    // HTTP API access-log variables; the caller's IAM identity is what an audit needs.
    private static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"ip\":\"$context.identity.sourceIp\",\"caller\":\"$context.identity.userArn\","
            + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
            + "\"status\":\"$context.status\",\"responseLength\":\"$context.responseLength\","
            + "\"integrationLatency\":\"$context.integrationLatency\","
            + "\"integrationError\":\"$context.integrationErrorMessage\"}";

    private final HttpApi api;
    private final LogGroup accessLogs;

    /**
     * @param alias        the HTTP function's alias
     * @param queries      the queries exposed over HTTP
     * @param settings     throttling
     * @param logRetention retention of the access logs
     */
    public QueryApi(Construct scope, String id, IAlias alias, List<HttpQuery> queries, ApiSettings settings,
                    RetentionDays logRetention) {
        super(scope, id);
        this.accessLogs = LogGroup.Builder.create(this, "AccessLogs").retention(logRetention).build();
        this.api = HttpApi.Builder.create(this, "Api")
                // Named after its stack: CDK would name every stack's API "Api", alike in the console and the CLI.
                .apiName(Stack.of(this).getStackName())
                .description("Snowgate: run named Snowflake queries (IAM-authorised)")
                .createDefaultStage(false)
                .build();
        IAccessLogDestination destination = new LogGroupLogDestination(accessLogs);
        api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(settings.rateLimit())
                        .burstLimit(settings.burstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return destination;
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                    }
                })
                .build());

        // One invoke permission for this API, not one per route: Lambda caps a function's resource-based policy at
        // 20 KB (Lambda developer guide, "Lambda quotas"), which some fifty per-route permissions of ~400 bytes
        // exceed, failing the deployment with PolicyLengthExceededException. Every route of this API integrates with
        // this alias and requires IAM anyway, so per-route scoping allowed nothing less.
        HttpLambdaIntegration integration = new HttpLambdaIntegration("QueryFunction", alias,
                HttpLambdaIntegrationProps.builder().scopePermissionToRoute(false).build());
        HttpIamAuthorizer iam = new HttpIamAuthorizer();
        for (ApiRoute route : ApiRoutes.forQueries(queries.stream().map(HttpQuery::name).toList()).routes()) {
            api.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .authorizer(iam)
                    .build());
        }
    }

    /** The API. */
    public HttpApi api() {
        return api;
    }

    /** The access log group. */
    public LogGroup accessLogs() {
        return accessLogs;
    }
}
