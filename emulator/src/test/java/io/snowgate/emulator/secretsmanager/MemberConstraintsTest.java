package io.snowgate.emulator.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.RotationRulesType;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The length and pattern constraints of the service model's shapes (botocore secretsmanager 2017-10-17), which AWS's
 * front end checks before an operation runs: a request that breaks one fails with a ValidationException naming the
 * member, whatever the secret holds.
 */
class MemberConstraintsTest extends DefaultStandInTest {

    private static final String NAME = "snowgate/prod/snowflake";
    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation";

    private static void assertValidation(ThrowingCallable call, String member, String constraint) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SecretsManagerException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage())
                    .contains("at '" + member + "' failed to satisfy constraint: " + constraint);
        });
    }

    @Test
    void getSecretValue_versionIdOrStageOfAWrongLength_failsValidation_notAsAMissingVersion() {
        client().createSecret(r -> r.name(NAME).secretString("v"));

        assertValidation(() -> client().getSecretValue(r -> r.secretId(NAME).versionId("v1")),
                "versionId", "Member must have length greater than or equal to 32");
        assertValidation(() -> client().getSecretValue(r -> r.secretId(NAME).versionId("x".repeat(65))),
                "versionId", "Member must have length less than or equal to 64");
        assertValidation(() -> client().getSecretValue(r -> r.secretId(NAME).versionStage("")),
                "versionStage", "Member must have length greater than or equal to 1");
        assertValidation(() -> client().getSecretValue(r -> r.secretId(NAME).versionStage("L".repeat(257))),
                "versionStage", "Member must have length less than or equal to 256");
        // Checked before the secret is looked up.
        assertValidation(() -> client().getSecretValue(r -> r.secretId("snowgate/missing").versionId("v1")),
                "versionId", "Member must have length greater than or equal to 32");
    }

    @Test
    void updateSecretVersionStage_versionIdsOfAWrongLength_failValidation_notAsUnattachedLabels() {
        String v1 = client().createSecret(r -> r.name(NAME).secretString("one")).versionId();
        String v2 = client().putSecretValue(r -> r.secretId(NAME).secretString("two")
                .versionStages("AWSPENDING")).versionId();

        assertValidation(() -> client().updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSCURRENT")
                .moveToVersionId(v2).removeFromVersionId("v1")),
                "removeFromVersionId", "Member must have length greater than or equal to 32");
        assertValidation(() -> client().updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSCURRENT")
                .moveToVersionId("v2").removeFromVersionId(v1)),
                "moveToVersionId", "Member must have length greater than or equal to 32");
        assertValidation(() -> client().updateSecretVersionStage(r -> r.secretId(NAME)
                .versionStage("L".repeat(257)).moveToVersionId(v2)),
                "versionStage", "Member must have length less than or equal to 256");
        assertThat(client().describeSecret(r -> r.secretId(NAME)).versionIdsToStages())
                .containsEntry(v1, List.of("AWSCURRENT"))
                .containsEntry(v2, List.of("AWSPENDING"));
    }

    @Test
    void putSecretValue_emptyOrOverlongVersionStages_failValidation_andStoreNothing() {
        client().createSecret(r -> r.name(NAME).secretString("one"));
        String token = UUID.randomUUID().toString();

        assertValidation(() -> client().putSecretValue(r -> r.secretId(NAME).secretString("two")
                .clientRequestToken(token).versionStages(Collections.emptyList())),
                "versionStages", "Member must have length greater than or equal to 1");
        assertValidation(() -> client().putSecretValue(r -> r.secretId(NAME).secretString("two")
                .clientRequestToken(token).versionStages(Collections.nCopies(21, "L"))),
                "versionStages", "Member must have length less than or equal to 20");
        assertValidation(() -> client().putSecretValue(r -> r.secretId(NAME).secretString("two")
                .clientRequestToken(token).versionStages("L".repeat(257))),
                "versionStages", "Member must satisfy constraint: [Member must have length less than or equal to 256,"
                        + " Member must have length greater than or equal to 1]");
        assertThat(client().listSecretVersionIds(r -> r.secretId(NAME).includeDeprecated(true)).versions())
                .singleElement();
    }

    @Test
    void emptySecretStringOrBinary_failsValidation_insteadOfStoringAnEmptyVersion() {
        assertValidation(() -> client().createSecret(r -> r.name(NAME).secretString("")),
                "secretString", "Member must have length greater than or equal to 1");
        SdkBytes noBytes = SdkBytes.fromByteArray(new byte[0]);
        assertValidation(() -> client().createSecret(r -> r.name(NAME).secretBinary(noBytes)),
                "secretBinary", "Member must have length greater than or equal to 1");
        client().createSecret(r -> r.name(NAME).secretString("one"));
        assertValidation(() -> client().putSecretValue(r -> r.secretId(NAME).secretString("")),
                "secretString", "Member must have length greater than or equal to 1");
        assertValidation(() -> client().updateSecret(r -> r.secretId(NAME).secretString("")),
                "secretString", "Member must have length greater than or equal to 1");

        assertThat(client().getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("one");
    }

    @Test
    void createSecret_descriptionOver2048Characters_failsValidation_asUpdateSecretDoes() {
        assertValidation(() -> client().createSecret(r -> r.name(NAME).secretString("v")
                .description("d".repeat(2049))), "description", "Member must have length less than or equal to 2048");
        assertThat(client().listSecrets().secretList()).isEmpty();
    }

    @Test
    void secretIdOver2048Characters_failsValidation() {
        assertValidation(() -> client().describeSecret(r -> r.secretId("s".repeat(2049))),
                "secretId", "Member must have length less than or equal to 2048");
    }

    @Test
    void rotateSecret_durationOrScheduleExpressionOutsideTheirShapes_failValidation_andConfigureNothing() {
        client().createSecret(r -> r.name(NAME).secretString("v"));

        assertValidation(() -> rotate(rules -> rules.duration("3 h")),
                "rotationRules.duration", "Member must satisfy regular expression pattern: [0-9]+h");
        assertValidation(() -> rotate(rules -> rules.duration("100h")),
                "rotationRules.duration", "Member must have length less than or equal to 3");
        assertValidation(() -> rotate(rules -> rules.scheduleExpression("rate(4 hours);")),
                "rotationRules.scheduleExpression",
                "Member must satisfy regular expression pattern: [0-9A-Za-z\\(\\)#\\?\\*\\-\\/, ]+");
        assertValidation(() -> rotate(rules -> rules.scheduleExpression("cron(0 8 * * ? *)" + " ".repeat(240))),
                "rotationRules.scheduleExpression", "Member must have length less than or equal to 256");
        // Checked before the secret is looked up.
        assertValidation(() -> client().rotateSecret(r -> r.secretId("snowgate/missing").rotationLambdaARN(LAMBDA_ARN)
                .rotationRules(rules -> rules.duration("h"))),
                "rotationRules.duration", "Member must have length greater than or equal to 2");

        assertThat(client().describeSecret(r -> r.secretId(NAME)).rotationEnabled()).isNull();
    }

    @Test
    void rotateSecret_everyBrokenRotationRulesConstraint_isCounted_inOneValidationMessage() {
        client().createSecret(r -> r.name(NAME).secretString("v"));

        assertThatThrownBy(() -> rotate(rules -> rules.automaticallyAfterDays(1001L).duration("")))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("3 validation errors detected:"
                        + " Value '1001' at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint:"
                        + " Member must have value less than or equal to 1000;"
                        + " Value '' at 'rotationRules.duration' failed to satisfy constraint:"
                        + " Member must have length greater than or equal to 2;"
                        + " Value '' at 'rotationRules.duration' failed to satisfy constraint:"
                        + " Member must satisfy regular expression pattern: [0-9]+h"));
    }

    @Test
    void rotateSecret_rotationLambdaArnOver2048Characters_failsValidation_andConfiguresNothing() {
        client().createSecret(r -> r.name(NAME).secretString("v"));
        String overlong = LAMBDA_ARN + "x".repeat(2049 - LAMBDA_ARN.length());

        assertValidation(() -> client().rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(overlong)),
                "rotationLambdaARN", "Member must have length less than or equal to 2048");
        assertThat(client().describeSecret(r -> r.secretId(NAME)).rotationLambdaARN()).isNull();
    }

    private void rotate(Consumer<RotationRulesType.Builder> rules) {
        client().rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN).rotationRules(rules));
    }

    @Test
    void clientRequestTokenOfAWrongLength_failsValidation_namingTheBoundItBreaks() {
        assertValidation(() -> client().createSecret(r -> r.name(NAME).secretString("v").clientRequestToken("t1")),
                "clientRequestToken", "Member must have length greater than or equal to 32");
        assertValidation(() -> client().createSecret(r -> r.name(NAME).secretString("v")
                .clientRequestToken("t".repeat(65))),
                "clientRequestToken", "Member must have length less than or equal to 64");
    }
}
