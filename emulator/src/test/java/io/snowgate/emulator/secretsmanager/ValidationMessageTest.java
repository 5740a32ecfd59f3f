package io.snowgate.emulator.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Coral, AWS's front end, checks a whole request against the service model before the operation runs and answers
 * one ValidationException counting every broken member constraint, member by member in the model's order
 * ({@code MemberConstraints}); a request that breaks one reads as it always did. The operation's own refusals
 * (InvalidParameterException and the like) come only after that. The wording follows what LocalStack recorded of
 * AWS for other services ({@code MemberConstraints}): numbers quoted, the broken bound named, a sensitive value left
 * out, a list of strings shown whole with its entries' shape, an entry of a list of structures by its position.
 */
class ValidationMessageTest extends DefaultStandInTest {

    private static final String NAME = "snowgate/prod/snowflake";
    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation";
    private static final String OVERLONG = "s".repeat(2049);
    private static final String OVERLONG_SECRET_ID = "Value '" + OVERLONG + "' at 'secretId' failed to satisfy"
            + " constraint: Member must have length less than or equal to 2048";
    private static final String OVERLONG_DESCRIPTION = "Value '" + OVERLONG + "' at 'description' failed to satisfy"
            + " constraint: Member must have length less than or equal to 2048";
    private static final String EMPTY_SECRET_ID = "Value '' at 'secretId' failed to satisfy constraint:"
            + " Member must have length greater than or equal to 1";
    private static final String SHORT_TOKEN = "Value 't1' at 'clientRequestToken' failed to satisfy constraint:"
            + " Member must have length greater than or equal to 32";

