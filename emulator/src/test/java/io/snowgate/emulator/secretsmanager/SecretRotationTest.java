package io.snowgate.emulator.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.StandInExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RotateSecretResponse;

/** Staging labels moved by hand, and RotateSecret driving a rotation function the way the service does. */
class SecretRotationTest {

    private static final String NAME = "snowgate/prod/snowflake";
    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation";

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> standIn =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());

    private SecretsManagerClient client;
    private String v1;

    @BeforeEach
    void createSecret() {
        client = SdkClients.against(standIn.get().endpoint());
        v1 = client.createSecret(r -> r.name(NAME).secretString("key-1")).versionId();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    /**
     * A rotation function written as AWS's templates write one, against the stand-in through the SDK: every step
     * it saw is recorded; {@code failAt} makes that step throw.
     */
    private final class TemplateRotationFunction implements RotationHook {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final String failAt;
        final String newValue;

        TemplateRotationFunction(String newValue, String failAt) {
            this.newValue = newValue;
            this.failAt = failAt;
        }

        @Override
        public void invoke(RotationEvent event) {
            String secretId = event.secretId();
            String token = event.clientRequestToken();
            String step = event.step();
            calls.add(step + " " + secretId + " " + token);
            Map<String, List<String>> versions = client.describeSecret(r -> r.secretId(secretId)).versionIdsToStages();
            if (!versions.containsKey(token) || !versions.get(token).contains("AWSPENDING")) {
                throw new IllegalStateException("version " + token + " not staged AWSPENDING");
            }
            if (step.equals(failAt)) {
                throw new IllegalStateException(step + " failed on purpose");
            }
            switch (step) {
                case CREATE_SECRET -> {
                    assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId(secretId).versionId(token)
                            .versionStage("AWSPENDING"))).isInstanceOf(ResourceNotFoundException.class);
                    client.putSecretValue(r -> r.secretId(secretId).clientRequestToken(token).secretString(newValue)
                            .versionStages("AWSPENDING"));
                }
                case SET_SECRET, TEST_SECRET -> assertThat(client.getSecretValue(r -> r.secretId(secretId)
                        .versionId(token).versionStage("AWSPENDING")).secretString()).isEqualTo(newValue);
                case FINISH_SECRET -> {
                    String current = versions.entrySet().stream().filter(e -> e.getValue().contains("AWSCURRENT"))
                            .map(Map.Entry::getKey).findFirst().orElseThrow();
                    client.updateSecretVersionStage(r -> r.secretId(secretId).versionStage("AWSCURRENT")
                            .moveToVersionId(token).removeFromVersionId(current));
                }
                default -> throw new IllegalArgumentException(step);
            }
        }
    }

    @Test
    void updateSecretVersionStage_rollingBackAwsCurrent_movesAwsPreviousToTheVersionItLeft() {
        String v2 = client.putSecretValue(r -> r.secretId(NAME).secretString("key-2")).versionId();
        assertThat(stages()).containsEntry(v1, List.of("AWSPREVIOUS")).containsEntry(v2, List.of("AWSCURRENT"));

        client.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSCURRENT").moveToVersionId(v1)
                .removeFromVersionId(v2));

        assertThat(stages()).containsEntry(v1, List.of("AWSCURRENT")).containsEntry(v2, List.of("AWSPREVIOUS"));
        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-1");
    }

    @Test
    void updateSecretVersionStage_movingAnAttachedLabel_requiresNamingTheVersionItLeaves() {
        String v2 = client.putSecretValue(r -> r.secretId(NAME).secretString("key-2").versionStages("AWSPENDING"))
                .versionId();

        assertThatThrownBy(() -> client.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSCURRENT")
                .moveToVersionId(v2)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("RemoveFromVersionId");
        assertThatThrownBy(() -> client.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSCURRENT")
                .moveToVersionId(v2).removeFromVersionId(v2)))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(stages()).containsEntry(v1, List.of("AWSCURRENT")).containsEntry(v2, List.of("AWSPENDING"));
    }

    @Test
    void updateSecretVersionStage_customLabels_canBeAttachedAndRemoved_butAwsCurrentOnlyMoved() {
        client.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("BLUE").moveToVersionId(v1));
        assertThat(stages()).containsEntry(v1, List.of("AWSCURRENT", "BLUE"));

        client.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("BLUE").removeFromVersionId(v1));
        assertThat(stages()).containsEntry(v1, List.of("AWSCURRENT"));

        assertThatThrownBy(() -> client.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSCURRENT")
                .removeFromVersionId(v1)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("AWSCURRENT");
    }

    @Test
    void rotationStagingSequence_stepByStep_asARotationFunctionMovesTheLabels() {
        String pending = client.putSecretValue(r -> r.secretId(NAME).secretString("key-2")
                .versionStages("AWSPENDING")).versionId();
        assertThat(stages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                v1, List.of("AWSCURRENT"), pending, List.of("AWSPENDING")));

        client.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSCURRENT").moveToVersionId(pending)
                .removeFromVersionId(v1));
        assertThat(stages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                v1, List.of("AWSPREVIOUS"), pending, List.of("AWSPENDING", "AWSCURRENT")));

        String next = client.putSecretValue(r -> r.secretId(NAME).secretString("key-3")
                .versionStages("AWSPENDING")).versionId();
        assertThat(stages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                v1, List.of("AWSPREVIOUS"), pending, List.of("AWSCURRENT"), next, List.of("AWSPENDING")));

        client.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSCURRENT").moveToVersionId(next)
                .removeFromVersionId(pending));
        assertThat(stages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                pending, List.of("AWSPREVIOUS"), next, List.of("AWSPENDING", "AWSCURRENT")));
    }

    @Test
    void rotateSecret_drivesTheHookThroughTheFourSteps_withTheSecretArnAndOneFreshToken() {
        TemplateRotationFunction function = new TemplateRotationFunction("key-2", null);
        standIn.get().rotationHook(function);

        RotateSecretResponse rotated = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)
                .rotationRules(rules -> rules.automaticallyAfterDays(30L)));

        String token = rotated.versionId();
        assertThat(token).isNotEqualTo(v1);
        assertThat(function.calls).containsExactly(
                "createSecret " + rotated.arn() + " " + token,
                "setSecret " + rotated.arn() + " " + token,
                "testSecret " + rotated.arn() + " " + token,
                "finishSecret " + rotated.arn() + " " + token);
        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-2");
        assertThat(stages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                v1, List.of("AWSPREVIOUS"), token, List.of("AWSPENDING", "AWSCURRENT")));

        DescribeSecretResponse described = client.describeSecret(r -> r.secretId(NAME));
        assertThat(described.rotationEnabled()).isTrue();
        assertThat(described.rotationLambdaARN()).isEqualTo(LAMBDA_ARN);
        assertThat(described.rotationRules().automaticallyAfterDays()).isEqualTo(30L);
        assertThat(described.lastRotatedDate()).isNotNull();
        assertThat(described.nextRotationDate()).isEqualTo(described.lastRotatedDate().plus(Duration.ofDays(30)));
        assertThat(standIn.get().rotations()).singleElement().satisfies(attempt -> {
            assertThat(attempt.succeeded()).isTrue();
            assertThat(attempt.clientRequestToken()).isEqualTo(token);
        });
    }

    @Test
    void rotateSecret_invokesTheFunctionWithTheEventTheServiceSends() throws Exception {
        List<RotationEvent> events = new CopyOnWriteArrayList<>();
        TemplateRotationFunction function = new TemplateRotationFunction("key-2", null);
        standIn.get().rotationHook(event -> {
            events.add(event);
            function.invoke(event);
        });

        RotateSecretResponse rotated = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN));

        assertThat(events).hasSize(4);
        ObjectMapper json = new ObjectMapper();
        for (RotationEvent event : events) {
            JsonNode document = json.readTree(event.json());
            List<String> fields = new ArrayList<>();
            document.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("Step", "SecretId", "ClientRequestToken", "RotationToken");
            assertThat(document.get("SecretId").asText()).isEqualTo(rotated.arn());
            assertThat(document.get("ClientRequestToken").asText()).isEqualTo(rotated.versionId());
            // PutSecretValue's RotationToken: 36 to 256 characters of [a-zA-Z0-9-] (botocore service model).
            assertThat(document.get("RotationToken").asText()).matches("[a-zA-Z0-9-]{36,256}")
                    .isEqualTo(events.get(0).rotationToken()).isNotEqualTo(rotated.versionId());
        }
        assertThat(events).extracting(RotationEvent::step).containsExactly("createSecret", "setSecret",
                "testSecret", "finishSecret");
    }

    @Test
    void rotateSecret_again_usesTheStoredFunction_andAnotherFreshToken() {
        standIn.get().rotationHook(new TemplateRotationFunction("key-2", null));
        String first = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)).versionId();
        standIn.get().rotationHook(new TemplateRotationFunction("key-3", null));

        String second = client.rotateSecret(r -> r.secretId(NAME)).versionId();

        assertThat(second).isNotEqualTo(first);
        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-3");
        assertThat(stages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                first, List.of("AWSPREVIOUS"), second, List.of("AWSPENDING", "AWSCURRENT")));
    }

    @Test
    void rotateSecret_failingStep_leavesAwsCurrentUntouched_andAwsPendingOnTheNewVersion() {
        TemplateRotationFunction function = new TemplateRotationFunction("key-2", RotationHook.TEST_SECRET);
        standIn.get().rotationHook(function);

        String token = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)).versionId();

        assertThat(function.calls).extracting(call -> call.split(" ")[0])
                .containsExactly("createSecret", "setSecret", "testSecret");
        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-1");
        assertThat(stages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                v1, List.of("AWSCURRENT"), token, List.of("AWSPENDING")));
        assertThat(client.describeSecret(r -> r.secretId(NAME)).lastRotatedDate()).isNull();
        assertThat(standIn.get().rotations()).singleElement().satisfies(attempt -> {
            assertThat(attempt.failedStep()).isEqualTo("testSecret");
            assertThat(attempt.completedSteps()).containsExactly("createSecret", "setSecret");
            assertThat(attempt.failure()).contains("testSecret failed on purpose");
        });

        assertThatThrownBy(() -> client.rotateSecret(r -> r.secretId(NAME)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("previous rotation isn't complete");
    }

    @Test
    void rotateSecret_finishStepThatDoesNotMoveAwsCurrent_isAFailedRotation() {
        RotationHook lazy = event -> {
            if (event.step().equals(RotationHook.CREATE_SECRET)) {
                client.putSecretValue(r -> r.secretId(event.secretId()).clientRequestToken(event.clientRequestToken())
                        .secretString("key-2").versionStages("AWSPENDING"));
            }
        };
        standIn.get().rotationHook(lazy);

        client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN));

        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-1");
        assertThat(standIn.get().rotations()).singleElement()
                .satisfies(attempt -> assertThat(attempt.failedStep()).isEqualTo("finishSecret"));
    }

    @Test
    void rotateSecret_withoutAHook_recordsTheConfigurationOnly() {
        RotateSecretResponse rotated = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)
                .rotationRules(rules -> rules.scheduleExpression("rate(4 hours)").duration("1h")));

        assertThat(rotated.versionId()).isNull();
        DescribeSecretResponse described = client.describeSecret(r -> r.secretId(NAME));
        assertThat(described.rotationEnabled()).isTrue();
        assertThat(described.rotationRules().scheduleExpression()).isEqualTo("rate(4 hours)");
        assertThat(described.rotationRules().duration()).isEqualTo("1h");
        assertThat(described.versionIdsToStages()).containsOnlyKeys(v1);
    }

    @Test
    void rotateSecret_notImmediately_recordsTheScheduleWithoutCallingTheHook() {
        TemplateRotationFunction function = new TemplateRotationFunction("key-2", null);
        standIn.get().rotationHook(function);

        RotateSecretResponse rotated = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)
                .rotateImmediately(false).rotationRules(rules -> rules.automaticallyAfterDays(7L)));

        assertThat(rotated.versionId()).isNull();
        assertThat(function.calls).isEmpty();
        DescribeSecretResponse described = client.describeSecret(r -> r.secretId(NAME));
        assertThat(described.rotationEnabled()).isTrue();
        assertThat(described.nextRotationDate()).isEqualTo(described.createdDate().plus(Duration.ofDays(7)));
        assertThat(described.versionIdsToStages()).containsOnlyKeys(v1);
    }

    @Test
    void rotateSecret_needsAFunction_andALiveSecret() {
        standIn.get().rotationHook(new TemplateRotationFunction("key-2", null));

        assertThatThrownBy(() -> client.rotateSecret(r -> r.secretId(NAME)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("No Lambda rotation function ARN");
        assertThatThrownBy(() -> client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)
                .rotationRules(rules -> rules.automaticallyAfterDays(0L))))
                .hasMessageContaining("automaticallyAfterDays");

        client.deleteSecret(r -> r.secretId(NAME));
        assertThatThrownBy(() -> client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("marked for deletion");
        assertThat(standIn.get().rotations()).isEmpty();
    }

    private Map<String, List<String>> stages() {
        return client.describeSecret(r -> r.secretId(NAME)).versionIdsToStages();
    }
}
