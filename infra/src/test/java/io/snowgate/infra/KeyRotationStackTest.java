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
import io.snowgate.infra.function.FunctionHandlers;
import io.snowgate.infra.function.SnowgateFunction;
import io.snowgate.infra.workload.Workload;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.IConstruct;

/** The three rotation modes in the synthesized template (each cdk-nag clean: {@link CdkNagTest}). */
class KeyRotationStackTest {

    private static final String ADMIN_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/admin-AbCdEf";
    private static final String MANAGED_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/managed-AbCdEf";

    private static InfraSettings settings(SecretOrigin secret, Optional<SecretOrigin> passphrase, KeySource key,
                                          RotationMode rotation) {
        return new InfraSettings("Snowgate", Optional.empty(), Optional.empty(), secret, passphrase, key, 1024, 300,
                RetentionDays.ONE_MONTH, OptionalInt.of(5), 300, Optional.empty(), Path.of("queries", "catalog.yaml"),
                new ApiSettings(false, 10, 20, 29), rotation);
    }

    private static final Workload WORKLOAD = new Workload(List.of(), List.of());

    /** The rotation function with an admin secret and revoke ({@link Deployment#ROTATION_FUNCTION}). */
    static Synthesized buildFunction() {
        return Synthesized.of(settings(new SecretOrigin.Create("snowgate/snowflake"),
                Optional.of(new SecretOrigin.Create("snowgate/snowflake-passphrase")), new KeySource.Create(),
                new RotationMode.Function(14, true, Optional.of(ADMIN_ARN))), WORKLOAD);
    }

    /** No rotation ({@link Deployment#ROTATION_NONE}). */
    static Synthesized buildNone() {
        return Synthesized.of(settings(new SecretOrigin.Create("snowgate/snowflake"),
                Optional.empty(), new KeySource.AwsManaged(), new RotationMode.None()), WORKLOAD);
    }

