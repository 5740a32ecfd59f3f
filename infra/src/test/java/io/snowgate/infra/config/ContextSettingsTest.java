package io.snowgate.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.logs.RetentionDays;

class ContextSettingsTest {

    private static InfraSettings read(Map<String, Object> context) {
        return ContextSettings.read(new HashMap<>(context)::get);
    }

    private static void assertRejected(Map<String, Object> context, String key, String problem) {
        assertThatThrownBy(() -> read(context))
                .isInstanceOf(ContextException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((ContextException) e).contextKey()).isEqualTo(key));
    }

    @Test
    void emptyContext_givesTheDocumentedDefaults() {
        assertThat(read(Map.of())).isEqualTo(InfraSettings.defaults());
    }

    @Test
    void values_areAcceptedAsJsonNumbersAndBooleans_orAsCommandLineStrings() {
        InfraSettings fromJson = read(Map.of("memorySize", 2048, "timeoutSeconds", 120, "logRetentionDays", 90,
                "reservedConcurrency", 8, "api", false, "apiThrottleRate", 3));
        InfraSettings fromCommandLine = read(Map.of("memorySize", "2048", "timeoutSeconds", "120",
                "logRetentionDays", "90", "reservedConcurrency", "8", "api", "false", "apiThrottleRate", "3"));
        assertThat(fromJson).isEqualTo(fromCommandLine);
        assertThat(fromJson.memorySizeMb()).isEqualTo(2048);
        assertThat(fromJson.timeoutSeconds()).isEqualTo(120);
        assertThat(fromJson.logRetention()).isEqualTo(RetentionDays.THREE_MONTHS);
        assertThat(fromJson.reservedConcurrency()).isEqualTo(OptionalInt.of(8));
        assertThat(fromJson.api()).isEqualTo(new ApiSettings(false, 3, 20, 29));
    }

    @Test
    void importModes_readArnsNamesAndTheCustomerKey() {
        InfraSettings settings = read(Map.of(
                "secretMode", "import",
                "secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/prod-AbCdEf",
                "passphraseSecretMode", "import", "passphraseSecretName", "snowgate/prod-passphrase",
                "kmsKeyMode", "import",
                "kmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "alarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:ops-alarms",
                "account", "123456789012", "region", "eu-west-1", "catalog", "config/prod-catalog.yaml"));
        assertThat(settings.secret()).isEqualTo(new SecretSource.ImportByArn(
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/prod-AbCdEf"));
        assertThat(settings.passphraseSecret())
                .contains(new SecretSource.ImportByName("snowgate/prod-passphrase"));
        assertThat(settings.key()).isEqualTo(new KeySource.Import(
                "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertThat(settings.alarmTopicArn()).contains("arn:aws:sns:eu-west-1:123456789012:ops-alarms");
        assertThat(settings.account()).contains("123456789012");
        assertThat(settings.region()).contains("eu-west-1");
        assertThat(settings.catalogFile()).isEqualTo(Path.of("config/prod-catalog.yaml"));
    }

    @Test
    void createModes_nameTheSecretsAndCreateTheKey() {
        InfraSettings settings = read(Map.of("secretName", "team/snowflake", "passphraseSecretMode", "create",
                "kmsKeyMode", "create", "reservedConcurrency", "none"));
        assertThat(settings.secret()).isEqualTo(new SecretSource.Create("team/snowflake"));
        assertThat(settings.passphraseSecret()).isEqualTo(Optional.of(
                new SecretSource.Create(InfraSettings.DEFAULT_PASSPHRASE_SECRET_NAME)));
        assertThat(settings.key()).isEqualTo(new KeySource.Create());
        assertThat(settings.reservedConcurrency()).isEmpty();
    }

    @Test
    void numbersOutOfRangeOrNotNumbers_areRejectedNamingTheKey() {
        assertRejected(Map.of("memorySize", "lots"), "memorySize", "whole number");
        assertRejected(Map.of("memorySize", 64), "memorySize", "between 128 and 10240");
        assertRejected(Map.of("timeoutSeconds", 901), "timeoutSeconds", "between 1 and 900");
        assertRejected(Map.of("apiTimeoutSeconds", 31), "apiTimeoutSeconds", "between 1 and 30");
        assertRejected(Map.of("reservedConcurrency", 0), "reservedConcurrency", "between 1 and 1000");
        assertRejected(Map.of("logRetentionDays", 8), "logRetentionDays", "retention period");
        assertRejected(Map.of("secretTtlSeconds", -1), "secretTtlSeconds", "between 0 and 86400");
    }

    @Test
    void malformedNamesAndArns_areRejectedNamingTheKey() {
        assertRejected(Map.of("account", "12345"), "account", "12-digit");
        assertRejected(Map.of("region", "Europe"), "region", "region name");
        assertRejected(Map.of("stackName", "1st"), "stackName", "start with a letter");
        assertRejected(Map.of("secretMode", "import", "secretArn", "arn:aws:s3:::bucket"), "secretArn",
                "Secrets Manager secret ARN");
        assertRejected(Map.of("kmsKeyMode", "import", "kmsKeyArn", "alias/snowgate"), "kmsKeyArn",
                "KMS key ARN");
        assertRejected(Map.of("alarmTopicArn", "ops-alarms"), "alarmTopicArn", "SNS topic ARN");
        assertRejected(Map.of("api", "maybe"), "api", "true or false");
        assertRejected(Map.of("catalog", " "), "catalog", "empty");
    }

    @Test
    void inconsistentModes_areRejectedNamingTheKey() {
        assertRejected(Map.of("secretMode", "fetch"), "secretMode", "one of create, import");
        assertRejected(Map.of("secretMode", "import"), "secretMode", "exactly one of 'secretArn' or 'secretName'");
        assertRejected(Map.of("secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf"),
                "secretArn", "only used with secretMode=import");
        assertRejected(Map.of("passphraseSecretName", "x"), "passphraseSecretMode", "is 'none'");
        assertRejected(Map.of("kmsKeyMode", "import"), "kmsKeyArn", "required");
        assertRejected(Map.of("kmsKeyMode", "create", "secretMode", "import", "secretName", "existing"),
                "kmsKeyMode", "only encrypts secrets this stack creates");
    }

    @Test
    void rotation_isOffByDefault_andReadsTheFunctionSettings() {
        assertThat(read(Map.of()).rotation()).isEqualTo(new RotationMode.None());
        assertThat(read(Map.of("rotation", "function")).rotation())
                .isEqualTo(new RotationMode.Function(30, false, Optional.empty()));
        String admin = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/admin-AbCdEf";
        assertThat(read(Map.of("rotation", "function", "rotationScheduleDays", "7", "rotationRevokePrevious", true,
                "rotationAdminSecretArn", admin)).rotation())
                .isEqualTo(new RotationMode.Function(7, true, Optional.of(admin)));
        assertThat(read(Map.of("rotation", "managed", "secretMode", "import",
                "secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/managed-AbCdEf"))
                .rotation()).isEqualTo(new RotationMode.Managed());
    }

    @Test
    void rotationSettings_thatCannotApply_areRejectedNamingTheKey() {
        assertRejected(Map.of("rotation", "sometimes"), "rotation", "function");
        assertRejected(Map.of("rotation", "managed"), "rotation", "secretMode=import");
        assertRejected(Map.of("rotationScheduleDays", 7), "rotationScheduleDays", "rotation=function");
        assertRejected(Map.of("rotation", "function", "rotationScheduleDays", 0), "rotationScheduleDays", "1");
        assertRejected(Map.of("rotation", "function", "rotationAdminSecretArn", "snowgate/admin"),
                "rotationAdminSecretArn", "must be a Secrets Manager secret ARN");
    }
}
