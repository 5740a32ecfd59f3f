package io.snowgate.emulator.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.AwsCli;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.junit5.StandInExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Every operation the stand-in models, once through the AWS SDK for Java and once through the AWS CLI (v1 or v2,
 * whichever is installed): the two clients operators and Snowgate use. The stand-in's counters prove that each
 * operation was reached.
 */
class ClientCompatibilityTest {

    private static final String NAME = "snowgate/compat";
    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> standIn =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start()
                    .rotationRetries(1, Duration.ZERO));

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    /** A rotation function that does the least a correct one does: a pending value, then AWSCURRENT moved. */
    private static RotationHook minimalFunction(SecretsManagerClient client) {
        return event -> {
            switch (event.step()) {
                case RotationHook.CREATE_SECRET -> client.putSecretValue(r -> r.secretId(event.secretId())
                        .clientRequestToken(event.clientRequestToken()).secretString("rotated")
                        .versionStages("AWSPENDING"));
                case RotationHook.FINISH_SECRET -> {
                    String current = client.describeSecret(r -> r.secretId(event.secretId())).versionIdsToStages()
                            .entrySet().stream().filter(e -> e.getValue().contains("AWSCURRENT"))
                            .map(Map.Entry::getKey).findFirst().orElseThrow();
                    client.updateSecretVersionStage(r -> r.secretId(event.secretId()).versionStage("AWSCURRENT")
                            .moveToVersionId(event.clientRequestToken()).removeFromVersionId(current));
                }
                default -> { }
            }
        };
    }

    @Test
    void everyOperation_throughTheAwsSdk() {
        try (SecretsManagerClient sdk = SdkClients.against(standIn.get())) {
            standIn.get().rotationHook(minimalFunction(sdk));
            String v1 = sdk.createSecret(r -> r.name(NAME).secretString("one").description("compat")
                    .tags(Tag.builder().key("team").value("data").build())).versionId();
            assertThat(sdk.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("one");
            String v2 = sdk.putSecretValue(r -> r.secretId(NAME).secretBinary(SdkBytes.fromUtf8String("two"))
                    .versionStages("STAGED")).versionId();
            sdk.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("STAGED").removeFromVersionId(v2));
            sdk.updateSecret(r -> r.secretId(NAME).secretString("three").description("updated"));
            assertThat(sdk.describeSecret(r -> r.secretId(NAME)).description()).isEqualTo("updated");
            assertThat(sdk.listSecrets(r -> r.filters(f -> f.key("name").values(NAME))).secretList()).hasSize(1);
            assertThat(sdk.listSecretVersionIds(r -> r.secretId(NAME).includeDeprecated(true)).versions())
                    .extracting(v -> v.versionId()).contains(v1, v2);
            sdk.tagResource(r -> r.secretId(NAME).tags(Tag.builder().key("env").value("test").build()));
            sdk.untagResource(r -> r.secretId(NAME).tagKeys("team"));
            String token = sdk.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)).versionId();
            Eventually.await("the rotation to finish", WAIT, () -> standIn.get().rotation(token).orElseThrow(),
                    Rotation::finished);
            assertThat(sdk.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("rotated");
            assertThat(sdk.cancelRotateSecret(r -> r.secretId(NAME)).name()).isEqualTo(NAME);
            sdk.deleteSecret(r -> r.secretId(NAME).recoveryWindowInDays(7L));
            sdk.restoreSecret(r -> r.secretId(NAME));
            sdk.deleteSecret(r -> r.secretId(NAME).forceDeleteWithoutRecovery(true));
            assertThatThrownBy(() -> sdk.describeSecret(r -> r.secretId(NAME)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }

        assertEveryOperationReached();
    }

    @Test
    void everyOperation_throughTheAwsCli() throws IOException {
        AwsCli cli = AwsCli.against(standIn.get().endpoint(), standIn.get().region(),
                SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID, SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY, dir);
        try (SecretsManagerClient sdk = SdkClients.against(standIn.get())) {
            standIn.get().rotationHook(minimalFunction(sdk));
            Files.writeString(dir.resolve("binary.bin"), "two");

            JsonNode created = aws(cli, "create-secret", "--name", NAME, "--secret-string", "one",
                    "--description", "compat", "--tags", "Key=team,Value=data");
            String v1 = created.get("VersionId").asText();
            assertThat(created.get("ARN").asText()).startsWith("arn:aws:secretsmanager:us-east-1:111122223333:secret:"
                    + NAME + "-");
            assertThat(aws(cli, "get-secret-value", "--secret-id", NAME).get("SecretString").asText())
                    .isEqualTo("one");
            String v2 = aws(cli, "put-secret-value", "--secret-id", NAME, "--secret-binary", "fileb://binary.bin",
                    "--version-stages", "STAGED").get("VersionId").asText();
            assertThat(sdk.getSecretValue(r -> r.secretId(NAME).versionId(v2)).secretBinary().asUtf8String())
                    .isEqualTo("two");
            aws(cli, "update-secret-version-stage", "--secret-id", NAME, "--version-stage", "STAGED",
                    "--remove-from-version-id", v2);
            aws(cli, "update-secret", "--secret-id", NAME, "--secret-string", "three", "--description", "updated");
            JsonNode described = aws(cli, "describe-secret", "--secret-id", NAME);
            assertThat(described.get("Description").asText()).isEqualTo("updated");
            assertThat(described.get("VersionIdsToStages").get(v1).get(0).asText()).isEqualTo("AWSPREVIOUS");
            // The CLI follows NextToken itself: one secret per page, all pages read.
            aws(cli, "create-secret", "--name", NAME + "-2", "--secret-string", "x");
            assertThat(aws(cli, "list-secrets", "--page-size", "1").get("SecretList")).hasSize(2);
            assertThat(aws(cli, "list-secrets", "--filters", "Key=name,Values=" + NAME + "-")
                    .get("SecretList")).hasSize(1);
            assertThat(aws(cli, "list-secret-version-ids", "--secret-id", NAME, "--include-deprecated")
                    .get("Versions")).hasSize(3);
            aws(cli, "tag-resource", "--secret-id", NAME, "--tags", "Key=env,Value=test");
            aws(cli, "untag-resource", "--secret-id", NAME, "--tag-keys", "team");
            assertThat(sdk.describeSecret(r -> r.secretId(NAME)).tags()).extracting(Tag::key).containsExactly("env");
            String token = aws(cli, "rotate-secret", "--secret-id", NAME, "--rotation-lambda-arn", LAMBDA_ARN)
                    .get("VersionId").asText();
            Eventually.await("the rotation to finish", WAIT, () -> standIn.get().rotation(token).orElseThrow(),
                    Rotation::finished);
            assertThat(aws(cli, "describe-secret", "--secret-id", NAME).get("VersionIdsToStages").get(token)
                    .toString()).contains("AWSCURRENT");
            assertThat(aws(cli, "cancel-rotate-secret", "--secret-id", NAME).get("Name").asText()).isEqualTo(NAME);
            // v1 prints dates as epoch seconds, v2 as ISO 8601 text: both read the stand-in's epoch seconds.
            assertThat(aws(cli, "delete-secret", "--secret-id", NAME, "--recovery-window-in-days", "7")
                    .get("DeletionDate").asText()).isNotBlank();
            aws(cli, "restore-secret", "--secret-id", NAME);
            aws(cli, "delete-secret", "--secret-id", NAME, "--force-delete-without-recovery");

            AwsCli.Result missing = cli.run("secretsmanager", "describe-secret", "--secret-id", NAME);
            assertThat(missing.exitCode()).as(missing.toString()).isNotZero();
            assertThat(missing.err()).contains("ResourceNotFoundException")
                    .contains("Secrets Manager can't find the specified secret.");
        }

        assertEveryOperationReached();
    }

    @Test
    void rotateSecret_throughTheAwsCli_recordsTheGuidesCronExample_andReportsARefusedRateAsAwsDoes() {
        AwsCli cli = AwsCli.against(standIn.get().endpoint(), standIn.get().region(),
                SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID, SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY, dir);
        aws(cli, "create-secret", "--name", NAME, "--secret-string", "one");

        aws(cli, "rotate-secret", "--secret-id", NAME, "--rotation-lambda-arn", LAMBDA_ARN, "--rotation-rules",
                "{\"ScheduleExpression\": \"cron(0 16 1,15 * ? *)\", \"Duration\": \"2h\"}");
        JsonNode rules = aws(cli, "describe-secret", "--secret-id", NAME).get("RotationRules");
        assertThat(rules.get("ScheduleExpression").asText()).isEqualTo("cron(0 16 1,15 * ? *)");
        assertThat(rules.get("Duration").asText()).isEqualTo("2h");

        // The CLI checks only the model's minimum lengths itself: the rate reaches the stand-in, which refuses it.
        AwsCli.Result refused = cli.run("secretsmanager", "rotate-secret", "--secret-id", NAME,
                "--rotation-lambda-arn", LAMBDA_ARN, "--rotation-rules", "{\"ScheduleExpression\": \"rate(1 hour)\"}");
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).contains("(InvalidParameterException) when calling the RotateSecret operation:"
                + " Invalid ScheduleExpression rate(1 hour): Secrets Manager rotates a secret at most every 4 hours.");
        assertThat(aws(cli, "describe-secret", "--secret-id", NAME).get("RotationRules").get("ScheduleExpression")
                .asText()).isEqualTo("cron(0 16 1,15 * ? *)");
    }

    /** {@code aws secretsmanager <operation> args...}, which must succeed; its JSON output ({} when there is none). */
    private JsonNode aws(AwsCli cli, String operation, String... args) {
        List<String> command = new ArrayList<>(List.of("secretsmanager", operation));
        command.addAll(List.of(args));
        AwsCli.Result result = cli.run(command.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new AssertionError("aws " + String.join(" ", command) + " failed (" + cli.version() + ")\n"
                    + result);
        }
        try {
            return result.out().isBlank() ? json.createObjectNode() : json.readTree(result.out());
        } catch (IOException e) {
            throw new UncheckedIOException("aws " + operation + " printed no JSON: " + result.out(), e);
        }
    }

    private void assertEveryOperationReached() {
        Map<String, Long> counted = standIn.get().counters().snapshot();
        assertThat(counted.keySet()).containsAll(SecretsManagerStandIn.OPERATIONS);
        assertThat(counted).doesNotContainKey("unknown");
    }
}
