package io.snowgate.infra;

import static io.snowgate.infra.Synthesized.statement;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.snowgate.infra.config.ApiSettings;
import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.config.KeySource;
import io.snowgate.infra.config.RotationMode;
import io.snowgate.infra.config.SecretOrigin;
import io.snowgate.infra.function.SnowgateFunction;
import io.snowgate.infra.stack.SnowgateStack;
import io.snowgate.infra.workload.ScheduledQuery;
import io.snowgate.infra.workload.Workload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The stack pointed at existing resources: the secret by ARN, the passphrase secret by name, the customer managed
 * key and the alarm topic by ARN, in a fixed account and region, with the API off and no reserved concurrency.
 */
class ImportedResourcesStackTest {

    private static final String SECRET_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/prod-AbCdEf";
    private static final String PASSPHRASE_NAME = "snowgate/prod-passphrase";
    private static final String KEY_ARN =
            "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:ops-alarms";

    private static final InfraSettings SETTINGS = new InfraSettings("SnowgateProd",
            Optional.of("123456789012"), Optional.of("eu-west-1"),
            new SecretOrigin.ImportByArn(SECRET_ARN), Optional.of(new SecretOrigin.ImportByName(PASSPHRASE_NAME)),
            new KeySource.Import(KEY_ARN), 1024, 300, RetentionDays.ONE_YEAR, OptionalInt.empty(), 300,
            Optional.of(TOPIC_ARN), Path.of("queries", "catalog.yaml"), new ApiSettings(false, 10, 20, 29),
            new RotationMode.None());

    private static final Workload WORKLOAD = new Workload(
            List.of(new ScheduledQuery("refresh_totals", "cron(30 2 * * ? *)", "America/New_York", Map.of(), true)),
            List.of());

    private static Synthesized synth;
    private static SnowgateStack stack;
    private static Template template;

    /** This class's deployment, synthesized ({@link Deployment#IMPORTED_RESOURCES}). */
    static Synthesized build() {
        return Synthesized.of(SETTINGS, WORKLOAD);
    }

    @BeforeAll
    static void synthesize() {
        synth = Deployment.IMPORTED_RESOURCES.synthesized();
        stack = synth.stack();
        template = synth.template();
    }

    @Test
    void importedSecretsAndKey_areReferenced_notCreated() {
        template.resourceCountIs("AWS::SecretsManager::Secret", 0);
        template.resourceCountIs("AWS::KMS::Key", 0);
        template.resourceCountIs("AWS::SNS::Topic", 0);
    }

    @Test
    void scheduledFunctionRole_readsExactlyTheImportedSecrets_andDecryptsOnlyForThemThroughSecretsManager() {
        SnowgateFunction scheduled = stack.scheduledFunction();
        // Whole literals: the stack has a region, and cdk.json's @aws-cdk/core:enablePartitionLiterals.
        Object passphraseArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + PASSPHRASE_NAME + "-??????";
        List<Object> secretArns = List.of(SECRET_ARN, passphraseArn);
        assertThat(synth.statementsOf(scheduled.role())).containsExactly(
                statement("WriteOwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        List.of(Map.of("Fn::GetAtt", List.of(synth.logicalId(scheduled.logGroup()), "Arn"))), null),
                statement("ReadSnowflakeSecrets", List.of("secretsmanager:GetSecretValue"), secretArns, null),
                // The name-imported ARN ends in "-??????", which only StringLike matches.
                statement("DecryptSnowflakeSecretsThroughSecretsManager", List.of("kms:Decrypt"), List.of(KEY_ARN),
                        Map.of("StringEquals", Map.of("kms:ViaService", Map.of("Fn::Join", List.of("",
                                List.of("secretsmanager.eu-west-1.", Map.of("Ref", "AWS::URLSuffix"))))),
                                "StringLike", Map.of("kms:EncryptionContext:SecretARN", secretArns))),
                statement("SendFailedRunsToOnFailureQueue", List.of("sqs:SendMessage"),
                        List.of(Map.of("Fn::GetAtt",
                                List.of(synth.logicalId(stack.scheduleQueues().onFailureQueue()), "Arn"))), null));
    }

    @Test
    void function_readsTheSecretByArnAndThePassphraseByName_withoutReservedConcurrency() {
        assertThat(synth.properties(synth.logicalId(stack.scheduledFunction().function())))
                .doesNotContainKey("ReservedConcurrentExecutions")
                .containsEntry("Environment", Synthesized.functionEnvironment(Map.of(
                        "SNOWGATE_SECRET_ID", SECRET_ARN,
                        "SNOWGATE_PASSPHRASE_SECRET_ID", PASSPHRASE_NAME,
                        "SNOWGATE_CATALOG", "/var/task/queries/catalog.yaml",
                        "SNOWGATE_SECRET_TTL_SECONDS", "300")));
    }

    @Test
    void apiTurnedOff_leavesNoApiNoHttpFunctionAndNoInvokePermission() {
        assertThat(stack.api()).isEmpty();
        assertThat(stack.httpFunction()).isEmpty();
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 0);
        template.resourceCountIs("AWS::ApiGatewayV2::Route", 0);
        template.resourceCountIs("AWS::Lambda::Permission", 0);
        template.resourceCountIs("AWS::Lambda::Function", 1);
        template.resourceCountIs("AWS::IAM::Role", 2);
    }

    @Test
    void asyncInvocation_retriesTwice_whenEveryScheduledQueryIsSafeToRetry() {
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of("MaximumRetryAttempts", 2));
    }

    @Test
    void schedule_usesTheQueryTimeZone() {
        template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
                "ScheduleExpression", "cron(30 2 * * ? *)",
                "ScheduleExpressionTimezone", "America/New_York",
                "Target", Match.objectLike(Map.of(
                        "Input", Match.serializedJson(Match.objectEquals(
                                Map.of("query", "refresh_totals", "params", Map.of(),
                                        "scheduledTime", "<aws.scheduler.scheduled-time>")))))));
    }

    @Test
    void alarms_notifyTheGivenTopic() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 5);
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", List.of(TOPIC_ARN)));
    }

    @Test
    void stack_isBoundToTheConfiguredAccountAndRegion() {
        assertThat(stack.getAccount()).isEqualTo("123456789012");
        assertThat(stack.getRegion()).isEqualTo("eu-west-1");
        assertThat(stack.getStackName()).isEqualTo("SnowgateProd");
    }
}
