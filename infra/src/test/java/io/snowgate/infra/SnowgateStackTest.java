package io.snowgate.infra;

import static io.snowgate.infra.Synthesized.statement;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import io.snowgate.catalog.api.ApiRoute;
import io.snowgate.catalog.api.ApiRoutes;
import io.snowgate.contract.FunctionMetrics;
import io.snowgate.infra.config.ApiSettings;
import io.snowgate.infra.config.FunctionStartup;
import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.config.KeySource;
import io.snowgate.infra.config.RotationMode;
import io.snowgate.infra.config.SecretOrigin;
import io.snowgate.infra.function.FunctionHandlers;
import io.snowgate.infra.function.SnowgateFunction;
import io.snowgate.infra.stack.SnowgateStack;
import io.snowgate.infra.workload.HttpQuery;
import io.snowgate.infra.workload.ScheduledQuery;
import io.snowgate.infra.workload.Workload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.IConstruct;

/**
 * The stack with everything created by it: secret and passphrase secret with a customer managed key, two schedules
 * (one not safe to retry), two HTTP-exposed queries, the alarm topic.
 */
class SnowgateStackTest {

    private static final InfraSettings SETTINGS = new InfraSettings("Snowgate", Optional.empty(), Optional.empty(),
            new SecretOrigin.Create("snowgate/snowflake"),
            Optional.of(new SecretOrigin.Create("snowgate/snowflake-passphrase")), new KeySource.Create(),
            2048, 600, RetentionDays.TWO_WEEKS, OptionalInt.of(3), 120, Optional.empty(),
            Path.of("queries", "catalog.yaml"), new ApiSettings(true, 7, 14, 25),
            new RotationMode.None());

    private static final Workload WORKLOAD = new Workload(
            List.of(new ScheduledQuery("daily_sales", "cron(0 6 * * ? *)", "Europe/Zurich",
                            Map.of("region", "EMEA", "days", 7), false),
                    new ScheduledQuery("hourly_health", "rate(1 hour)", "UTC", Map.of(), true)),
            List.of(new HttpQuery("daily_sales"), new HttpQuery("customer_orders")));

    private static Synthesized synth;
    private static SnowgateStack stack;
    private static Template template;

    /** This class's deployment, synthesized ({@link Deployment#CREATED}). */
    static Synthesized build() {
        return Synthesized.of(SETTINGS, WORKLOAD);
    }

    /** The same deployment started from the on-demand package: a custom runtime with its AOT cache. */
    static Synthesized buildAotCache() {
        return Synthesized.of(SETTINGS.withStartup(FunctionStartup.AOT_CACHE), WORKLOAD);
    }

    @BeforeAll
    static void synthesize() {
        synth = Deployment.CREATED.synthesized();
        stack = synth.stack();
        template = synth.template();
    }

    private static Map<String, Object> ref(IConstruct construct) {
        return Map.of("Ref", synth.logicalId(construct));
    }

