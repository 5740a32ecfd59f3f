package io.snowgate.emulator.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.MutableClock;
import io.snowgate.emulator.junit5.StandInExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretResponse;

/**
 * The operations operators and the CLI use beyond reading and rotating, through the real SDK: ListSecrets with its
 * filters and pages, UpdateSecret, TagResource and UntagResource, and DescribeSecret's rotation fields.
 */
class SecretMetadataTest {

    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation";

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> standIn =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());

    private SecretsManagerClient client;

    @BeforeEach
    void client() {
        client = SdkClients.against(standIn.get());
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private void create(String name, String description, Tag... tags) {
        client.createSecret(r -> r.name(name).secretString("v").description(description).tags(tags));
    }

    private List<String> names(Filter... filters) {
        return client.listSecrets(r -> r.filters(filters)).secretList().stream().map(SecretListEntry::name).toList();
    }

    private static Filter filter(FilterNameStringType key, String... values) {
        return Filter.builder().key(key).values(values).build();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void listSecrets_filtersByNamePrefix_descriptionIgnoringCase_tags_andNegation() {
        create("snowgate/prod/snowflake", "Snowflake key pair", tag("team", "data"), tag("env", "prod"));
        create("snowgate/dev/snowflake", "snowflake KEY for dev", tag("team", "data"), tag("env", "dev"));
        create("Snowgate/upper", "other", tag("owner", "ops"));

        assertThat(names()).containsExactly("snowgate/prod/snowflake", "snowgate/dev/snowflake", "Snowgate/upper");
        assertThat(names(filter(FilterNameStringType.NAME, "snowgate/"))).as("case-sensitive prefix")
                .containsExactly("snowgate/prod/snowflake", "snowgate/dev/snowflake");
        assertThat(names(filter(FilterNameStringType.NAME, "prod"))).as("a prefix, not a substring").isEmpty();
        assertThat(names(filter(FilterNameStringType.DESCRIPTION, "SNOWFLAKE"))).as("ignoring case")
                .containsExactly("snowgate/prod/snowflake", "snowgate/dev/snowflake");
        assertThat(names(filter(FilterNameStringType.TAG_KEY, "own"))).containsExactly("Snowgate/upper");
        assertThat(names(filter(FilterNameStringType.TAG_VALUE, "pro"))).containsExactly("snowgate/prod/snowflake");
        assertThat(names(filter(FilterNameStringType.NAME, "snowgate/", "!snowgate/dev")))
                .containsExactly("snowgate/prod/snowflake");
        assertThat(names(filter(FilterNameStringType.NAME, "snowgate/"), filter(FilterNameStringType.TAG_VALUE, "dev")))
                .as("every filter must match").containsExactly("snowgate/dev/snowflake");
        assertThat(names(filter(FilterNameStringType.PRIMARY_REGION, "us-east"))).hasSize(3);
        assertThat(names(filter(FilterNameStringType.OWNING_SERVICE, "rds"))).isEmpty();
    }

    @Test
    void listSecrets_allFilter_searchesWordsOfNameDescriptionAndTags_ignoringCase() {
        create("snowgate/prodDatabase", null);
        create("other", "A key pair for Snowflake");
        create("third", null, tag("Purpose", "reporting"));

        assertThat(names(filter(FilterNameStringType.ALL, "database"))).containsExactly("snowgate/prodDatabase");
        assertThat(names(filter(FilterNameStringType.ALL, "SNOWFLAKE"))).containsExactly("other");
        assertThat(names(filter(FilterNameStringType.ALL, "purpose"))).containsExactly("third");
        assertThat(names(filter(FilterNameStringType.ALL, "nothing_report"))).as("any word matches")
                .containsExactly("third");
    }

    @Test
    void listSecrets_pagesWithAnOpaqueToken_andTheSdkPaginatorReadsThemAll() {
        for (int i = 0; i < 7; i++) {
            create("secret-" + i, null);
        }

        ListSecretsResponse first = client.listSecrets(r -> r.maxResults(3));
        assertThat(first.secretList()).extracting(SecretListEntry::name).containsExactly("secret-0", "secret-1",
                "secret-2");
        assertThat(first.nextToken()).isNotBlank().doesNotContain("3");
        List<String> all = new ArrayList<>();
        client.listSecretsPaginator(r -> r.maxResults(2))
                .forEach(page -> page.secretList().forEach(entry -> all.add(entry.name())));
        assertThat(all).hasSize(7).startsWith("secret-0").endsWith("secret-6");
        assertThat(client.listSecrets(r -> r.sortBy("name").sortOrder(SortOrderType.DESC).maxResults(1))
                .secretList()).extracting(SecretListEntry::name).containsExactly("secret-6");

        assertThatThrownBy(() -> client.listSecrets(r -> r.nextToken("not-a-token")))
                .isInstanceOf(InvalidNextTokenException.class);
        assertThatThrownBy(() -> client.listSecrets(r -> r.maxResults(101)))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(e.awsErrorDetails()
                        .errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void listSecrets_leavesOutSecretsScheduledForDeletion_unlessAsked_andNamesVersionStagesAsTheListDoes() {
        String version = client.createSecret(r -> r.name("kept").secretString("v")).versionId();
        create("deleted", null);
        client.deleteSecret(r -> r.secretId("deleted"));

        assertThat(client.listSecrets(r -> r.includePlannedDeletion(false)).secretList()).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.name()).isEqualTo("kept");
                    assertThat(entry.secretVersionsToStages()).containsEntry(version, List.of("AWSCURRENT"));
                    assertThat(entry.arn()).startsWith("arn:aws:secretsmanager:us-east-1:111122223333:secret:kept-");
                });
        assertThat(client.listSecrets(r -> r.includePlannedDeletion(true)).secretList())
                .extracting(SecretListEntry::name).containsExactly("kept", "deleted");
        assertThat(client.listSecrets(r -> r.includePlannedDeletion(true)).secretList().get(1).deletedDate())
                .isNotNull();
    }

    @Test
    void updateSecret_changesTheDescription_andAValueMakesANewCurrentVersion_idempotentForItsToken() {
        String v1 = client.createSecret(r -> r.name("s").secretString("one").description("old")
                .kmsKeyId("alias/custom")).versionId();

        UpdateSecretResponse metadataOnly = client.updateSecret(r -> r.secretId("s").description("new"));
        assertThat(metadataOnly.versionId()).isNull();
        String token = UUID.randomUUID().toString();
        UpdateSecretResponse withValue = client.updateSecret(r -> r.secretId("s").secretString("two")
                .clientRequestToken(token).kmsKeyId(""));
        UpdateSecretResponse retried = client.updateSecret(r -> r.secretId("s").secretString("two")
                .clientRequestToken(token));

        assertThat(withValue.versionId()).isEqualTo(token);
        assertThat(retried.versionId()).isEqualTo(token);
        DescribeSecretResponse described = client.describeSecret(r -> r.secretId("s"));
        assertThat(described.description()).isEqualTo("new");
        assertThat(described.kmsKeyId()).as("an empty key is the AWS managed key again").isNull();
        assertThat(described.versionIdsToStages()).containsEntry(v1, List.of("AWSPREVIOUS"))
                .containsEntry(token, List.of("AWSCURRENT")).hasSize(2);
        assertThat(client.getSecretValue(r -> r.secretId("s")).secretString()).isEqualTo("two");
        assertThatThrownBy(() -> client.updateSecret(r -> r.secretId("s").secretString("three")
                .clientRequestToken(token))).isInstanceOf(ResourceExistsException.class);
        assertThatThrownBy(() -> client.updateSecret(r -> r.secretId("s").secretString("x")
                .secretBinary(SdkBytes.fromUtf8String("y")))).hasMessageContaining("both");

        client.deleteSecret(r -> r.secretId("s"));
        assertThatThrownBy(() -> client.updateSecret(r -> r.secretId("s").description("gone")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("marked for deletion");
    }

    @Test
    void tagResource_addsAndReplacesTags_andUntagResourceRemovesThem_idempotently() {
        create("s", null, tag("team", "data"));

        client.tagResource(r -> r.secretId("s").tags(tag("team", "platform"), tag("env", "prod")));
        assertThat(client.describeSecret(r -> r.secretId("s")).tags())
                .containsExactly(tag("team", "platform"), tag("env", "prod"));

        client.untagResource(r -> r.secretId("s").tagKeys("team", "absent"));
        assertThat(client.describeSecret(r -> r.secretId("s")).tags()).containsExactly(tag("env", "prod"));
        assertThat(names(filter(FilterNameStringType.TAG_KEY, "env"))).containsExactly("s");

        assertThatThrownBy(() -> client.tagResource(r -> r.secretId("s").tags(tag("", "v"))))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(e.awsErrorDetails()
                        .errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void describeSecret_rotationFields_followTheScheduleFromTheLastRotationOrWrittenValue_andVanishWhenOff() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        try (SecretsManagerStandIn own = new SecretsManagerStandIn(0, "eu-west-1", "123456789012", clock).start();
                SecretsManagerClient sdk = SdkClients.against(own, clock)) {
            sdk.createSecret(r -> r.name("s").secretString("one"));
            DescribeSecretResponse never = sdk.describeSecret(r -> r.secretId("s"));
            assertThat(never.rotationEnabled()).isNull();
            assertThat(never.nextRotationDate()).isNull();

            sdk.rotateSecret(r -> r.secretId("s").rotationLambdaARN(LAMBDA_ARN).rotateImmediately(false)
                    .rotationRules(rules -> rules.scheduleExpression("rate(10 days)")));
            // The last second of the window ten days after the day of the creation, which counts as the last value.
            assertThat(sdk.describeSecret(r -> r.secretId("s")).nextRotationDate())
                    .isEqualTo(Instant.parse("2026-03-11T23:59:59Z"));

            // A value written by hand counts as a rotation for the schedule (RotationRulesType).
            clock.advance(Duration.ofDays(4));
            sdk.putSecretValue(r -> r.secretId("s").secretString("two"));
            DescribeSecretResponse afterWrite = sdk.describeSecret(r -> r.secretId("s"));
            assertThat(afterWrite.nextRotationDate()).isEqualTo(Instant.parse("2026-03-15T23:59:59Z"));
            assertThat(afterWrite.rotationLambdaARN()).isEqualTo(LAMBDA_ARN);
            assertThat(afterWrite.rotationRules().scheduleExpression()).isEqualTo("rate(10 days)");

            sdk.cancelRotateSecret(r -> r.secretId("s"));
            DescribeSecretResponse off = sdk.describeSecret(r -> r.secretId("s"));
            assertThat(off.rotationEnabled()).isFalse();
            assertThat(off.nextRotationDate()).isNull();
            assertThat(off.lastRotatedDate()).isNull();
            assertThat(sdk.listSecrets(r -> { }).secretList()).singleElement()
                    .satisfies(entry -> assertThat(entry.rotationEnabled()).isFalse());
        }
    }

    @Test
    void anOperationTheStandInDoesNotModel_isRefusedNamingIt_notAsUnknown() {
        assertThatThrownBy(() -> client.getRandomPassword(r -> r.passwordLength(20L)))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(501);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotModelledException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("does not model GetRandomPassword");
                });
        assertThat(standIn.get().counters().count("GetRandomPassword")).isEqualTo(1);
    }
}
