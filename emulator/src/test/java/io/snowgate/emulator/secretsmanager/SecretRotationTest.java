package io.snowgate.emulator.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.junit5.StandInExtension;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CancelRotateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RotateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Staging labels moved by hand, and rotation as the service runs it: RotateSecret answers at once, the function is
 * invoked in the background with the real event for each step, a failed rotation is retried from createSecret, and
 * callers wait by polling DescribeSecret.
 */
class SecretRotationTest {

    private static final String NAME = "snowgate/prod/snowflake";
    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> standIn =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start()
                    .rotationRetries(3, Duration.ofMillis(50)));

    private SecretsManagerClient client;
    private String v1;

    @BeforeEach
    void createSecret() {
        client = SdkClients.against(standIn.get());
        v1 = client.createSecret(r -> r.name(NAME).secretString("key-1")).versionId();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    /**
     * A rotation function written as AWS's rotation template writes one, against the stand-in through the SDK:
     * every step it saw is recorded; {@code failAt} makes that step throw the first {@code failures} times.
     */
    private final class TemplateRotationFunction implements RotationHook {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final String newValue;
        final String failAt;
        final AtomicInteger failures;

        TemplateRotationFunction(String newValue) {
            this(newValue, null, 0);
        }

        TemplateRotationFunction(String newValue, String failAt, int failures) {
            this.newValue = newValue;
            this.failAt = failAt;
            this.failures = new AtomicInteger(failures);
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
            if (step.equals(failAt) && failures.getAndDecrement() > 0) {
                throw new IllegalStateException(step + " failed on purpose");
            }
            switch (step) {
                case CREATE_SECRET -> {
                    try {
                        client.getSecretValue(r -> r.secretId(secretId).versionId(token).versionStage("AWSPENDING"));
                    } catch (ResourceNotFoundException notYet) {
                        client.putSecretValue(r -> r.secretId(secretId).clientRequestToken(token)
                                .secretString(newValue).versionStages("AWSPENDING"));
                    }
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
    void rotateSecret_answersAtOnce_andTheFunctionRunsAfterwards_untilDescribeSecretShowsItFinished()
            throws Exception {
        TemplateRotationFunction function = new TemplateRotationFunction("key-2");
        CountDownLatch createSecretEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        standIn.get().rotationHook(event -> {
            if (event.step().equals(RotationHook.CREATE_SECRET)) {
                createSecretEntered.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).as("released by the test").isTrue();
            }
            function.invoke(event);
        });

        RotateSecretResponse rotated = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)
                .rotationRules(rules -> rules.automaticallyAfterDays(30L)));

        // RotateSecret has answered while the function is still inside createSecret.
        String token = rotated.versionId();
        assertThat(createSecretEntered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                v1, List.of("AWSCURRENT"), token, List.of("AWSPENDING")));
        assertThat(StagingLabels.rotationInProgress(stages())).isTrue();
        assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId(NAME).versionStage("AWSPENDING")))
                .as("the new version has no value before createSecret")
                .isInstanceOf(ResourceNotFoundException.class);
        release.countDown();

        Map<String, List<String>> settled = awaitRotationFinished();
        assertThat(awaitFinished(token).status()).isEqualTo(Rotation.Status.SUCCEEDED);
        assertThat(function.calls).containsExactly(
                "createSecret " + rotated.arn() + " " + token,
                "setSecret " + rotated.arn() + " " + token,
                "testSecret " + rotated.arn() + " " + token,
                "finishSecret " + rotated.arn() + " " + token);
        assertThat(settled).containsOnlyKeys(v1, token).containsEntry(v1, List.of("AWSPREVIOUS"));
        assertThat(settled.get(token)).contains("AWSCURRENT");
        // Once the service has cleaned up, AWSPENDING is on no version: the second state AWS documents.
        assertThat(stages()).containsEntry(token, List.of("AWSCURRENT"));
        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-2");
        DescribeSecretResponse described = client.describeSecret(r -> r.secretId(NAME));
        assertThat(described.rotationEnabled()).isTrue();
        assertThat(described.rotationLambdaARN()).isEqualTo(LAMBDA_ARN);
        assertThat(described.rotationRules().automaticallyAfterDays()).isEqualTo(30L);
        assertThat(described.lastRotatedDate()).isNotNull();
        // The window 30 days after the rotation's day closes at midnight UTC; the date is its last second.
        assertThat(described.nextRotationDate()).isEqualTo(described.lastRotatedDate().truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(31)).minusSeconds(1));
        assertThat(standIn.get().rotation(token)).hasValueSatisfying(rotation ->
                assertThat(rotation.attempts()).singleElement().satisfies(a -> assertThat(a.succeeded()).isTrue()));
    }

    @Test
    void rotateSecret_invokesTheFunctionWithTheEventTheServiceSends() throws Exception {
        List<RotationEvent> events = new CopyOnWriteArrayList<>();
        TemplateRotationFunction function = new TemplateRotationFunction("key-2");
        standIn.get().rotationHook(event -> {
            events.add(event);
            function.invoke(event);
        });

        RotateSecretResponse rotated = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN));
        awaitFinished(rotated.versionId());

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
    void aFailedStep_isRetriedAsAWholeRotation_withTheSameTokens_fromCreateSecret() {
        TemplateRotationFunction function = new TemplateRotationFunction("key-2", RotationHook.TEST_SECRET, 1);
        List<RotationEvent> events = new CopyOnWriteArrayList<>();
        standIn.get().rotationHook(event -> {
            events.add(event);
            function.invoke(event);
        });

        String token = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)).versionId();
        Map<String, List<String>> settled = awaitRotationFinished();
        awaitFinished(token);

        assertThat(function.calls).extracting(call -> call.split(" ")[0]).containsExactly(
                "createSecret", "setSecret", "testSecret",
                "createSecret", "setSecret", "testSecret", "finishSecret");
        assertThat(events).extracting(RotationEvent::clientRequestToken).containsOnly(token);
        assertThat(events).extracting(RotationEvent::rotationToken).containsOnly(events.get(0).rotationToken());
        assertThat(settled.get(token)).contains("AWSCURRENT");
        assertThat(standIn.get().rotations()).satisfiesExactly(
                first -> {
                    assertThat(first.attempt()).isEqualTo(1);
                    assertThat(first.failedStep()).isEqualTo("testSecret");
                    assertThat(first.completedSteps()).containsExactly("createSecret", "setSecret");
                    assertThat(first.failure()).contains("testSecret failed on purpose");
                },
                second -> {
                    assertThat(second.attempt()).isEqualTo(2);
                    assertThat(second.succeeded()).isTrue();
                });
    }

    @Test
    void aRotationThatKeepsFailing_leavesAwsCurrentAlone_andAwsPendingOnTheNewVersion_whichBlocksTheNextOne() {
        standIn.get().rotationHook(new TemplateRotationFunction("key-2", RotationHook.TEST_SECRET, 99));

        String token = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)).versionId();
        Rotation failed = awaitFinished(token);

        assertThat(failed.status()).isEqualTo(Rotation.Status.FAILED);
        assertThat(failed.attempts()).hasSize(3).allSatisfy(a -> assertThat(a.failedStep()).isEqualTo("testSecret"));
        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-1");
        assertThat(stages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                v1, List.of("AWSCURRENT"), token, List.of("AWSPENDING")));
        assertThat(client.describeSecret(r -> r.secretId(NAME)).lastRotatedDate()).isNull();
        assertThatThrownBy(() -> client.rotateSecret(r -> r.secretId(NAME)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("previous rotation isn't complete");

        // The same token resumes the unfinished rotation, as the README's runbook says.
        standIn.get().rotationHook(new TemplateRotationFunction("key-2"));
        assertThat(client.rotateSecret(r -> r.secretId(NAME).clientRequestToken(token)).versionId())
                .isEqualTo(token);
        assertThat(awaitRotationFinished().get(token)).contains("AWSCURRENT");
        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-2");
    }

    @Test
    void eachRotation_isToldOnceAsItEnds_failedAfterItsLastAttempt_orSucceeded() {
        List<Rotation> ended = new CopyOnWriteArrayList<>();
        standIn.get().onRotationEnded(ended::add);
        standIn.get().rotationHook(new TemplateRotationFunction("key-2", RotationHook.SET_SECRET, 99));

        String token = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)).versionId();
        awaitFinished(token);
        Rotation failed = Eventually.await("the failed rotation told", WAIT, () -> List.copyOf(ended),
                told -> !told.isEmpty()).get(0);
        assertThat(failed.clientRequestToken()).isEqualTo(token);
        assertThat(failed.status()).isEqualTo(Rotation.Status.FAILED);
        assertThat(failed.attempts()).hasSize(3).last()
                .satisfies(last -> assertThat(last.failedStep()).isEqualTo(RotationHook.SET_SECRET));

        standIn.get().rotationHook(new TemplateRotationFunction("key-2"));
        client.rotateSecret(r -> r.secretId(NAME).clientRequestToken(token));
        awaitRotationFinished();
        List<Rotation> both = Eventually.await("the resumed rotation told", WAIT, () -> List.copyOf(ended),
                told -> told.size() == 2);
        assertThat(both.get(1).status()).isEqualTo(Rotation.Status.SUCCEEDED);
        assertThat(both.get(1).clientRequestToken()).isEqualTo(token);
    }

    @Test
    void awsPendingOnTheAwsCurrentVersion_isARotationThatFinished_soRotateSecretStartsAnother() {
        String pending = client.putSecretValue(r -> r.secretId(NAME).secretString("key-2")
                .versionStages("AWSPENDING")).versionId();
        assertThatThrownBy(() -> client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("previous rotation isn't complete");
        client.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSCURRENT").moveToVersionId(pending)
                .removeFromVersionId(v1));
        assertThat(stages()).containsEntry(pending, List.of("AWSPENDING", "AWSCURRENT"));
        standIn.get().rotationHook(new TemplateRotationFunction("key-3"));

        String token = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)).versionId();

        Map<String, List<String>> settled = awaitRotationFinished();
        assertThat(settled).containsOnlyKeys(pending, token).containsEntry(pending, List.of("AWSPREVIOUS"));
        assertThat(settled.get(token)).contains("AWSCURRENT");
    }

    @Test
    void rotateSecret_again_usesTheStoredFunction_andAnotherFreshToken() {
        standIn.get().rotationHook(new TemplateRotationFunction("key-2"));
        String first = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)).versionId();
        awaitRotationFinished();
        standIn.get().rotationHook(new TemplateRotationFunction("key-3"));

        String second = client.rotateSecret(r -> r.secretId(NAME)).versionId();

        assertThat(second).isNotEqualTo(first);
        Map<String, List<String>> settled = awaitRotationFinished();
        assertThat(settled).containsOnlyKeys(first, second).containsEntry(first, List.of("AWSPREVIOUS"));
        assertThat(settled.get(second)).contains("AWSCURRENT");
        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-3");
    }

    @Test
    void rotateSecret_retriedWithTheSameToken_whileItRuns_doesNotStartItTwice() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TemplateRotationFunction function = new TemplateRotationFunction("key-2");
        standIn.get().rotationHook(event -> {
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            function.invoke(event);
        });
        String token = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)).versionId();

        assertThat(client.rotateSecret(r -> r.secretId(NAME).clientRequestToken(token)).versionId())
                .isEqualTo(token);
        release.countDown();

        awaitFinished(token);
        assertThat(function.calls).hasSize(4);
        assertThat(standIn.get().rotations()).hasSize(1);
    }

    @Test
    void finishSecretThatDoesNotMoveAwsCurrent_failsTheRotation() {
        standIn.get().rotationHook(event -> {
            if (event.step().equals(RotationHook.CREATE_SECRET)) {
                client.putSecretValue(r -> r.secretId(event.secretId()).clientRequestToken(event.clientRequestToken())
                        .secretString("key-2").versionStages("AWSPENDING"));
            }
        });

        String token = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)).versionId();

        assertThat(awaitFinished(token).status()).isEqualTo(Rotation.Status.FAILED);
        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-1");
        assertThat(standIn.get().rotations()).allSatisfy(attempt -> {
            assertThat(attempt.failedStep()).isEqualTo("finishSecret");
            assertThat(attempt.failure()).contains("did not move AWSCURRENT");
        });
    }

    @Test
    void cancelRotateSecret_stopsTheRunningRotation_turnsRotationOff_andLeavesTheLabelsToCleanUp() throws Exception {
        TemplateRotationFunction function = new TemplateRotationFunction("key-2");
        CountDownLatch inSetSecret = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        standIn.get().rotationHook(event -> {
            function.invoke(event);
            if (event.step().equals(RotationHook.SET_SECRET)) {
                inSetSecret.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            }
        });
        String token = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)
                .rotationRules(rules -> rules.automaticallyAfterDays(30L))).versionId();
        assertThat(inSetSecret.await(10, TimeUnit.SECONDS)).isTrue();

        CancelRotateSecretResponse cancelled = client.cancelRotateSecret(r -> r.secretId(NAME));
        release.countDown();

        assertThat(cancelled.versionId()).isEqualTo(token);
        assertThat(awaitFinished(token).status()).isEqualTo(Rotation.Status.CANCELLED);
        assertThat(function.calls).extracting(call -> call.split(" ")[0]).containsExactly("createSecret", "setSecret");
        DescribeSecretResponse described = client.describeSecret(r -> r.secretId(NAME));
        assertThat(described.rotationEnabled()).isFalse();
        assertThat(described.rotationLambdaARN()).isEqualTo(LAMBDA_ARN);
        assertThat(described.nextRotationDate()).isNull();
        assertThat(described.versionIdsToStages()).containsEntry(token, List.of("AWSPENDING"))
                .containsEntry(v1, List.of("AWSCURRENT"));
        assertThatThrownBy(() -> client.rotateSecret(r -> r.secretId(NAME)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("previous rotation isn't complete");

        client.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("AWSPENDING").removeFromVersionId(token));
        standIn.get().rotationHook(new TemplateRotationFunction("key-3"));
        client.rotateSecret(r -> r.secretId(NAME));
        awaitRotationFinished();
        assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("key-3");
        assertThat(client.describeSecret(r -> r.secretId(NAME)).rotationEnabled()).isTrue();
    }

    @Test
    void rotateSecret_notImmediately_checksTheConfigurationWithTestSecretOnly_onACopyOfTheCurrentValue() {
        List<String> seen = new CopyOnWriteArrayList<>();
        standIn.get().rotationHook(event -> {
            seen.add(event.step() + " " + client.getSecretValue(r -> r.secretId(event.secretId())
                    .versionId(event.clientRequestToken()).versionStage("AWSPENDING")).secretString());
        });

        RotateSecretResponse rotated = client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)
                .rotateImmediately(false).rotationRules(rules -> rules.automaticallyAfterDays(7L)));

        assertThat(rotated.versionId()).isNull();
        Map<String, List<String>> settled = awaitRotationFinished();
        assertThat(seen).containsExactly("testSecret key-1");
        assertThat(settled).containsOnlyKeys(v1);
        DescribeSecretResponse described = client.describeSecret(r -> r.secretId(NAME));
        assertThat(described.rotationEnabled()).isTrue();
        assertThat(described.nextRotationDate()).isEqualTo(described.createdDate().truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofDays(8)).minusSeconds(1));
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
    void rotateSecret_needsAFunction_andALiveSecret() {
        standIn.get().rotationHook(new TemplateRotationFunction("key-2"));

        assertThatThrownBy(() -> client.rotateSecret(r -> r.secretId(NAME)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("No Lambda rotation function ARN");
        assertThatThrownBy(() -> client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)
                .rotationRules(rules -> rules.automaticallyAfterDays(0L))))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    // RotationRulesType.AutomaticallyAfterDays is 1..1000 in the service model: Coral's validation.
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: Value '0'"
                            + " at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint: ");
                });

        client.deleteSecret(r -> r.secretId(NAME));
        assertThatThrownBy(() -> client.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("marked for deletion");
        assertThat(standIn.get().rotations()).isEmpty();
    }

    @Test
    void close_stopsARotationInItsStep_andLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        CountDownLatch entered = new CountDownLatch(1);
        try (SecretsManagerStandIn own = new SecretsManagerStandIn().start();
                SecretsManagerClient sdk = SdkClients.against(own)) {
            sdk.createSecret(r -> r.name(NAME).secretString("key-1"));
            own.rotationHook(event -> {
                entered.countDown();
                new CountDownLatch(1).await();
            });
            sdk.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> !before.contains(thread)
                && thread.isAlive() && thread.getName().startsWith("secretsmanager-"));
    }

    private Map<String, List<String>> stages() {
        return client.describeSecret(r -> r.secretId(NAME)).versionIdsToStages();
    }

    /** What a caller of AWS does after RotateSecret: DescribeSecret until no rotation is in progress. */
    private Map<String, List<String>> awaitRotationFinished() {
        return Eventually.await("rotation of " + NAME + " to finish (AWSPENDING on no version or on AWSCURRENT's)",
                WAIT, this::stages, stages -> !StagingLabels.rotationInProgress(stages));
    }

    /** A rotation's final state, as the stand-in records it (a failed one leaves DescribeSecret unchanged). */
    private Rotation awaitFinished(String token) {
        return Eventually.await("rotation " + token + " to finish", WAIT,
                () -> standIn.get().rotation(token).orElse(null), rotation -> rotation != null && rotation.finished());
    }
}