    private static Map<String, Object> withEntry(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, Object> arnOf(IConstruct construct) {
        return Map.of("Fn::GetAtt", List.of(synth.logicalId(construct), "Arn"));
    }

    private static SnowgateFunction http() {
        return stack.httpFunction().orElseThrow();
    }

    private static List<Object> secretArns() {
        return List.of(ref(stack.secrets().connection().secret()),
                ref(stack.secrets().passphrase().orElseThrow().secret()));
    }

    private static Map<String, Object> decryptThroughSecretsManager() {
        return statement("DecryptSnowflakeSecretsThroughSecretsManager", List.of("kms:Decrypt"),
                List.of(arnOf(stack.secrets().key().orElseThrow())),
                Map.of("StringEquals", Map.of(
                        "kms:ViaService", Map.of("Fn::Join", List.of("",
                                List.of("secretsmanager.", Map.of("Ref", "AWS::Region"), ".",
                                        Map.of("Ref", "AWS::URLSuffix")))),
                        "kms:EncryptionContext:SecretARN", secretArns())));
    }

    @Test
    void scheduledFunctionRole_allowsOnlyOwnLogsTheSecretsTheKeyThroughSecretsManagerAndTheFailureQueue() {
        SnowgateFunction scheduled = stack.scheduledFunction();
        assertThat(synth.statementsOf(scheduled.role())).containsExactly(
                statement("WriteOwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        List.of(arnOf(scheduled.logGroup())), null),
                statement("ReadSnowflakeSecrets", List.of("secretsmanager:GetSecretValue"), secretArns(), null),
                decryptThroughSecretsManager(),
                statement("SendFailedRunsToOnFailureQueue", List.of("sqs:SendMessage"),
                        List.of(arnOf(stack.scheduleQueues().onFailureQueue())), null));
    }

    @Test
    void httpFunctionRole_allowsOnlyOwnLogsTheSecretsAndTheKeyThroughSecretsManager() {
        assertThat(synth.statementsOf(http().role())).containsExactly(
                statement("WriteOwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        List.of(arnOf(http().logGroup())), null),
                statement("ReadSnowflakeSecrets", List.of("secretsmanager:GetSecretValue"), secretArns(), null),
                decryptThroughSecretsManager());
    }

    @Test
    void schedulerRole_invokesOnlyTheAliasAndSendsOnlyToItsDeadLetterQueue() {
        assertThat(synth.statementsOf(stack.schedules().role().orElseThrow())).containsExactly(
                statement("InvokeScheduledFunctionAlias", List.of("lambda:InvokeFunction"),
                        List.of(ref(stack.scheduledFunction().alias())), null),
                statement("SendUndeliveredToDeadLetterQueue", List.of("sqs:SendMessage"),
                        List.of(arnOf(stack.scheduleQueues().deadLetterQueue())), null));
        assertThat(synth.properties(synth.logicalId(stack.schedules().role().orElseThrow())).get("AssumeRolePolicyDocument"))
                .isEqualTo(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "scheduler.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of(
                                "aws:SourceAccount", Map.of("Ref", "AWS::AccountId"),
                                "aws:SourceArn", Map.of("Fn::Join", List.of("", List.of("arn:",
                                        Map.of("Ref", "AWS::Partition"), ":scheduler:", Map.of("Ref", "AWS::Region"),
                                        ":", Map.of("Ref", "AWS::AccountId"), ":schedule-group/default")))))))));
    }

    @Test
    void roles_areOnlyTheThreeHandWrittenOnes_withNoAttachedPolicies() {
        template.resourceCountIs("AWS::IAM::Role", 3);
        template.resourceCountIs("AWS::IAM::Policy", 0);
        template.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
    }

    /**
     * Lambda makes a SnapStart version inactive after 14 days without an invocation, and the next one then fails with
     * SnapStartNotReadyException: a scheduled function whose schedules all leave it idle that long runs without
     * SnapStart; one schedule that always comes within 13 days keeps it. The HTTP function is not the schedules'.
     */
    @Test
    void scheduledFunction_keepsSnapStart_onlyWhenASchedulesComesWithinThirteenDays() {
        List<ScheduledQuery> rare = List.of(
                new ScheduledQuery("month_end", "cron(0 6 L * ? *)", "UTC", Map.of(), true),
                new ScheduledQuery("fortnightly", "rate(14 days)", "UTC", Map.of(), true),
                new ScheduledQuery("first_monday", "cron(0 6 ? * 2#1 *)", "Europe/Zurich", Map.of(), true));
        Synthesized rareOnly = Synthesized.of(SETTINGS, new Workload(rare, WORKLOAD.httpQueries()));
        assertThat(snapStart(rareOnly, rareOnly.stack().scheduledFunction())).isNull();
        assertThat(snapStart(rareOnly, rareOnly.stack().httpFunction().orElseThrow()))
                .isEqualTo(Map.of("ApplyOn", "PublishedVersions"));

        List<ScheduledQuery> withWeekly = new java.util.ArrayList<>(rare);
        withWeekly.add(new ScheduledQuery("weekly", "cron(0 6 ? * MON *)", "UTC", Map.of(), true));
        Synthesized kept = Synthesized.of(SETTINGS, new Workload(withWeekly, WORKLOAD.httpQueries()));
        assertThat(snapStart(kept, kept.stack().scheduledFunction()))
                .isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    }

    private static Object snapStart(Synthesized synthesized, SnowgateFunction function) {
        return synthesized.properties(synthesized.logicalId(function.function())).get("SnapStart");
    }

    @Test
    void functions_runJava25OnArm64WithSnapStartMemoryTimeoutReservedConcurrencyAndTheApiTimeoutForHttp() {
        Map<String, Object> environment = Map.of(
                "SNOWGATE_SECRET_ID", ref(stack.secrets().connection().secret()),
                "SNOWGATE_PASSPHRASE_SECRET_ID", ref(stack.secrets().passphrase().orElseThrow().secret()),
                "SNOWGATE_CATALOG", "/var/task/queries/catalog.yaml",
                "SNOWGATE_SECRET_TTL_SECONDS", "120");
        for (SnowgateFunction function : List.of(stack.scheduledFunction(), http())) {
            boolean scheduled = function == stack.scheduledFunction();
            assertThat(synth.properties(synth.logicalId(function.function())))
                    .containsEntry("Runtime", "java25")
                    .containsEntry("Architectures", List.of("arm64"))
                    .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                    .containsEntry("Handler", scheduled ? FunctionHandlers.SCHEDULED : FunctionHandlers.HTTP)
                    .containsEntry("MemorySize", 2048)
                    .containsEntry("Timeout", scheduled ? 600 : 25)
                    .containsEntry("ReservedConcurrentExecutions", 3)
                    .containsEntry("Role", arnOf(function.role()))
                    .containsEntry("LoggingConfig", Map.of("LogGroup", ref(function.logGroup())))
                    .containsEntry("Environment", Synthesized.functionEnvironment(scheduled ? environment
                            : withEntry(environment, "SNOWGATE_API_TIMEOUT_SECONDS", "25")));
        }
    }

    @Test
    void eachFunction_hasTheLiveAliasOnAPublishedVersion() {
        template.resourceCountIs("AWS::Lambda::Alias", 2);
        template.resourceCountIs("AWS::Lambda::Version", 2);
        for (SnowgateFunction function : List.of(stack.scheduledFunction(), http())) {
            assertThat(synth.properties(synth.logicalId(function.alias())))
                    .containsEntry("Name", "live")
                    .containsEntry("FunctionName", ref(function.function()));
        }
    }

    @Test
    void logGroups_keepLogsForTheConfiguredRetention() {
        template.resourceCountIs("AWS::Logs::LogGroup", 3);
        template.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
    }

    @Test
    void createdSecrets_keepTheExactPlaceholderText_soNoDeployOverwritesTheKeyPutInSince() {
        // CloudFormation compares SecretString as text: if a release changed it (a field added, removed or reordered),
        // the next deploy would write the placeholders over the key the operator put in. Never change these strings.
        assertThat(synth.properties(synth.logicalId(stack.secrets().connection().secret())).get("SecretString"))
                .isEqualTo("{\"account\":\"REPLACE_ME\",\"user\":\"REPLACE_ME\",\"private_key\":\"REPLACE_ME\","
                        + "\"warehouse\":\"REPLACE_ME\",\"database\":\"REPLACE_ME\",\"schema\":\"REPLACE_ME\","
                        + "\"role\":\"REPLACE_ME\"}");
        assertThat(synth.properties(synth.logicalId(stack.secrets().passphrase().orElseThrow().secret()))
                .get("SecretString")).isEqualTo("{\"private_key_passphrase\":\"REPLACE_ME\"}");
    }

    @Test
    void secrets_holdOnlyPlaceholders_encryptedWithTheRotatingKey_andAreRetained() {
        template.resourceCountIs("AWS::SecretsManager::Secret", 2);
        Map<String, Object> connection = new LinkedHashMap<>();
        List.of("account", "user", "private_key", "warehouse", "database", "schema", "role")
                .forEach(field -> connection.put(field, "REPLACE_ME"));
        for (var expected : Map.of(stack.secrets().connection().secret(), connection,
                stack.secrets().passphrase().orElseThrow().secret(),
                Map.<String, Object>of("private_key_passphrase", "REPLACE_ME")).entrySet()) {
            Map<String, Object> resource = synth.resource(synth.logicalId(expected.getKey()));
            assertThat(resource).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy",
                    "Retain");
            template.hasResource("AWS::SecretsManager::Secret", Map.of("Properties", Map.of(
                    "SecretString", Match.serializedJson(Match.objectEquals(expected.getValue())),
                    "KmsKeyId", arnOf(stack.secrets().key().orElseThrow()))));
        }
        assertThat(synth.resource(synth.logicalId(stack.secrets().key().orElseThrow())))
                .containsEntry("DeletionPolicy", "Retain");
        template.hasResourceProperties("AWS::KMS::Key", Map.of(
                "EnableKeyRotation", true, "Description", "Encrypts the Snowgate Snowflake connection secrets"));
    }

    @Test
    void schedules_oneForEachScheduledQuery_targetTheAliasWithItsPayloadRetryPolicyAndDeadLetterQueue() {
        template.resourceCountIs("AWS::Scheduler::Schedule", 2);
        Map<String, Object> target = Map.of(
                "Arn", ref(stack.scheduledFunction().alias()),
                "RoleArn", arnOf(stack.schedules().role().orElseThrow()),
                "RetryPolicy", Map.of("MaximumRetryAttempts", 3, "MaximumEventAgeInSeconds", 3600),
                "DeadLetterConfig", Map.of("Arn", arnOf(stack.scheduleQueues().deadLetterQueue())));
        template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
                "ScheduleExpression", "cron(0 6 * * ? *)",
                "ScheduleExpressionTimezone", "Europe/Zurich",
                "FlexibleTimeWindow", Map.of("Mode", "OFF"),
                "State", "ENABLED",
                "Target", Match.objectLike(withInput(target, Map.of(
                        "query", "daily_sales", "params", Map.of("region", "EMEA", "days", 7),
                        "scheduledTime", "<aws.scheduler.scheduled-time>")))));
        template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
                "ScheduleExpression", "rate(1 hour)",
                "ScheduleExpressionTimezone", "UTC",
                "Target", Match.objectLike(withInput(target, Map.of("query", "hourly_health", "params", Map.of(),
                        "scheduledTime", "<aws.scheduler.scheduled-time>")))));
    }

    private static Map<String, Object> withInput(Map<String, Object> target, Map<String, Object> payload) {
        Map<String, Object> withInput = new LinkedHashMap<>(target);
        withInput.put("Input", Match.serializedJson(Match.objectEquals(payload)));
        return withInput;
    }

    @Test
    void asyncInvocationOfTheAlias_doesNotRetry_whenAScheduledQueryIsNotSafeToRetry_andKeepsFailures() {
        template.resourceCountIs("AWS::Lambda::EventInvokeConfig", 1);
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "FunctionName", ref(stack.scheduledFunction().function()),
                // The alias ARN's last field: the live alias, not $LATEST or a bare version.
                "Qualifier", Map.of("Fn::Select", List.of(7,
                        Map.of("Fn::Split", List.of(":", ref(stack.scheduledFunction().alias()))))),
                "MaximumRetryAttempts", 0,
                "MaximumEventAgeInSeconds", 3600,
                "DestinationConfig", Map.of("OnFailure",
                        Map.of("Destination", arnOf(stack.scheduleQueues().onFailureQueue())))));
    }

    @Test
    void failureQueues_areEncryptedAndRefuseNonTlsAccess() {
        template.resourceCountIs("AWS::SQS::Queue", 2);
        template.allResourcesProperties("AWS::SQS::Queue", Map.of(
                "SqsManagedSseEnabled", true, "MessageRetentionPeriod", 1_209_600));
        for (IConstruct queue : List.of(stack.scheduleQueues().deadLetterQueue(),
                stack.scheduleQueues().onFailureQueue())) {
            template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                    "Queues", List.of(ref(queue)),
                    "PolicyDocument", Map.of("Statement", List.of(Match.objectLike(Map.of(
                            "Effect", "Deny",
                            "Action", "sqs:*",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))));
        }
    }

    @Test
    void routes_areOnePostPerExposedQueryAndTheRunStatusRoute_eachRequiringIam() {
        Map<String, Map<String, Object>> routes = template.findResources("AWS::ApiGatewayV2::Route");
        @SuppressWarnings("unchecked")
        Set<String> routeKeys = routes.values().stream()
                .map(route -> (Map<String, Object>) route.get("Properties"))
                .peek(properties -> assertThat(properties).containsEntry("AuthorizationType", "AWS_IAM"))
                .map(properties -> (String) properties.get("RouteKey"))
                .collect(Collectors.toSet());
        assertThat(routeKeys).containsExactlyInAnyOrder("POST /queries/daily_sales",
                "POST /queries/customer_orders", "GET /queries/{name}/runs/{queryId}");
        // The same routes snowgate local start-api serves: both come from ApiRoutes.
        assertThat(routeKeys).containsExactlyInAnyOrderElementsOf(ApiRoutes.forQueries(
                List.of("daily_sales", "customer_orders")).routes().stream().map(ApiRoute::routeKey).toList());
    }

    @Test
    void api_isNamedAfterItsStack_notAfterItsConstructIdAsEveryStacksApiWouldBe() {
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("Name", stack.getStackName()));
        assertThat(stack.getStackName()).isEqualTo("Snowgate");
    }

    @Test
    void apiIntegrationAndInvokePermissions_targetTheHttpAlias() {
        template.resourceCountIs("AWS::ApiGatewayV2::Integration", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                "IntegrationType", "AWS_PROXY",
                "IntegrationUri", ref(http().alias()),
                "PayloadFormatVersion", "2.0"));
        template.resourceCountIs("AWS::Lambda::Permission", 1);
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "FunctionName", ref(http().alias()),
                "Principal", "apigateway.amazonaws.com",
                "SourceArn", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                        ":execute-api:", Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":",
                        ref(stack.api().orElseThrow().api()), "/*/*/*")))));
    }

    /**
     * Lambda caps a function's resource-based policy at 20 KB (Lambda developer guide, "Lambda quotas"); one
     * permission per route is about 400 bytes, so a catalog exposing some fifty queries failed {@code cdk deploy}
     * with PolicyLengthExceededException. One permission for the API keeps the policy the same size however many
     * queries are exposed.
     */
    @Test
    void invokePermission_isOneForTheApi_soACatalogExposingManyQueriesStaysUnderLambdasPolicySizeLimit() {
        List<HttpQuery> many = java.util.stream.IntStream.rangeClosed(1, 80)
                .mapToObj(i -> new HttpQuery("query_" + i)).toList();
        Template manyRoutes = Synthesized.of(SETTINGS, new Workload(List.of(), many)).template();
        manyRoutes.resourceCountIs("AWS::ApiGatewayV2::Route", 81);
        manyRoutes.resourceCountIs("AWS::Lambda::Permission", 1);
    }

    @Test
    void stage_isThrottledAndWritesAccessLogsWithTheCaller() {
        template.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 7, "ThrottlingBurstLimit", 14),
                "AccessLogSettings", Map.of(
                        "DestinationArn", arnOf(stack.api().orElseThrow().accessLogs()),
                        "Format", Match.serializedJson(Match.objectLike(Map.of(
                                "requestId", "$context.requestId",
                                "caller", "$context.identity.userArn",
                                "routeKey", "$context.routeKey",
                                "status", "$context.status"))))));
    }

    @Test
    void alarms_watchErrorsAndThrottlesOfBothFunctions_theApisServerErrors_andBothFailureQueues_notifyingTheTopic() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 9);
        List<Object> topic = List.of(ref(stack.alarms().topic()));
        for (SnowgateFunction function : List.of(stack.scheduledFunction(), http())) {
            for (String metric : List.of("Errors", "Throttles")) {
                template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                        "Namespace", "AWS/Lambda",
                        "MetricName", metric,
                        "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(function.function()))),
                        "Threshold", 1,
                        "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                        "AlarmActions", topic));
            }
        }
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/ApiGateway",
                "MetricName", "5xx",
                "Dimensions", List.of(Map.of("Name", "ApiId", "Value", ref(stack.api().orElseThrow().api()))),
                "Statistic", "Sum",
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "AlarmActions", topic));
        for (IConstruct queue : List.of(stack.scheduleQueues().deadLetterQueue(),
                stack.scheduleQueues().onFailureQueue())) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "Namespace", "AWS/SQS",
                    "MetricName", "ApproximateNumberOfMessagesVisible",
                    "Dimensions", List.of(Map.of("Name", "QueueName",
                            "Value", Map.of("Fn::GetAtt", List.of(synth.logicalId(queue), "QueueName")))),
                    "Threshold", 1,
                    "AlarmActions", topic));
        }
    }

    @Test
    void alarms_watchEachQueryFunctionServingAStaleSecret_byItsOwnFunctionName() {
        // Sign-ins keep working on the last good secret, so no other alarm fires until its grace ends and every
        // sign-in fails at once: a Secrets Manager read that keeps failing (a KMS or IAM change) needs a person now.
        for (SnowgateFunction function : List.of(stack.scheduledFunction(), http())) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "Namespace", FunctionMetrics.NAMESPACE,
                    "MetricName", FunctionMetrics.SECRET_STALE_SERVES,
                    "Dimensions", List.of(Map.of("Name", FunctionMetrics.FUNCTION, "Value", ref(function.function()))),
                    "Statistic", "Sum",
                    "Period", 300,
                    "Threshold", 1,
                    "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                    "TreatMissingData", "notBreaching",
                    "AlarmActions", List.of(ref(stack.alarms().topic()))));
        }
    }

    @Test
    void createdAlarmTopic_isEncryptedWithAKeyCloudWatchMayUse_refusesNonTls_andLetsThisAccountsAlarmsPublish() {
        template.resourceCountIs("AWS::SNS::Topic", 1);
        template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        Map<String, Object> thisAccountsAlarms = Map.of(
                "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")),
                "ArnLike", Map.of("aws:SourceArn", Map.of("Fn::Join", List.of("", List.of("arn:",
                        Map.of("Ref", "AWS::Partition"), ":cloudwatch:", Map.of("Ref", "AWS::Region"), ":",
                        Map.of("Ref", "AWS::AccountId"), ":alarm:*")))));
        // A topic policy replaces SNS's default one: without an Allow, no alarm could publish to the topic.
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
                "PolicyDocument", Map.of("Statement", List.of(
                        Match.objectLike(Map.of(
                                "Effect", "Deny",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                        Map.of(
                                "Sid", "AllowCloudWatchAlarmsToPublish",
                                "Effect", "Allow",
                                "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                                "Action", "sns:Publish",
                                "Resource", Map.of("Ref", synth.logicalId(stack.alarms().topic())),
                                "Condition", thisAccountsAlarms)))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of(
                "EnableKeyRotation", true,
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Map.of(
                        "Sid", "AllowCloudWatchAlarmsToPublish",
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                        "Resource", "*",
                        "Condition", thisAccountsAlarms))))));
    }
}
