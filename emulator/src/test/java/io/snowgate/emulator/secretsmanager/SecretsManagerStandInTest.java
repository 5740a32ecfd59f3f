package io.snowgate.emulator.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.junit5.MutableClock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

class SecretsManagerStandInTest extends DefaultStandInTest {

    private static final String ARN_PATTERN =
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:snowgate/prod/snowflake-[A-Za-z0-9]{6}";
    private static final String NAME = "snowgate/prod/snowflake";

    private CreateSecretResponse create(String name, String value) {
        return client().createSecret(r -> r.name(name).secretString(value));
    }

    /**
     * Every modelled refusal is a client error, 400, as AWS answers them (the API reference lists each with HTTP status
     * 400): a 5xx would be retried by the SDK and by Lambda's callers, and exception classes alone, which the SDK picks
     * from the error code, would not show it.
     */
    @Test
    void modelledRefusals_areAnswered400_withTheirErrorCode() {
        create(NAME, "v1");
        client().createSecret(r -> r.name("gone").secretString("x"));
        client().deleteSecret(r -> r.secretId("gone").recoveryWindowInDays(7L));
        Map<String, Callable<?>> refusals = Map.of(
                "ResourceNotFoundException", () -> client().getSecretValue(r -> r.secretId("nope")),
                "ResourceExistsException", () -> create(NAME, "again"),
                "InvalidRequestException", () -> client().getSecretValue(r -> r.secretId("gone")),
                "InvalidParameterException", () -> client().deleteSecret(r -> r.secretId(NAME)
                        .recoveryWindowInDays(3L)));

        refusals.forEach((code, call) -> assertThatThrownBy(call::call)
                .as(code)
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
                    assertThat(e.statusCode()).isEqualTo(400);
                }));
    }

    @Test
    void createSecret_returnsRealArnShapeAndAUuidVersionId() {
        CreateSecretResponse created = create(NAME, "{\"user\":\"SVC\"}");

        assertThat(created.arn()).matches(ARN_PATTERN);
        assertThat(created.name()).isEqualTo(NAME);
        assertThat(UUID.fromString(created.versionId())).isNotNull();
        assertThat(standIn.get().requests("CreateSecret")).singleElement()
                .satisfies(r -> assertThat(r.header("Content-Type")).isEqualTo("application/x-amz-json-1.1"));
    }

    @Test
    void createSecret_withoutValue_hasNoVersionUntilAValueIsPut() {
        CreateSecretResponse created = client().createSecret(r -> r.name(NAME));

        assertThat(created.versionId()).isNull();
        assertThatThrownBy(() -> client().getSecretValue(r -> r.secretId(NAME)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("can't find the specified secret value for staging label: AWSCURRENT");

        PutSecretValueResponse put = client().putSecretValue(r -> r.secretId(NAME).secretString("first"));
        assertThat(put.versionStages()).containsExactly("AWSCURRENT");
    }

    @Test
    void getSecretValue_findsTheSecretByNameFullArnAndPartialArn() {
        CreateSecretResponse created = create(NAME, "value-1");
        String partialArn = created.arn().substring(0, created.arn().length() - 7);

        for (String id : List.of(NAME, created.arn(), partialArn)) {
            GetSecretValueResponse value = client().getSecretValue(r -> r.secretId(id));
            assertThat(value.secretString()).as(id).isEqualTo("value-1");
            assertThat(value.arn()).isEqualTo(created.arn());
            assertThat(value.versionId()).isEqualTo(created.versionId());
            assertThat(value.versionStages()).containsExactly("AWSCURRENT");
            assertThat(value.createdDate()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        }
    }

    @Test
    void getSecretValue_failsWithResourceNotFound_forUnknownNamesAndArns() {
        CreateSecretResponse created = create(NAME, "v");
        String wrongSuffix = created.arn().substring(0, created.arn().length() - 6) + "ZZZZZZ";
        String otherAccount = created.arn().replace("111122223333", "999999999999");

        for (String id : List.of("snowgate/missing", wrongSuffix, otherAccount, NAME + "-extra")) {
            assertThatThrownBy(() -> client().getSecretValue(r -> r.secretId(id)))
                    .as(id)
                    .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Secrets Manager can't find the specified secret.");
                    });
        }
        assertThatThrownBy(() -> client().describeSecret(r -> r.secretId("snowgate/missing")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client().putSecretValue(r -> r.secretId("snowgate/missing").secretString("x")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client().deleteSecret(r -> r.secretId("snowgate/missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void secretBinary_roundTripsItsBytesThroughBase64() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0x80, 42};
        client().createSecret(r -> r.name(NAME).secretBinary(SdkBytes.fromByteArray(bytes)));

        GetSecretValueResponse value = client().getSecretValue(r -> r.secretId(NAME));
        assertThat(value.secretBinary().asByteArray()).containsExactly(bytes);
        assertThat(value.secretString()).isNull();
    }

    @Test
    void createSecret_withBothStringAndBinary_isAnInvalidParameter() {
        assertThatThrownBy(() -> client().createSecret(r -> r.name(NAME).secretString("s")
                .secretBinary(SdkBytes.fromUtf8String("b"))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void createSecret_nameOutsideTheAllowedCharacters_failsValidation() {
        assertThatThrownBy(() -> create("has spaces", "v"))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid name.");
                });
    }

    @Test
    void createSecret_existingName_failsWithResourceExists_butTheSameTokenAndValueIsIdempotent() {
        String token = UUID.randomUUID().toString();
        CreateSecretResponse first = client().createSecret(r -> r.name(NAME).secretString("v").clientRequestToken(token));

        CreateSecretResponse retried = client().createSecret(r -> r.name(NAME).secretString("v").clientRequestToken(token));
        assertThat(retried.arn()).isEqualTo(first.arn());
        assertThat(retried.versionId()).isEqualTo(token);

        assertThatThrownBy(() -> create(NAME, "v"))
                .isInstanceOf(ResourceExistsException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void putSecretValue_movesAwsCurrentToTheNewVersion_andAwsPreviousToTheOldOne() {
        String v1 = create(NAME, "one").versionId();

        PutSecretValueResponse second = client().putSecretValue(r -> r.secretId(NAME).secretString("two"));
        assertThat(second.versionStages()).containsExactly("AWSCURRENT");
        assertThat(stages()).containsOnlyKeys(v1, second.versionId())
                .containsEntry(v1, List.of("AWSPREVIOUS"))
                .containsEntry(second.versionId(), List.of("AWSCURRENT"));

        PutSecretValueResponse third = client().putSecretValue(r -> r.secretId(NAME).secretString("three"));
        // v1 lost its last label: it is deprecated and no longer listed.
        assertThat(stages()).containsOnlyKeys(second.versionId(), third.versionId())
                .containsEntry(second.versionId(), List.of("AWSPREVIOUS"))
                .containsEntry(third.versionId(), List.of("AWSCURRENT"));
        assertThat(client().getSecretValue(r -> r.secretId(NAME).versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("two");
        assertThat(client().getSecretValue(r -> r.secretId(NAME).versionId(v1)).secretString()).isEqualTo("one");
    }

    @Test
    void putSecretValue_withVersionStagesPending_leavesAwsCurrentWhereItIs() {
        String v1 = create(NAME, "one").versionId();

        PutSecretValueResponse pending = client().putSecretValue(r -> r.secretId(NAME).secretString("two")
                .versionStages("AWSPENDING"));

        assertThat(pending.versionStages()).containsExactly("AWSPENDING");
        assertThat(client().getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("one");
        assertThat(client().getSecretValue(r -> r.secretId(NAME).versionStage("AWSPENDING")).versionId())
                .isEqualTo(pending.versionId());
        assertThat(stages()).containsEntry(v1, List.of("AWSCURRENT"));
    }

    @Test
    void putSecretValue_isIdempotentForItsToken_andRefusesToChangeAnExistingVersion() {
        create(NAME, "one");
        String token = UUID.randomUUID().toString();
        client().putSecretValue(r -> r.secretId(NAME).secretString("two").clientRequestToken(token));

        PutSecretValueResponse again = client().putSecretValue(r -> r.secretId(NAME).secretString("two")
                .clientRequestToken(token));
        assertThat(again.versionId()).isEqualTo(token);
        assertThat(client().listSecretVersionIds(r -> r.secretId(NAME).includeDeprecated(true)).versions())
                .hasSize(2);

        assertThatThrownBy(() -> client().putSecretValue(r -> r.secretId(NAME).secretString("changed")
                .clientRequestToken(token)))
                .isInstanceOf(ResourceExistsException.class);
        assertThat(client().getSecretValue(r -> r.secretId(NAME).versionId(token)).secretString()).isEqualTo("two");
    }

    @Test
    void putSecretValue_retriedWithItsTokenAndValue_changesNothing_evenWithOtherStages() {
        String v1 = create(NAME, "one").versionId();
        String token = UUID.randomUUID().toString();
        client().putSecretValue(r -> r.secretId(NAME).secretString("two").clientRequestToken(token)
                .versionStages("AWSPENDING"));
        DescribeSecretResponse before = client().describeSecret(r -> r.secretId(NAME));

        PutSecretValueResponse again = client().putSecretValue(r -> r.secretId(NAME).secretString("two")
                .clientRequestToken(token));

        assertThat(again.versionStages()).containsExactly("AWSPENDING");
        DescribeSecretResponse after = client().describeSecret(r -> r.secretId(NAME));
        assertThat(after.versionIdsToStages()).isEqualTo(before.versionIdsToStages())
                .containsEntry(v1, List.of("AWSCURRENT"));
        assertThat(after.lastChangedDate()).isEqualTo(before.lastChangedDate());
    }

    @Test
    void moreThan100Versions_theOldestUnlabelledOnesGo_butNoneCreatedInTheLast24Hours() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (SecretsManagerStandIn own = new SecretsManagerStandIn(0, "eu-west-1", "123456789012", clock).start();
                SecretsManagerClient sdk = SdkClients.against(own, clock)) {
            List<String> ids = new ArrayList<>();
            ids.add(sdk.createSecret(r -> r.name(NAME).secretString("v0")).versionId());
            sdk.updateSecretVersionStage(r -> r.secretId(NAME).versionStage("KEEP").moveToVersionId(ids.get(0)));
            for (int i = 1; i <= 104; i++) {
                String value = "v" + i;
                ids.add(sdk.putSecretValue(r -> r.secretId(NAME).secretString(value)).versionId());
            }
            assertThat(allVersionIds(sdk)).as("all younger than 24 hours").containsExactlyElementsOf(ids);

            clock.advance(Duration.ofHours(25));
            ids.add(sdk.putSecretValue(r -> r.secretId(NAME).secretString("v105")).versionId());

            // 106 versions: the six oldest without a label go; v0 keeps its custom label.
            List<String> kept = new ArrayList<>(ids.subList(7, ids.size()));
            kept.add(0, ids.get(0));
            assertThat(allVersionIds(sdk)).hasSize(100).containsExactlyElementsOf(kept);
            assertThatThrownBy(() -> sdk.getSecretValue(r -> r.secretId(NAME).versionId(ids.get(1))))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(sdk.getSecretValue(r -> r.secretId(NAME).versionStage("KEEP")).secretString()).isEqualTo("v0");
            assertThat(sdk.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("v105");
        }
    }

    @Test
    void getSecretValue_byVersionIdAndStage_mustNameAnExistingVersion() {
        String v1 = create(NAME, "one").versionId();

        assertThat(client().getSecretValue(r -> r.secretId(NAME).versionId(v1).versionStage("AWSCURRENT"))
                .secretString()).isEqualTo("one");
        assertThatThrownBy(() -> client().getSecretValue(r -> r.secretId(NAME).versionStage("AWSPENDING")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("staging label: AWSPENDING");
        String unknown = UUID.randomUUID().toString();
        assertThatThrownBy(() -> client().getSecretValue(r -> r.secretId(NAME).versionId(unknown)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("VersionId: " + unknown);
    }

    @Test
    void getSecretValue_versionIdWithAStageThatVersionDoesNotHold_isAnInvalidRequest_notAMissingValue() {
        String v1 = create(NAME, "one").versionId();

        assertThatThrownBy(() -> client().getSecretValue(r -> r.secretId(NAME).versionId(v1)
                .versionStage("AWSPREVIOUS")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                            "You provided a VersionStage that is not associated to the provided VersionId.");
                });
    }

    @Test
    void describeSecret_reportsMetadataAndLabelledVersionsOnly() {
        CreateSecretResponse created = client().createSecret(r -> r.name(NAME).secretString("one")
                .description("Snowflake service user").tags(Tag.builder().key("team").value("data").build()));
        Instant dayBefore = Instant.now().truncatedTo(ChronoUnit.DAYS);
        client().getSecretValue(r -> r.secretId(NAME));
        Instant dayAfter = Instant.now().truncatedTo(ChronoUnit.DAYS);

        DescribeSecretResponse described = client().describeSecret(r -> r.secretId(created.arn()));

        assertThat(described.arn()).isEqualTo(created.arn());
        assertThat(described.name()).isEqualTo(NAME);
        assertThat(described.description()).isEqualTo("Snowflake service user");
        assertThat(described.tags()).containsExactly(Tag.builder().key("team").value("data").build());
        assertThat(described.versionIdsToStages()).containsExactly(
                Map.entry(created.versionId(), List.of("AWSCURRENT")));
        assertThat(described.rotationEnabled()).isNull();
        assertThat(described.deletedDate()).isNull();
        assertThat(described.createdDate()).isNotNull();
        assertThat(described.lastChangedDate()).isNotNull();
        // AWS keeps the access date to the day.
        assertThat(described.lastAccessedDate()).isIn(dayBefore, dayAfter);
        assertThat(described.primaryRegion()).isEqualTo("us-east-1");
    }

    @Test
    void listSecretVersionIds_hidesDeprecatedVersionsUnlessAsked_andPages() {
        String v1 = create(NAME, "1").versionId();
        String v2 = client().putSecretValue(r -> r.secretId(NAME).secretString("2")).versionId();
        String v3 = client().putSecretValue(r -> r.secretId(NAME).secretString("3")).versionId();

        ListSecretVersionIdsResponse labelled = client().listSecretVersionIds(r -> r.secretId(NAME));
        assertThat(labelled.versions()).extracting(SecretVersionsListEntry::versionId).containsExactly(v2, v3);
        assertThat(labelled.arn()).matches(ARN_PATTERN);

        ListSecretVersionIdsResponse firstPage = client().listSecretVersionIds(r -> r.secretId(NAME)
                .includeDeprecated(true).maxResults(2));
        assertThat(firstPage.versions()).extracting(SecretVersionsListEntry::versionId).containsExactly(v1, v2);
        assertThat(firstPage.nextToken()).isNotNull();
        ListSecretVersionIdsResponse secondPage = client().listSecretVersionIds(r -> r.secretId(NAME)
                .includeDeprecated(true).maxResults(2).nextToken(firstPage.nextToken()));
        assertThat(secondPage.versions()).extracting(SecretVersionsListEntry::versionId).containsExactly(v3);
        assertThat(secondPage.nextToken()).isNull();
        assertThat(secondPage.versions().get(0).versionStages()).containsExactly("AWSCURRENT");

        List<String> all = new ArrayList<>();
        client().listSecretVersionIdsPaginator(r -> r.secretId(NAME).includeDeprecated(true).maxResults(1))
                .forEach(page -> page.versions().forEach(v -> all.add(v.versionId())));
        assertThat(all).containsExactly(v1, v2, v3);
    }

    @Test
    void deleteSecret_withRecoveryWindow_makesReadsFailAsMarkedForDeletion_untilRestored() {
        CreateSecretResponse created = create(NAME, "one");

        DeleteSecretResponse deleted = client().deleteSecret(r -> r.secretId(NAME).recoveryWindowInDays(7L));

        assertThat(deleted.arn()).isEqualTo(created.arn());
        assertThat(Duration.between(Instant.now(), deleted.deletionDate()))
                .isBetween(Duration.ofDays(7).minusMinutes(1), Duration.ofDays(7));
        for (Callable<?> read : List.<Callable<?>>of(
                () -> client().getSecretValue(r -> r.secretId(NAME)),
                () -> client().putSecretValue(r -> r.secretId(NAME).secretString("two")),
                () -> client().updateSecretVersionStage(r -> r.secretId(NAME).versionStage("X")
                        .moveToVersionId(created.versionId())))) {
            assertThatThrownBy(read::call)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).contains("marked for deletion");
                    });
        }
        assertThat(client().describeSecret(r -> r.secretId(NAME)).deletedDate()).isNotNull();
        assertThatThrownBy(() -> create(NAME, "again"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("already scheduled for deletion");

        client().restoreSecret(r -> r.secretId(created.arn()));
        assertThat(client().getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("one");
        assertThat(client().describeSecret(r -> r.secretId(NAME)).deletedDate()).isNull();
    }

    @Test
    void deleteSecret_refusesRecoveryWindowsOutside7To30Days_andWindowWithForce() {
        create(NAME, "one");

        for (long days : new long[] {6, 31}) {
            assertThatThrownBy(() -> client().deleteSecret(r -> r.secretId(NAME).recoveryWindowInDays(days)))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("between 7 and 30");
        }
        assertThatThrownBy(() -> client().deleteSecret(r -> r.secretId(NAME).recoveryWindowInDays(7L)
                .forceDeleteWithoutRecovery(true)))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(client().getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("one");
    }

    @Test
    void deleteSecret_withoutRecovery_removesItAtOnce_andFreesTheName() {
        CreateSecretResponse created = create(NAME, "one");

        client().deleteSecret(r -> r.secretId(NAME).forceDeleteWithoutRecovery(true));

        assertThatThrownBy(() -> client().getSecretValue(r -> r.secretId(created.arn())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(create(NAME, "two").arn()).isNotEqualTo(created.arn()).matches(ARN_PATTERN);
    }

    @Test
    void deleteSecret_withoutRecovery_ofASecretThatIsGone_succeeds_whereWithARecoveryWindowItIsNotFound() {
        CreateSecretResponse created = create(NAME, "one");
        client().deleteSecret(r -> r.secretId(NAME).forceDeleteWithoutRecovery(true));

        DeleteSecretResponse byName = client().deleteSecret(r -> r.secretId(NAME).forceDeleteWithoutRecovery(true));
        assertThat(byName.name()).isEqualTo(NAME);
        assertThat(byName.deletionDate()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        DeleteSecretResponse byArn = client().deleteSecret(r -> r.secretId(created.arn())
                .forceDeleteWithoutRecovery(true));
        assertThat(byArn.arn()).isEqualTo(created.arn());
        assertThatThrownBy(() -> client().deleteSecret(r -> r.secretId(NAME)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deleteSecret_secretDisappearsWhenItsRecoveryWindowEnds() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (SecretsManagerStandIn own = new SecretsManagerStandIn(0, "eu-west-1", "123456789012", clock).start();
                SecretsManagerClient sdk = SdkClients.against(own, clock)) {
            sdk.createSecret(r -> r.name(NAME).secretString("one"));
            DeleteSecretResponse deleted = sdk.deleteSecret(r -> r.secretId(NAME));
            assertThat(deleted.deletionDate()).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
            assertThat(deleted.arn()).startsWith("arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + NAME);

            clock.advance(Duration.ofDays(29));
            assertThatThrownBy(() -> sdk.getSecretValue(r -> r.secretId(NAME)))
                    .isInstanceOf(InvalidRequestException.class);
            clock.advance(Duration.ofDays(1));
            assertThatThrownBy(() -> sdk.describeSecret(r -> r.secretId(NAME)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void injectedThrottling_isRetriedByTheSdk_untilItClears() {
        create(NAME, "one");
        standIn.get().counters().reset();
        standIn.get().faults().failNext("GetSecretValue", 2,
                new Fault.Error("ThrottlingException", "Rate exceeded"));

        assertThat(client().getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("one");

        assertThat(standIn.get().counters().count("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void injectedThrottling_thatOutlastsTheRetries_surfacesAsAThrottlingException() {
        create(NAME, "one");
        standIn.get().counters().reset();
        standIn.get().faults().failNext("GetSecretValue", 50,
                new Fault.Error("ThrottlingException", "Rate exceeded"));
        int maxAttempts = client().serviceClientConfiguration().overrideConfiguration().retryStrategy()
                .orElseThrow().maxAttempts();

        assertThatThrownBy(() -> client().getSecretValue(r -> r.secretId(NAME)))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    assertThat(e.isThrottlingException()).isTrue();
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                });
        assertThat(maxAttempts).isGreaterThan(1);
        assertThat(standIn.get().counters().count("GetSecretValue")).isEqualTo(maxAttempts);
    }

    @Test
    void faultsPlannedOverTheAdminApi_renderAsAwsErrors_thatTheSdkRetriesOrSurfacesByType() throws Exception {
        create(NAME, "one");
        standIn.get().counters().reset();

        assertThat(admin("POST", "/_snowgate/faults", "{\"kind\":\"GetSecretValue\",\"times\":1,"
                + "\"error\":{\"code\":\"InternalServiceError\",\"message\":\"try again\"}}").statusCode())
                .isEqualTo(200);
        assertThat(client().getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("one");

        admin("POST", "/_snowgate/faults", "{\"kind\":\"DescribeSecret\","
                + "\"error\":{\"code\":\"AccessDeniedException\",\"message\":\"not allowed\"}}");
        assertThatThrownBy(() -> client().describeSecret(r -> r.secretId(NAME)))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("not allowed");
                });

        JsonNode counters = new ObjectMapper().readTree(admin("GET", "/_snowgate/counters", null).body());
        assertThat(counters.get("GetSecretValue").asLong()).as("500 retried once").isEqualTo(2);
        assertThat(counters.get("DescribeSecret").asLong()).as("access denied not retried").isEqualTo(1);
    }

    @Test
    void sixteenThreadsAtOnce_eachVersionIsKept_andExactlyOneVersionIsCurrent() throws Exception {
        create(NAME, "initial");
        int threads = 16;
        int putsPerThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> versions = new ArrayList<>();
                    String own = "snowgate/thread-" + thread;
                    create(own, "own-" + thread);
                    for (int i = 0; i < putsPerThread; i++) {
                        String value = "t" + thread + "-" + i;
                        versions.add(client().putSecretValue(r -> r.secretId(NAME).secretString(value)).versionId());
                        assertThat(client().getSecretValue(r -> r.secretId(own)).secretString())
                                .isEqualTo("own-" + thread);
                    }
                    return versions;
                }));
            }
            start.countDown();
            List<String> all = new ArrayList<>();
            for (Future<List<String>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(threads * putsPerThread).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }

        assertThat(client().listSecretVersionIds(r -> r.secretId(NAME).includeDeprecated(true)).versions())
                .hasSize(1 + threads * putsPerThread);
        assertThat(stages().values()).containsExactlyInAnyOrder(List.of("AWSCURRENT"), List.of("AWSPREVIOUS"));
        assertThat(standIn.get().counters().count("PutSecretValue")).isEqualTo(threads * putsPerThread);
    }

    @Test
    void sdkTakesTheEndpointFromTheServiceSpecificSetting() {
        // AWS_ENDPOINT_URL_SECRETS_MANAGER cannot be set inside a running JVM; the SDK reads this system property
        // as its equivalent (the child-JVM test in the cli module uses the environment variable itself).
        String property = "aws.endpointUrlSecretsManager";
        System.setProperty(property, standIn.get().endpoint().toString());
        try (SecretsManagerClient fromSettings = SdkClients.fromSettings(standIn.get().region())) {
            fromSettings.createSecret(r -> r.name(NAME).secretString("via-setting"));
            assertThat(fromSettings.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo("via-setting");
        } finally {
            System.clearProperty(property);
        }
        assertThat(standIn.get().counters().count("CreateSecret")).isEqualTo(1);
    }

    @Test
    void everyRequestTheSdkSendsIsSigV4Signed_forSecretsManagerInItsRegion() {
        create(NAME, "one");

        assertThat(standIn.get().requests("CreateSecret")).singleElement().satisfies(r -> {
            assertThat(r.header("Authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=" + SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID + "/")
                    .contains("/" + standIn.get().region() + "/secretsmanager/aws4_request");
            assertThat(r.header("X-Amz-Target")).isEqualTo("secretsmanager.CreateSecret");
        });
    }

    @Test
    void unsignedRequest_isRefusedWithMissingAuthenticationToken() throws Exception {
        create(NAME, "one");
        HttpResponse<String> response = raw("GetSecretValue", "{\"SecretId\":\"" + NAME + "\"}", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(response.body()).isEqualTo("{\"__type\":\"com.amazon.coral.service#MissingAuthenticationToken"
                + "Exception\",\"message\":\"Request is missing Authentication Token\"}");
        assertThat(response.body()).doesNotContain("one");
    }

    @Test
    void malformedSignature_isRefusedWithIncompleteSignature() throws Exception {
        HttpResponse<String> response = raw("DescribeSecret", "{\"SecretId\":\"x\"}",
                "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/secretsmanager/aws4_request");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("IncompleteSignatureException")
                .contains("requires 'Signature' parameter");
    }

    @Test
    void signatureScopedToAnotherService_isRefusedWithInvalidSignature() throws Exception {
        HttpResponse<String> response = raw("DescribeSecret", "{\"SecretId\":\"x\"}",
                "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/s3/aws4_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=abc");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("InvalidSignatureException")
                .contains("Credential should be scoped to correct service: 'secretsmanager'");
    }

    @Test
    void unknownOperation_isRefusedWithUnknownOperation() throws Exception {
        HttpResponse<String> response = raw("DeleteEverything", "{}",
                "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/secretsmanager/aws4_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=abc");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("UnknownOperationException");
        assertThat(standIn.get().counters().count("unknown")).isEqualTo(1);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(standIn.get().endpoint().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> raw(String operation, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(standIn.get().endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager." + operation)
                .header("X-Amz-Date", "20260101T000000Z")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static List<String> allVersionIds(SecretsManagerClient sdk) {
        List<String> ids = new ArrayList<>();
        sdk.listSecretVersionIdsPaginator(r -> r.secretId(NAME).includeDeprecated(true).maxResults(100))
                .forEach(page -> page.versions().forEach(v -> ids.add(v.versionId())));
        return ids;
    }

    private Map<String, List<String>> stages() {
        return client().describeSecret(r -> r.secretId(NAME)).versionIdsToStages();
    }
}