    /** Secrets Manager's managed rotation of an imported secret ({@link Deployment#ROTATION_MANAGED}). */
    static Synthesized buildManaged() {
        return Synthesized.of(settings(new SecretOrigin.ImportByArn(MANAGED_ARN),
                Optional.empty(), new KeySource.AwsManaged(), new RotationMode.Managed()), WORKLOAD);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Function {

        private final Synthesized synth = Deployment.ROTATION_FUNCTION.synthesized();
        private final SnowgateFunction rotation = synth.stack().rotation().function().orElseThrow();

        private Map<String, Object> ref(IConstruct construct) {
            return Map.of("Ref", synth.logicalId(construct));
        }

        @Test
        void rotationFunction_runsTheRotationHandler_withThePassphraseAdminAndRevokeSettings() {
            Map<String, Object> properties = synth.properties(synth.logicalId(rotation.function()));
            assertThat(properties.get("Handler")).isEqualTo(FunctionHandlers.ROTATION);
            assertThat(properties.get("Timeout")).isEqualTo(120);
            assertThat(properties.get("Environment")).isEqualTo(Synthesized.functionEnvironment(Map.of(
                    "SNOWGATE_PASSPHRASE_SECRET_ID", ref(synth.stack().secrets().passphrase().orElseThrow().secret()),
                    "SNOWGATE_ROTATION_ADMIN_SECRET_ID", ADMIN_ARN,
                    "SNOWGATE_ROTATION_REVOKE_PREVIOUS", "true")));
        }

        @Test
        void rotationRole_rotatesOnlyThisSecret_readsThePassphraseAndAdminSecrets_andUsesTheKeyOnlyThroughSecretsManager_encryptingForThisSecretOnly() {
            Object secret = ref(synth.stack().secrets().connection().secret());
            Object passphrase = ref(synth.stack().secrets().passphrase().orElseThrow().secret());
            List<Object> key = List.of(Map.of("Fn::GetAtt", List.of(synth.logicalId(
                    synth.stack().secrets().key().orElseThrow()), "Arn")));
            Object viaService = Map.of("Fn::Join", List.of("", List.of("secretsmanager.", Map.of("Ref", "AWS::Region"),
                    ".", Map.of("Ref", "AWS::URLSuffix"))));
            assertThat(synth.statementsOf(rotation.role())).containsExactly(
                    statement("WriteOwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                            List.of(Map.of("Fn::GetAtt", List.of(synth.logicalId(rotation.logGroup()), "Arn"))), null),
                    statement("RotateSnowflakeSecret", List.of("secretsmanager:DescribeSecret",
                            "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                            "secretsmanager:UpdateSecretVersionStage"), List.of(secret), null),
                    // In the order cdk.json's @aws-cdk/aws-iam:minimizePolicies sorts them: literals first.
                    statement("ReadPassphraseAndAdminSecrets", List.of("secretsmanager:GetSecretValue"),
                            List.of(ADMIN_ARN, passphrase), null),
                    statement("DecryptThroughSecretsManager", List.of("kms:Decrypt"), key,
                            Map.of("StringEquals", Map.of("kms:ViaService", viaService,
                                    "kms:EncryptionContext:SecretARN", List.of(secret, passphrase, ADMIN_ARN)))),
                    statement("EncryptConnectionSecretThroughSecretsManager", List.of("kms:GenerateDataKey"), key,
                            Map.of("StringEquals", Map.of("kms:ViaService", viaService,
                                    "kms:EncryptionContext:SecretARN", List.of(secret)))));
        }

        @Test
        void onlySecretsManager_mayInvokeIt_forThisAccountAndSecret() {
            synth.template().resourceCountIs("AWS::Lambda::Permission", 1);
            synth.template().hasResourceProperties("AWS::Lambda::Permission", Map.of(
                    "Action", "lambda:InvokeFunction",
                    "FunctionName", ref(rotation.alias()),
                    "Principal", "secretsmanager.amazonaws.com",
                    "SourceAccount", Map.of("Ref", "AWS::AccountId"),
                    "SourceArn", ref(synth.stack().secrets().connection().secret())));
        }

        @Test
        void theSecret_rotatesEvery14Days_throughTheAlias_notImmediatelyOnDeploy() {
            String scheduleId = synth.logicalId(synth.stack().rotation().schedule().orElseThrow());
            assertThat(synth.properties(scheduleId)).isEqualTo(Map.of(
                    "SecretId", ref(synth.stack().secrets().connection().secret()),
                    "RotationLambdaARN", ref(rotation.alias()),
                    "RotateImmediatelyOnUpdate", false,
                    "RotationRules", Map.of("AutomaticallyAfterDays", 14)));
            assertThat(synth.resource(scheduleId).get("DependsOn")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(1);
        }

        @Test
        void rotatedSecret_carriesNoRotationSuppression() {
            assertThat(synth.resource(synth.logicalId(synth.stack().secrets().connection().secret())))
                    .doesNotContainKey("Metadata");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class None {

        private final Synthesized synth = Deployment.ROTATION_NONE.synthesized();

        @Test
        void noRotationFunctionOrSchedule_andTheRotationFindingIsSuppressedWithTheReason() {
            synth.template().resourceCountIs("AWS::SecretsManager::RotationSchedule", 0);
            synth.template().resourcePropertiesCountIs("AWS::Lambda::Function",
                    Map.of("Handler", FunctionHandlers.ROTATION), 0);
            synth.template().hasResource("AWS::SecretsManager::Secret", Map.of("Metadata", Map.of("cdk_nag",
                    Map.of("rules_to_suppress", List.of(Match.objectLike(Map.of("id", "AwsSolutions-SMG4",
                            "reason", Match.stringLikeRegexp(".*rotation=none.*"))))))));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Managed {

        private final Synthesized synth = Deployment.ROTATION_MANAGED.synthesized();

        @Test
        void importsTheManagedSecret_deploysNoRotationFunctionOrSchedule_andReadsIt() {
            synth.template().resourceCountIs("AWS::SecretsManager::Secret", 0);
            synth.template().resourceCountIs("AWS::SecretsManager::RotationSchedule", 0);
            synth.template().resourcePropertiesCountIs("AWS::Lambda::Function",
                    Map.of("Handler", FunctionHandlers.ROTATION), 0);
            assertThat(synth.stack().rotation().function()).isEmpty();
            synth.template().hasResourceProperties("AWS::Lambda::Function", Map.of("Environment",
                    Map.of("Variables", Match.objectLike(Map.of("SNOWGATE_SECRET_ID", MANAGED_ARN)))));
        }
    }
}