    private static void assertValidationMessage(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SecretsManagerException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void getSecretValue_everyBrokenMember_isCountedInModelOrder_andOneAloneReadsAsBefore() {
        client().createSecret(r -> r.name(NAME).secretString("v"));

        assertValidationMessage(() -> client().getSecretValue(r -> r.secretId(OVERLONG).versionId("v1")
                .versionStage("")), "3 validation errors detected: " + OVERLONG_SECRET_ID + "; "
                + "Value 'v1' at 'versionId' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 32; "
                + "Value '' at 'versionStage' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1");
        assertValidationMessage(() -> client().getSecretValue(r -> r.secretId(NAME).versionId("v1")),
                "1 validation error detected: Value 'v1' at 'versionId' failed to satisfy constraint:"
                        + " Member must have length greater than or equal to 32");
    }

    @Test
    void putSecretValue_everyBrokenMember_isCounted_withTheValueHidden_andNothingIsStored() {
        client().createSecret(r -> r.name(NAME).secretString("one"));
        String overlongValue = "p@ss-" + "x".repeat(SecretValue.MAX_BYTES);
        List<String> stages = new ArrayList<>(Collections.nCopies(20, "L"));
        stages.add("");

        assertValidationMessage(() -> client().putSecretValue(r -> r.secretId("").clientRequestToken("t1")
                .secretString(overlongValue).versionStages(stages)), "5 validation errors detected: "
                + EMPTY_SECRET_ID + "; " + SHORT_TOKEN + "; "
                + "Value at 'secretString' failed to satisfy constraint:"
                + " Member must have length less than or equal to 65536; "
                + "Value '[" + "L, ".repeat(20) + "]' at 'versionStages' failed to satisfy constraint:"
                + " Member must have length less than or equal to 20; "
                + "Value '[" + "L, ".repeat(20) + "]' at 'versionStages' failed to satisfy constraint:"
                + " Member must satisfy constraint: [Member must have length less than or equal to 256,"
                + " Member must have length greater than or equal to 1]");
        assertValidationMessage(() -> client().putSecretValue(r -> r.secretId(NAME).secretString(overlongValue)),
                "1 validation error detected: Value at 'secretString' failed to satisfy constraint:"
                        + " Member must have length less than or equal to 65536");
        assertThat(client().listSecretVersionIds(r -> r.secretId(NAME).includeDeprecated(true)).versions())
                .singleElement();
    }

    @Test
    void createSecret_everyBrokenMember_isCountedInModelOrder_tagsIncluded_andNothingIsCreated() {
        assertValidationMessage(() -> client().createSecret(r -> r.name("").clientRequestToken("t1")
                .description(OVERLONG).secretString("").tags(tag("", "v".repeat(257)))),
                "6 validation errors detected: "
                + "Value '' at 'name' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1; "
                + SHORT_TOKEN + "; " + OVERLONG_DESCRIPTION + "; "
                + "Value at 'secretString' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1; "
                + "Value '' at 'tags.1.member.key' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1; "
                + "Value '" + "v".repeat(257) + "' at 'tags.1.member.value' failed to satisfy constraint:"
                + " Member must have length less than or equal to 256");
        // SecretBinary comes before SecretString in CreateSecretRequest.
        SdkBytes noBytes = SdkBytes.fromByteArray(new byte[0]);
        assertValidationMessage(() -> client().createSecret(r -> r.name(NAME).secretBinary(noBytes).secretString("")),
                "2 validation errors detected: "
                + "Value at 'secretBinary' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1; "
                + "Value at 'secretString' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1");
        assertThat(client().listSecrets().secretList()).isEmpty();
    }

    @Test
    void createSecret_aBrokenMember_failsValidation_beforeBothValuesAreRefusedAsAnInvalidParameter() {
        assertValidationMessage(() -> client().createSecret(r -> r.name(NAME).description(OVERLONG)
                .secretString("s").secretBinary(SdkBytes.fromUtf8String("b"))),
                "1 validation error detected: " + OVERLONG_DESCRIPTION);
    }

    @Test
    void updateSecret_everyBrokenMember_isCountedInModelOrder() {
        client().createSecret(r -> r.name(NAME).secretString("one").description("kept"));

        assertValidationMessage(() -> client().updateSecret(r -> r.secretId(OVERLONG).clientRequestToken("t1")
                .description(OVERLONG).secretBinary(SdkBytes.fromByteArray(new byte[0]))),
                "4 validation errors detected: " + OVERLONG_SECRET_ID + "; " + SHORT_TOKEN + "; "
                + OVERLONG_DESCRIPTION + "; "
                + "Value at 'secretBinary' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1");
        assertThat(client().describeSecret(r -> r.secretId(NAME)).description()).isEqualTo("kept");
    }

    @Test
    void listSecrets_everyBrokenMember_isCountedInModelOrder_filtersIncluded_andOneAloneReadsAsBefore() {
        Filter bogus = Filter.builder().key("bogus").values("bad;value").build();

        assertValidationMessage(() -> client().listSecrets(r -> r.maxResults(0).filters(bogus).sortOrder("sideways")
                .sortBy("size")), "5 validation errors detected: "
                + "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1; "
                + "Value 'bogus' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum"
                + " value set: [all, description, name, owning-service, primary-region, tag-key, tag-value]; "
                + "Value '[bad;value]' at 'filters.1.member.values' failed to satisfy constraint: Member must satisfy"
                + " constraint: [Member must have length less than or equal to 512, Member must satisfy regular"
                + " expression pattern: ^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$]; "
                + "Value 'sideways' at 'sortOrder' failed to satisfy constraint:"
                + " Member must satisfy enum value set: [asc, desc]; "
                + "Value 'size' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set:"
                + " [created-date, last-accessed-date, last-changed-date, name]");
        assertValidationMessage(() -> client().listSecrets(r -> r.maxResults(101)),
                "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint:"
                        + " Member must have value less than or equal to 100");
    }

    @Test
    void tagResource_everyBrokenMember_isCounted_aMissingTagListIncluded_andNothingIsTagged() {
        client().createSecret(r -> r.name(NAME).secretString("v").tags(tag("team", "data")));

        assertValidationMessage(() -> client().tagResource(r -> r.secretId(OVERLONG)
                .tags(tag("", "v"), tag("env", "v".repeat(257)))), "3 validation errors detected: "
                + OVERLONG_SECRET_ID + "; "
                + "Value '' at 'tags.1.member.key' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1; "
                + "Value '" + "v".repeat(257) + "' at 'tags.2.member.value' failed to satisfy constraint:"
                + " Member must have length less than or equal to 256");
        assertValidationMessage(() -> client().tagResource(r -> r.secretId(OVERLONG)),
                "2 validation errors detected: " + OVERLONG_SECRET_ID + "; "
                + "Value null at 'tags' failed to satisfy constraint: Member must not be null");
        assertValidationMessage(() -> client().untagResource(r -> r.secretId(OVERLONG)),
                "2 validation errors detected: " + OVERLONG_SECRET_ID + "; "
                + "Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        assertThat(client().describeSecret(r -> r.secretId(NAME)).tags()).containsExactly(tag("team", "data"));
    }

    @Test
    void rotateSecret_brokenTopLevelMembers_areCountedBeforeTheRotationRules() {
        client().createSecret(r -> r.name(NAME).secretString("v"));
        String overlongArn = LAMBDA_ARN + "x".repeat(2049 - LAMBDA_ARN.length());

        assertValidationMessage(() -> client().rotateSecret(r -> r.secretId(OVERLONG).clientRequestToken("t1")
                .rotationLambdaARN(overlongArn).rotationRules(rules -> rules.automaticallyAfterDays(0L))),
                "4 validation errors detected: " + OVERLONG_SECRET_ID + "; " + SHORT_TOKEN + "; "
                + "Value '" + overlongArn + "' at 'rotationLambdaARN' failed to satisfy constraint:"
                + " Member must have length less than or equal to 2048; "
                + "Value '0' at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint:"
                + " Member must have value greater than or equal to 1");
        assertThat(client().describeSecret(r -> r.secretId(NAME)).rotationEnabled()).isNull();
    }

    @Test
    void updateSecretVersionStage_everyBrokenMember_isCountedInModelOrder() {
        assertValidationMessage(() -> client().updateSecretVersionStage(r -> r.secretId("").versionStage("")
                .removeFromVersionId("v1").moveToVersionId("v2")), "4 validation errors detected: "
                + EMPTY_SECRET_ID + "; "
                + "Value '' at 'versionStage' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1; "
                + "Value 'v1' at 'removeFromVersionId' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 32; "
                + "Value 'v2' at 'moveToVersionId' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 32");
    }

    @Test
    void listSecretVersionIds_secretIdIsCountedBeforeMaxResults() {
        assertValidationMessage(() -> client().listSecretVersionIds(r -> r.secretId("").maxResults(0)),
                "2 validation errors detected: " + EMPTY_SECRET_ID + "; "
                + "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }

    @Test
    void deleteSecret_aBrokenSecretId_failsValidation_beforeTheRecoveryWindowIsJudged() {
        assertValidationMessage(() -> client().deleteSecret(r -> r.secretId(OVERLONG).recoveryWindowInDays(3L)),
                "1 validation error detected: " + OVERLONG_SECRET_ID);
    }

    @Test
    void aNameOver512Characters_theKmsKeyIdOver2048_failValidation_beforeTheStoreJudgesTheName() {
        String longName = "n".repeat(513);

        assertValidationMessage(() -> client().createSecret(r -> r.name(longName).kmsKeyId(OVERLONG).secretString("v")),
                "2 validation errors detected: "
                + "Value '" + longName + "' at 'name' failed to satisfy constraint:"
                + " Member must have length less than or equal to 512; "
                + "Value '" + OVERLONG + "' at 'kmsKeyId' failed to satisfy constraint:"
                + " Member must have length less than or equal to 2048");
        client().createSecret(r -> r.name(NAME).secretString("v"));
        assertValidationMessage(() -> client().updateSecret(r -> r.secretId(NAME).kmsKeyId(OVERLONG)),
                "1 validation error detected: Value '" + OVERLONG + "' at 'kmsKeyId' failed to satisfy constraint:"
                + " Member must have length less than or equal to 2048");
        assertThat(client().listSecrets().secretList()).singleElement()
                .satisfies(secret -> assertThat(secret.kmsKeyId()).isNull());
    }

    @Test
    void aNextTokenOutsideOneTo4096Characters_failsValidation_inBothListOperations() {
        client().createSecret(r -> r.name(NAME).secretString("v"));
        String overlong = "t".repeat(4097);

        assertValidationMessage(() -> client().listSecrets(r -> r.nextToken("")),
                "1 validation error detected: Value '' at 'nextToken' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 1");
        assertValidationMessage(() -> client().listSecretVersionIds(r -> r.secretId(NAME).nextToken(overlong)),
                "1 validation error detected: Value '" + overlong + "' at 'nextToken' failed to satisfy constraint:"
                + " Member must have length less than or equal to 4096");
    }

    @Test
    void untagResource_aTagKeyOutsideItsShape_showsTheListWhole_andUntagsNothing() {
        client().createSecret(r -> r.name(NAME).secretString("v").tags(tag("team", "data")));
        String longKey = "k".repeat(129);

        assertValidationMessage(() -> client().untagResource(r -> r.secretId(NAME).tagKeys("team", longKey)),
                "1 validation error detected: Value '[team, " + longKey + "]' at 'tagKeys' failed to satisfy"
                + " constraint: Member must satisfy constraint: [Member must have length less than or equal to 128,"
                + " Member must have length greater than or equal to 1]");
        assertThat(client().describeSecret(r -> r.secretId(NAME)).tags()).containsExactly(tag("team", "data"));
    }

    @Test
    void listSecrets_filterValuesOverTenOrOver512Characters_failValidation_onTheValuesList() {
        Filter tooMany = Filter.builder().key("name").values(Collections.nCopies(11, "a")).build();
        String longValue = "v".repeat(513);
        Filter tooLong = Filter.builder().key("name").values("ok", longValue).build();

        assertValidationMessage(() -> client().listSecrets(r -> r.filters(tooMany, tooLong)),
                "2 validation errors detected: "
                + "Value '" + Collections.nCopies(11, "a") + "' at 'filters.1.member.values' failed to satisfy"
                + " constraint: Member must have length less than or equal to 10; "
                + "Value '[ok, " + longValue + "]' at 'filters.2.member.values' failed to satisfy constraint:"
                + " Member must satisfy constraint: [Member must have length less than or equal to 512, Member must"
                + " satisfy regular expression pattern: ^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$]");
    }
}
