package io.snowgate.infra.rotation;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.infra.config.RotationMode;
import io.snowgate.infra.function.FunctionCode;
import io.snowgate.infra.function.FunctionHandlers;
import io.snowgate.infra.function.FunctionPlacement;
import io.snowgate.infra.function.SnowgateFunction;
import io.snowgate.infra.function.SnowgateFunctionProps;
import io.snowgate.infra.secret.SnowgateSecrets.SecretRef;
import io.snowgate.infra.secret.SnowgateSecrets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.CfnRotationSchedule;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * What the stack deploys for rotating the Snowflake key pair, by who rotates it ({@link RotationMode}); the rotation
 * itself is the {@code lambda} module's ({@link FunctionHandlers#ROTATION}):
 * <ul>
 *   <li>{@code none}: nothing deployed; cdk-nag's rotation finding on a created connection secret is suppressed with
 *       the reason.</li>
 *   <li>{@code function}: Snowgate's rotation function (a {@link SnowgateFunction} like the query functions, so it
 *       shares their network settings), a hand-written role limited to this secret, invoke permission for Secrets
 *       Manager only (for this account and secret), and a rotation schedule.</li>
 *   <li>{@code managed}: nothing deployed; Secrets Manager rotates the imported managed secret itself.</li>
 * </ul>
 */
public final class KeyRotationSetup extends Construct {

    /** One rotation step signs in to Snowflake once or twice; two minutes leave room for a slow login. */
    public static final int TIMEOUT_SECONDS = 120;
    public static final int MEMORY_MB = 1024;
    public static final String SECRETS_MANAGER = "secretsmanager.amazonaws.com";

    private final Optional<SnowgateFunction> function;
    private final Optional<CfnRotationSchedule> schedule;

    public KeyRotationSetup(Construct scope, String id, RotationMode mode, SnowgateSecrets secrets, FunctionCode code,
                            RetentionDays logRetention, Optional<FunctionPlacement> placement,
                            Optional<String> snowflakeUrl) {
        super(scope, id);
        if (mode instanceof RotationMode.Function rotating) {
            this.function = Optional.of(rotationFunction(rotating, secrets, code, logRetention, placement,
                    snowflakeUrl));
            this.schedule = Optional.of(schedule(rotating, secrets, function.get()));
        } else {
            this.function = Optional.empty();
            this.schedule = Optional.empty();
            if (mode instanceof RotationMode.None && secrets.connection().secret() instanceof Secret created) {
                NagSuppressions.addResourceSuppressions(created, List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-SMG4")
                        .reason("Rotation is off (context rotation=none): the operator rotates the Snowflake key "
                                + "pair with the documented two-slot procedure (snowgate secret put, then unset the "
                                + "old slot). Deploy with rotation=function to rotate on a schedule.")
                        .build()));
            }
        }
    }

    private SnowgateFunction rotationFunction(RotationMode.Function mode, SnowgateSecrets secrets, FunctionCode code,
                                              RetentionDays logRetention, Optional<FunctionPlacement> placement,
                                              Optional<String> snowflakeUrl) {
        Map<String, String> environment = new HashMap<>();
        // In PrivateLink mode the rotation function signs in through the same private endpoint as the others.
        snowflakeUrl.ifPresent(url -> environment.put(FunctionEnvironment.SNOWFLAKE_URL, url));
        secrets.passphrase().ifPresent(p -> environment.put(FunctionEnvironment.PASSPHRASE_SECRET_ID, p.id()));
        mode.adminSecretArn().ifPresent(a -> environment.put(FunctionEnvironment.ROTATION_ADMIN_SECRET_ID, a));
        environment.put(FunctionEnvironment.ROTATION_REVOKE_PREVIOUS, Boolean.toString(mode.revokePrevious()));
        // No SnapStart: Secrets Manager calls the function a few times a rotation, days or weeks apart, so its
        // version would mostly be inactive (14 idle days) and the first call of a rotation would fail with
        // SnapStartNotReadyException; a cold start costs nothing that matters to a rotation.
        return new SnowgateFunction(this, "Function", new SnowgateFunctionProps(
                "Snowgate: rotates the Snowflake key pair in the connection secret", FunctionHandlers.ROTATION,
                code, MEMORY_MB, TIMEOUT_SECONDS, logRetention, OptionalInt.empty(), environment,
                statements(mode, secrets), placement, Optional.empty(), false));
    }

    /**
     * Read, put, describe and move stages on exactly the connection secret; read on the passphrase and admin
     * secrets; with a customer managed key, decrypt through Secrets Manager for these secrets only, and encrypt for
     * the connection secret only.
     * No secretsmanager:GetRandomPassword: the function makes its passphrases with its own SecureRandom.
     */
    static List<PolicyStatement> statements(RotationMode.Function mode, SnowgateSecrets secrets) {
        SecretRef connection = secrets.connection();
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.Builder.create()
                .sid("RotateSnowflakeSecret")
                .effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
                        "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"))
                .resources(List.of(connection.policyArn()))
                .build());
        List<String> readOnly = new ArrayList<>();
        secrets.passphrase().ifPresent(p -> readOnly.add(p.policyArn()));
        mode.adminSecretArn().ifPresent(readOnly::add);
        if (!readOnly.isEmpty()) {
            statements.add(PolicyStatement.Builder.create()
                    .sid("ReadPassphraseAndAdminSecrets")
                    .effect(Effect.ALLOW)
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(readOnly)
                    .build());
        }
        if (secrets.key().isPresent()) {
            // Decrypt to read every secret; GenerateDataKey, which encrypting a new version takes, for the one secret
            // the function writes.
            List<String> read = new ArrayList<>(List.of(connection.policyArn()));
            read.addAll(readOnly);
            boolean anyByName = connection.partialArn()
                    || secrets.passphrase().filter(SecretRef::partialArn).isPresent();
            statements.add(secrets.useKeyThroughSecretsManager("DecryptThroughSecretsManager", "kms:Decrypt", read,
                    anyByName));
            statements.add(secrets.useKeyThroughSecretsManager("EncryptConnectionSecretThroughSecretsManager",
                    "kms:GenerateDataKey", List.of(connection.policyArn()), connection.partialArn()));
        }
        return statements;
    }

    private CfnRotationSchedule schedule(RotationMode.Function mode, SnowgateSecrets secrets, SnowgateFunction fn) {
        CfnPermission invoke = CfnPermission.Builder.create(this, "InvokeBySecretsManager")
                .action("lambda:InvokeFunction")
                .functionName(fn.alias().getFunctionArn())
                .principal(SECRETS_MANAGER)
                .sourceAccount(Stack.of(this).getAccount())
                .sourceArn(secrets.connection().policyArn())
                .build();
        CfnRotationSchedule rotation = CfnRotationSchedule.Builder.create(this, "Schedule")
                .secretId(secrets.connection().id())
                .rotationLambdaArn(fn.alias().getFunctionArn())
                // A freshly created secret holds placeholders until the operator puts the real key in.
                .rotateImmediatelyOnUpdate(false)
                .rotationRules(CfnRotationSchedule.RotationRulesProperty.builder()
                        .automaticallyAfterDays(mode.scheduleDays())
                        .build())
                .build();
        rotation.addResourceDependency(invoke);
        return rotation;
    }

    /** The rotation function, with {@code rotation=function}. */
    public Optional<SnowgateFunction> function() {
        return function;
    }

    /** The rotation schedule on the connection secret, with {@code rotation=function}. */
    public Optional<CfnRotationSchedule> schedule() {
        return schedule;
    }
}
